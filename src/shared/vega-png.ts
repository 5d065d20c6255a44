import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import type { Locale } from '../i18n/locale.ts';

/**
 * Charts as PNG: a vega-lite spec compiled to vega, rendered headless to SVG, then to PNG by
 * resvg with fonts that ship with the project. The digest's chart and the /kpi answer chart
 * both come through here. The stack (vega, vega-lite, resvg: several MB of code) is loaded on
 * the first chart, never at start-up.
 */

const require = createRequire(import.meta.url);

/** Fonts ship with the project (npm `dejavu-fonts-ttf`): never fetched at run time, never from the system. */
const CHART_FONT_FILES: readonly string[] = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];
export const CHART_FONT = 'DejaVu Sans';

/** d3-format number locales for the axes (vega-lite `config.locale.number`). */
export const CHART_NUMBER_LOCALES: Record<
  Locale,
  { decimal: string; thousands: string; grouping: number[]; currency: [string, string] }
> = {
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''] },
  fr: { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', ''] },
};

export interface PngImage {
  png: Buffer;
  width: number;
  height: number;
}

export interface PngOptions {
  /** Pixel density: 2 renders a crisp image for Slack's retina previews. */
  scale?: number;
}

/** The spec as SVG: vega-lite compiled to vega, rendered headless (no canvas). */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const [{ compile }, { parse, View }] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The spec as a PNG, rendered by resvg with the bundled DejaVu fonts. */
export async function vegaLiteToPng(spec: TopLevelSpec, options: PngOptions = {}): Promise<PngImage> {
  const [svg, { Resvg }] = await Promise.all([vegaLiteToSvg(spec), import('@resvg/resvg-js')]);
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    font: { fontFiles: [...CHART_FONT_FILES], loadSystemFonts: false, defaultFontFamily: CHART_FONT },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
