import type { TopLevelSpec } from 'vega-lite';
import type { Locale } from '../i18n/locale.ts';
import { metricDef } from '../kpi/catalogue.ts';
import { formatCompact } from '../kpi/format.ts';
import { layoutAnswer } from '../kpi/layout.ts';
import type { MetricId } from '../kpi/query.ts';
import type { QueryResult } from '../kpi/result.ts';
import { datesInWords, questionInWords } from '../kpi/words.ts';
import { truncate } from '../shared/escape.ts';
import { CHART_FONT, CHART_NUMBER_LOCALES, type PngImage, vegaLiteToPng } from '../shared/vega-png.ts';

/** Groups drawn at most (the CSV has every row). */
export const CHART_ROWS = 20;
/** Metrics drawn side by side at most. */
const CHART_METRICS = 3;
const LABEL_CHARS = 36;
/** d3-format of the value axis by unit: 12k € or 1.2M leads, but 1,250 (%) and 3.4 (ratio). */
const AXIS_FORMAT = { money: '~s', count: '~s', percent: ',.0f', ratio: ',.1f', days: ',.0f' } as const;
const COLORS = { worst: '#d62728', best: '#2ca02c', other: '#4c78a8' } as const;

interface Bar {
  group: string;
  value: number | null;
  text: string;
  color: string;
}

/** The bars of one metric, in the answer's order; the worst group in red, the best in green. */
function bars(result: QueryResult, id: MetricId, locale: Locale): Bar[] {
  const shown = layoutAnswer(result, CHART_ROWS).rows;
  // Worst and best among every group, not only those drawn: a green bar is the real best.
  const all = result.rows.map((row) => row.values[id]?.value ?? null).filter((v): v is number => v !== null);
  const max = Math.max(...all);
  const min = Math.min(...all);
  const good = metricDef(id).good;
  const judged = all.length >= 2 && max !== min && good !== 'neutral';
  const worst = good === 'down' ? max : min;
  const best = good === 'down' ? min : max;
  return shown.map((row) => {
    const value = row.values[id]?.value ?? null;
    const color =
      !judged || value === null
        ? COLORS.other
        : value === worst
          ? COLORS.worst
          : value === best
            ? COLORS.best
            : COLORS.other;
    return {
      group: truncate(row.label, LABEL_CHARS),
      value,
      text: formatCompact(id, row.values[id], locale, result.currency),
      color,
    };
  });
}

/**
 * The answer as bars by group, one panel per metric (three at most), in the answer's order:
 * horizontal bars for a dimension, vertical ones in time order for a time breakdown. Value
 * labels use the answer's own number formatting; n/a draws no bar and says "n/a".
 */
export function answerChartSpec(result: QueryResult, locale: Locale): TopLevelSpec {
  const metrics = result.query.metrics.slice(0, CHART_METRICS);
  const time = result.query.by?.kind === 'time';
  const panels = metrics.map((id, index) => {
    const values = bars(result, id, locale);
    const order = values.map((bar) => bar.group);
    const group = {
      field: 'group',
      type: 'nominal' as const,
      sort: order,
      title: null,
      axis:
        index === 0 || time
          ? { labelLimit: 260, labelFontSize: 12, ...(time && values.length <= 8 ? { labelAngle: 0 } : {}) }
          : null,
    };
    const value = {
      field: 'value',
      type: 'quantitative' as const,
      title: null,
      axis: { format: AXIS_FORMAT[metricDef(id).unit], tickCount: 4, grid: true },
      scale: { zero: true },
    };
    return {
      width: time ? Math.max(280, 48 * values.length) : 240,
      height: time ? 220 : Math.max(80, 22 * values.length),
      title: { text: metricDef(id).short[locale], fontSize: 14, anchor: 'start' as const },
      data: { values },
      encoding: time ? { x: group, y: value } : { y: group, x: value },
      layer: [
        {
          mark: { type: 'bar' as const, cornerRadiusEnd: 2 },
          encoding: { color: { field: 'color', type: 'nominal' as const, scale: null } },
        },
        {
          mark: time
            ? { type: 'text' as const, dy: -6, fontSize: 11 }
            : { type: 'text' as const, align: 'left' as const, dx: 4, fontSize: 11 },
          encoding: { text: { field: 'text', type: 'nominal' as const } },
        },
      ],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 16,
    title: {
      text: questionInWords(result, locale),
      subtitle: datesInWords(result.period.from, result.period.to, locale),
      fontSize: 16,
      anchor: 'start',
    },
    ...(time ? { vconcat: panels } : { hconcat: panels, spacing: 24 }),
    config: {
      font: CHART_FONT,
      locale: { number: CHART_NUMBER_LOCALES[locale] },
      axis: { labelFontSize: 11, labelColor: '#333', gridColor: '#e6e6e6', titleFontSize: 11 },
      view: { stroke: null },
    },
  } satisfies TopLevelSpec;
}

/** The answer chart as a PNG (the chart stack loads on the first call). */
export function renderAnswerChart(result: QueryResult, locale: Locale): Promise<PngImage> {
  return vegaLiteToPng(answerChartSpec(result, locale));
}
