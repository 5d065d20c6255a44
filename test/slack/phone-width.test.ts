import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { SlackMessage } from '../../src/shared/slack-message.ts';
import { renderKpiReply } from '../../src/slack/blocks/kpi-reply.ts';
import {
  PHONE_CODE_FONT_SIZE,
  PHONE_CODE_POINTS,
  PHONE_CODE_WIDTH,
  shownWidth,
} from '../../src/slack/blocks/width.ts';
import { createRenderContext } from '../../src/slack/render-context.ts';
import { campaignData } from '../support/slack-data.ts';

const MONO = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf');
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const shown = (line: string) => line.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * How wide a line is drawn in DejaVu Sans Mono (the metrics of iOS's Menlo) at the phone's
 * code size: ink from a █ before the line to a █ after it, minus the two blocks.
 */
function drawnWidth(line: string): number {
  const measure = (text: string) => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="40"><text x="0" y="20" font-family="DejaVu Sans Mono" font-size="${PHONE_CODE_FONT_SIZE}" xml:space="preserve">${xml(text)}</text></svg>`;
    const bbox = new Resvg(svg, { font: { fontFiles: [MONO], loadSystemFonts: false } }).getBBox();
    return bbox?.width ?? 0;
  };
  return measure(`█${line}█`) - measure('██');
}

function codeLines(message: SlackMessage): string[] {
  return message.blocks.flatMap((block) => {
    const text = block.type === 'section' && typeof block.text?.text === 'string' ? block.text.text : '';
    return text
      .split('```')
      .filter((_, i) => i % 2 === 1)
      .flatMap((code) => code.split('\n'))
      .filter((line) => line !== '');
  });
}

describe('phone width', () => {
  const names = Array.from({ length: 40 }, (_, i) =>
    i % 6 === 1 ? `Spring Sale — Retargeting lookalike FR ${i}` : `Campaign ${i}`,
  );
  const { leads, costs } = campaignData(names);
  const snapshot = buildSnapshot(leads, costs, {
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    dataVersion: '1',
  });
  const answer = (query: Partial<Query>, locale: 'en' | 'fr') => {
    const result = runQuery(
      snapshot,
      {
        metrics: ['cpl', 'cac', 'roi'],
        filters: [],
        by: { kind: 'dimension', dimension: 'campaign' },
        period: { kind: 'month', year: 2026, month: 10 },
        compare: null,
        view: 'flow',
        ...query,
      },
      { now: new Date('2026-11-02T09:00:00Z'), targets: DEFAULT_TARGETS },
    );
    if (!result.ok) throw result.error;
    return renderKpiReply(result.value, createRenderContext(locale, null), 'cpl cac roi by=campaign');
  };

  it('the chosen cap fits the phone: 34 characters of DejaVu Sans Mono at 13 px in 270 px', () => {
    const advance = drawnWidth('M'.repeat(100)) / 100;
    // DejaVu Sans Mono (and Menlo, drawn from it) advance 1233/2048 em.
    expect(advance).toBeCloseTo((PHONE_CODE_FONT_SIZE * 1233) / 2048, 1);
    expect(PHONE_CODE_WIDTH * advance).toBeLessThanOrEqual(PHONE_CODE_POINTS);
    expect((PHONE_CODE_WIDTH + 1) * advance).toBeGreaterThan(PHONE_CODE_POINTS - advance);
  });

  it.each([
    ['en', null],
    ['fr', null],
    ['en', 'previous'],
    ['fr', 'previous'],
  ] as const)(
    'draws every code line of the example answer within the phone (%s, vs=%s)',
    (locale, compare) => {
      const lines = codeLines(answer({ compare }, locale));
      expect(lines.length).toBeGreaterThan(12);
      for (const line of lines) {
        expect(shownWidth(line), line).toBeLessThanOrEqual(PHONE_CODE_WIDTH);
        expect(drawnWidth(shown(line)), line).toBeLessThanOrEqual(PHONE_CODE_POINTS);
      }
    },
  );
});
