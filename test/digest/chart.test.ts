import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderDigestChart, renderDigestSvg } from '../../src/digest/chart.ts';
import { digestFixture } from './fixture.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('renderDigestChart', () => {
  it('renders a PNG of a readable size with real content', async () => {
    const chart = await renderDigestChart(digestFixture(), 'fr');
    expect([...chart.png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(chart.width).toBeGreaterThanOrEqual(1200);
    expect(chart.height).toBeGreaterThanOrEqual(600);
    // PNG IHDR: width and height as big-endian integers at bytes 16 and 20.
    expect(chart.png.readUInt32BE(16)).toBe(chart.width);
    expect(chart.png.readUInt32BE(20)).toBe(chart.height);

    // Decode by rendering the PNG back through resvg (an <image> in an SVG) and count colours.
    const wrapper = `<svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}"><image width="${chart.width}" height="${chart.height}" href="data:image/png;base64,${chart.png.toString('base64')}"/></svg>`;
    const pixels = new Resvg(wrapper).render().pixels;
    const colours = new Set<number>();
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const r = pixels[i] ?? 0;
      const g = pixels[i + 1] ?? 0;
      const b = pixels[i + 2] ?? 0;
      colours.add((r << 16) | (g << 8) | b);
      if (r + g + b < 200) dark++;
    }
    expect(colours.size).toBeGreaterThan(50);
    // Text and bars: a fair share of the image is not background.
    expect(dark / (pixels.length / 4)).toBeGreaterThan(0.005);
  });

  it('labels the chart in the reader’s language with the bundled font', async () => {
    const fr = await renderDigestSvg(digestFixture(), 'fr');
    const en = await renderDigestSvg(digestFixture(), 'en');
    expect(fr).toContain('Entonnoir de la semaine');
    expect(fr).toContain('S46');
    expect(en).toContain('Funnel this week');
    expect(en).toContain('DejaVu Sans');
  });
});
