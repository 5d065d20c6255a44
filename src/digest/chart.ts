import type { TopLevelSpec } from 'vega-lite';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import {
  CHART_FONT,
  CHART_NUMBER_LOCALES,
  type PngImage,
  type PngOptions,
  vegaLiteToPng,
  vegaLiteToSvg,
} from '../shared/vega-png.ts';
import type { Digest, FunnelStep } from './types.ts';

const FONT = CHART_FONT;

const STEPS: readonly FunnelStep[] = ['leads', 'valid', 'mql', 'sql', 'customers'];
const TREND_STEPS = ['leads', 'mql', 'sql', 'customers'] as const;

export type ChartOptions = PngOptions;
export type DigestChart = PngImage;

/** The vega-lite spec of the digest chart: the week's funnel above an 8-week trend per stage. */
function digestChartSpec(digest: Digest, locale: Locale): TopLevelSpec {
  const current = digest.trend[digest.trend.length - 1];
  // A step reached through a flagged drop is drawn in red.
  const dropped = new Set(digest.stages.filter((stage) => stage.flagged).map((stage) => stage.to));
  // A step no loaded source dates (no MQL / SQL dates) is left out, not drawn as 0.
  const absent = new Set(
    digest.headline.filter((item) => item.na && item.na !== 'no_data').map((item) => item.metric as string),
  );
  const steps = STEPS.filter((step) => !absent.has(step));
  const trendStepsShown = TREND_STEPS.filter((step) => !absent.has(step));
  const funnel = steps.map((step) => ({
    step: t(locale, `digest.step.${step}`),
    count: current?.[step] ?? 0,
    flagged: dropped.has(step),
  }));
  const weekLabels = digest.trend.map((point) =>
    t(locale, 'digest.chart.weekShort', { week: `${point.week}`.padStart(2, '0') }),
  );
  const trendSteps = trendStepsShown.map((step) => t(locale, `digest.step.${step}`));
  const trend = digest.trend.flatMap((point, index) =>
    trendStepsShown.map((step, order) => ({
      step: trendSteps[order],
      weekLabel: weekLabels[index],
      count: point[step],
    })),
  );
  const weekLabel = `${digest.week.year}-W${`${digest.week.week}`.padStart(2, '0')}`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 16,
    title: {
      text: t(locale, 'digest.chart.title', { week: weekLabel }),
      subtitle: `${digest.week.from} → ${digest.week.to}`,
      fontSize: 18,
      anchor: 'start',
    },
    vconcat: [
      {
        title: { text: t(locale, 'digest.chart.funnel'), anchor: 'start', fontSize: 14 },
        width: 640,
        height: 170,
        data: { values: funnel },
        encoding: {
          y: { field: 'step', type: 'nominal', sort: funnel.map((row) => row.step), title: null },
          x: { field: 'count', type: 'quantitative', title: null, axis: { format: ',d', tickMinStep: 1 } },
        },
        layer: [
          {
            mark: { type: 'bar', cornerRadiusEnd: 2 },
            encoding: {
              color: {
                condition: { test: 'datum.flagged', value: '#d62728' },
                value: '#4c78a8',
              },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 13, fontWeight: 'bold' },
            encoding: { text: { field: 'count', type: 'quantitative', format: ',d' } },
          },
        ],
      },
      {
        title: { text: t(locale, 'digest.chart.trend'), anchor: 'start', fontSize: 14, offset: 14 },
        data: { values: trend },
        facet: {
          field: 'step',
          type: 'nominal',
          sort: trendSteps,
          title: null,
          header: { labelFontSize: 13, labelFontWeight: 'bold' },
        },
        columns: 4,
        spec: {
          width: 140,
          height: 110,
          mark: { type: 'line', point: { color: '#f58518' }, color: '#f58518' },
          encoding: {
            x: {
              field: 'weekLabel',
              type: 'ordinal',
              sort: weekLabels,
              title: null,
              axis: { labelAngle: -45, labelFontSize: 10 },
            },
            y: {
              field: 'count',
              type: 'quantitative',
              title: null,
              axis: { format: ',d', tickCount: 4, tickMinStep: 1 },
              scale: { zero: true },
            },
          },
        },
        resolve: { scale: { y: 'independent', x: 'shared' } },
      },
    ],
    config: {
      font: FONT,
      locale: { number: CHART_NUMBER_LOCALES[locale] },
      axis: { labelFontSize: 12, labelColor: '#333', gridColor: '#e6e6e6' },
      view: { stroke: null },
    },
  } satisfies TopLevelSpec;
}

/** The digest chart as SVG: vega-lite compiled to vega, rendered headless (no canvas). */
export function renderDigestSvg(digest: Digest, locale: Locale): Promise<string> {
  return vegaLiteToSvg(digestChartSpec(digest, locale));
}

/** The digest chart as a PNG, rendered by resvg with the bundled DejaVu fonts. */
export function renderDigestChart(
  digest: Digest,
  locale: Locale,
  options: ChartOptions = {},
): Promise<DigestChart> {
  return vegaLiteToPng(digestChartSpec(digest, locale), options);
}
