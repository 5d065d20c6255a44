import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Digest, FunnelStep } from './types.ts';

const require = createRequire(import.meta.url);

/** Fonts ship with the project (npm `dejavu-fonts-ttf`): never fetched at run time, never from the system. */
export const CHART_FONT_FILES: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];
const FONT = 'DejaVu Sans';

const STEPS: readonly FunnelStep[] = ['leads', 'valid', 'mql', 'sql', 'customers'];
const TREND_STEPS = ['leads', 'mql', 'sql', 'customers'] as const;

interface NumberLocale {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
}
const NUMBER_LOCALES: Record<Locale, NumberLocale> = {
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''] },
  fr: { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', ''] },
};

export interface ChartOptions {
  /** Pixel density: 2 renders a crisp image for Slack's retina previews. */
  scale?: number;
}

export interface DigestChart {
  png: Buffer;
  width: number;
  height: number;
}

/** The vega-lite spec of the digest chart: the week's funnel above an 8-week trend per stage. */
export function digestChartSpec(digest: Digest, locale: Locale): TopLevelSpec {
  const current = digest.trend[digest.trend.length - 1];
  // A step reached through a flagged drop is drawn in red.
  const dropped = new Set(digest.stages.filter((stage) => stage.flagged).map((stage) => stage.to));
  const funnel = STEPS.map((step) => ({
    step: t(locale, `digest.step.${step}`),
    count: current?.[step] ?? 0,
    flagged: dropped.has(step),
  }));
  const weekLabels = digest.trend.map((point) =>
    t(locale, 'digest.chart.weekShort', { week: `${point.week}`.padStart(2, '0') }),
  );
  const trendSteps = TREND_STEPS.map((step) => t(locale, `digest.step.${step}`));
  const trend = digest.trend.flatMap((point, index) =>
    TREND_STEPS.map((step, order) => ({
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
      locale: { number: NUMBER_LOCALES[locale] },
      axis: { labelFontSize: 12, labelColor: '#333', gridColor: '#e6e6e6' },
      view: { stroke: null },
    },
  } satisfies TopLevelSpec;
}

/** The digest chart as SVG: vega-lite compiled to vega, rendered headless (no canvas). */
export async function renderDigestSvg(digest: Digest, locale: Locale): Promise<string> {
  const vegaSpec = compile(digestChartSpec(digest, locale)).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The digest chart as a PNG, rendered by resvg with the bundled DejaVu fonts. */
export async function renderDigestChart(
  digest: Digest,
  locale: Locale,
  options: ChartOptions = {},
): Promise<DigestChart> {
  const svg = await renderDigestSvg(digest, locale);
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    font: { fontFiles: [...CHART_FONT_FILES], loadSystemFonts: false, defaultFontFamily: FONT },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
