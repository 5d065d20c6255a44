import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import type { QueryResult } from '../../src/kpi/result.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { MessageSchema, type SlackMessage } from '../../src/shared/slack-message.ts';

type Block = SlackMessage['blocks'][number];

import { messageAsText } from '../../src/slack/blocks/as-text.ts';
import { renderKpiReply } from '../../src/slack/blocks/kpi-reply.ts';
import { PHONE_CODE_WIDTH, shownWidth } from '../../src/slack/blocks/width.ts';
import { createRenderContext } from '../../src/slack/render-context.ts';
import { campaignData } from '../support/slack-data.ts';

const NOW = new Date('2026-11-02T09:00:00Z');
const OCTOBER: Query['period'] = { kind: 'month', year: 2026, month: 10 };
const LONG = 'Spring Sale 2026 — Retargeting lookalike 1% FR/BE/CH (Advantage+ placements)';

/**
 * October 2026 (and September, 30 % more expensive) for `campaigns`: each has leads, a
 * customer and spend, its CPL rising with its index. `withoutSpend` campaigns have leads and
 * nothing else: every cost metric is n/a for them.
 */
function data(campaigns: readonly string[], withoutSpend: readonly string[] = []) {
  const october = campaignData(campaigns);
  const september = campaignData(campaigns);
  const leads: Lead[] = [
    ...october.leads,
    ...campaignData(withoutSpend, 2).leads.map((l) => ({ ...l, recordId: `w${l.recordId}` })),
  ];
  const costs: Cost[] = [...october.costs];
  for (const l of september.leads) {
    const shift = 30 * 86_400_000;
    leads.push({
      ...l,
      recordId: `s${l.recordId}`,
      createdAt: l.createdAt - shift,
      customerAt: l.customerAt && l.customerAt - shift,
    });
  }
  for (const c of september.costs) {
    costs.push({
      ...c,
      recordId: `s${c.recordId}`,
      date: c.date.replace('2026-10-', '2026-09-'),
      amount: c.amount * 1.3,
    });
  }
  return buildSnapshot(leads, costs, { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' });
}

function ask(snapshot: ReturnType<typeof data>, query: Partial<Query>): QueryResult {
  const result = runQuery(
    snapshot,
    {
      metrics: ['cpl', 'cac', 'roi'],
      filters: [],
      by: { kind: 'dimension', dimension: 'campaign' },
      period: OCTOBER,
      compare: null,
      view: 'flow',
      ...query,
    },
    { now: NOW, targets: DEFAULT_TARGETS, onlyRequested: true },
  );
  if (!result.ok) throw result.error;
  return result.value;
}

const ctx = (locale: 'en' | 'fr' = 'en') => createRenderContext(locale, Date.parse('2026-11-01T06:00:00Z'));
const render = (result: QueryResult, locale: 'en' | 'fr' = 'en') =>
  renderKpiReply(result, ctx(locale), 'cpl cac roi by=campaign period=2026-10');

const NAMES = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? `${LONG} #${i}` : `Campaign ${i}`));

/** Every line of every code block of a message. */
function codeLines(message: SlackMessage): string[] {
  return message.blocks.flatMap((block) => {
    const text = block.type === 'section' && typeof block.text?.text === 'string' ? block.text.text : '';
    return text
      .split('```')
      .filter((_, i) => i % 2 === 1)
      .flatMap((code) => code.split('\n'));
  });
}

function texts(block: Block): string[] {
  const record: Record<string, unknown> = { ...block };
  const own =
    typeof (record.text as { text?: string } | undefined)?.text === 'string'
      ? [(record.text as { text: string }).text]
      : [];
  const fields = Array.isArray(record.fields) ? record.fields.map((f: { text: string }) => f.text) : [];
  const elements = Array.isArray(record.elements)
    ? record.elements.map((e: { text?: unknown }) => (typeof e.text === 'string' ? e.text : 'button'))
    : [];
  return [...own, ...fields, ...elements];
}

/** What every answer must be: within Slack's limits, no empty block, no code line wider than a phone. */
function checkMessage(message: SlackMessage): void {
  MessageSchema.parse(message);
  for (const block of message.blocks) {
    if (block.type === 'divider') continue;
    const all = texts(block);
    expect(all.length, JSON.stringify(block)).toBeGreaterThan(0);
    for (const text of all) expect(text.trim(), JSON.stringify(block)).not.toBe('');
  }
  for (const line of codeLines(message)) {
    expect(shownWidth(line), line).toBeLessThanOrEqual(PHONE_CODE_WIDTH);
  }
}

describe('the example: /kpi cpl cac roi by=campaign period=2026-10', () => {
  const snapshot = data(NAMES, ['Webinar A', 'Webinar B', 'Salon Lyon']);
  const message = render(ask(snapshot, {}));
  const text = messageAsText(message);

  it('states the question in the header and puts the answer in the first section', () => {
    checkMessage(message);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'CPL, CAC and ROI by campaign · October 2026' },
    });
    const first = message.blocks[1];
    expect(first?.type).toBe('section');
    const headline = texts(first as Block)[0] ?? '';
    // The total, then the worst and the best campaign by CPL (Campaign 39 is the dearest).
    expect(headline).toMatch(/^\*Total\* · CPL \*€\d+\.\d\d\* · CAC \*€[\d,]+\* · ROI \*[\d,]+%\*/);
    expect(headline).toContain('Worst CPL: *Campaign 39* €');
    expect(headline).toContain('best: *Campaign 0* €25.00');
  });

  it('shows the worst CPL first, short labels, the top 10 rows, "+N more" and a Total row', () => {
    const lines = codeLines(message).filter((line) => line.trim() !== '');
    expect(lines[0]).toMatch(/^\s+CPL\s+CAC\s+ROI$/);
    expect(lines[1]).toMatch(/^Campaign 39\s+€/);
    expect(lines.at(-1)).toMatch(/^Total\s+€/);
    expect(text).not.toContain('Customer acqu…');
    expect(text).not.toContain('Return on inv…');
    expect(text).toContain('+30 more campaigns');
    // The full names and formulas are in the context line, never cut.
    expect(text).toContain('CAC: Customer acquisition cost = (media + sales + tooling cost) / customers');
  });

  it('folds the campaigns without spend into one line', () => {
    expect(text).toContain('3 campaigns without spend: n/a');
    expect(text).not.toContain('Webinar');
  });

  it('gives a long name its own line instead of cutting it into the numbers', () => {
    const long = codeLines(message).find((line) => line.startsWith('Spring Sale 2026'));
    expect(long).toBeDefined();
    expect(long).toMatch(/…$/);
    expect(long).not.toMatch(/€/);
  });

  it('offers the CSV and the chart', () => {
    const actions = message.blocks.at(-1) as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['kpi_share', 'kpi_csv', 'kpi_chart']);
  });
});

describe('kpi reply shapes', () => {
  const snapshot = data(NAMES, ['Webinar A']);

  it('compares with arrows and colours, the way the digest does, in French', () => {
    const message = render(ask(snapshot, { compare: 'previous' }), 'fr');
    checkMessage(message);
    const text = messageAsText(message);
    expect(text).toContain('# CPL, CAC et ROI par campagne · octobre 2026 vs septembre 2026');
    // September cost 30 % more for the same leads: CPL −23 % per campaign, a good move.
    expect(text).toMatch(/CPL \*[\d,]+\s€\* ▼ −2\d\s% 🟢/);
    expect(codeLines(message).some((line) => /▼−23\s%/.test(line))).toBe(true);
    expect(text).toContain('1 campagne sans dépenses : n/d');
    expect(text).toContain('Période : 1–31 oct. 2026 vs 1–30 sept. 2026');
  });

  it('moves metrics that do not fit a phone to a second table, then to the CSV', () => {
    const result = ask(snapshot, {
      metrics: ['cpl', 'cac', 'roi', 'spend', 'revenue', 'profit', 'leads', 'customers'],
      compare: 'previous',
    });
    const message = render(result);
    checkMessage(message);
    const tables = message.blocks.filter((b) => b.type === 'section' && texts(b)[0]?.startsWith('```'));
    expect(tables).toHaveLength(2);
    expect(messageAsText(message)).toMatch(/: in the CSV \(a table that fits a phone holds fewer columns\)/);
  });

  it('answers one metric with short lines, not a table', () => {
    const message = render(ask(snapshot, { metrics: ['cpl'] }));
    checkMessage(message);
    expect(codeLines(message)).toEqual([]);
    expect(messageAsText(message)).toContain('1. *Campaign 39*  €34.75');
  });

  it('answers a few groups with one sentence each', () => {
    const message = render(
      ask(snapshot, { filters: [{ dimension: 'campaign', values: ['Campaign 1', 'Campaign 2'] }] }),
    );
    checkMessage(message);
    expect(codeLines(message)).toEqual([]);
    expect(messageAsText(message)).toMatch(/^\*Campaign 2\*: CPL €25\.50 · CAC €102 · ROI [\d,]+%$/m);
    // A few rows need no chart.
    expect(JSON.stringify(message)).not.toContain('kpi_chart');
  });

  it('answers a total with fields, one per metric', () => {
    const message = render(ask(snapshot, { by: null, compare: 'previous' }));
    checkMessage(message);
    const fields = message.blocks[1] as { fields: { text: string }[] };
    expect(fields.fields.map((f) => f.text.split('\n')[0])).toEqual(['*CPL*', '*CAC*', '*ROI*']);
  });

  it('answers one total in one sentence with the previous value', () => {
    const message = render(ask(snapshot, { metrics: ['cpl'], by: null, compare: 'previous' }));
    checkMessage(message);
    expect(messageAsText(message)).toMatch(/^CPL \*€29\.51\* ▼ −24% 🟢 {2}vs €38\.84$/m);
  });

  it('says n/a with a footnote, and the reason once, when every group is n/a', () => {
    const snapshotNa = data([], ['Webinar A', 'Webinar B', 'Webinar C', 'Webinar D', 'Webinar E']);
    const message = render(ask(snapshotNa, { metrics: ['cpl', 'cac', 'roi', 'leads'] }));
    checkMessage(message);
    const text = messageAsText(message);
    expect(text.match(/¹ n\/a: no media spend in the period/g)).toHaveLength(1);
    expect(text).toMatch(/CPL \*n\/a¹\*/);
    const all = render(ask(snapshotNa, {}));
    checkMessage(all);
    expect(messageAsText(all)).toContain('No campaign with data in this period.');
    expect(messageAsText(all)).toContain('5 campaigns without spend: n/a');
  });

  it('keeps time buckets in time order', () => {
    const message = render(ask(snapshot, { metrics: ['cpl'], by: { kind: 'time', grain: 'week' } }));
    checkMessage(message);
    // A trend's weeks are highest and lowest, not worst and best.
    expect(messageAsText(message)).toMatch(/^Highest CPL: \*2026-W\d\d\* €[\d.]+ · lowest: \*2026-W\d\d\*/m);
    const weeks = messageAsText(message).match(/^\*2026-W\d\d\*/gm) ?? [];
    expect(weeks).toEqual(['*2026-W40*', '*2026-W41*', '*2026-W42*', '*2026-W43*', '*2026-W44*']);
  });

  it('keeps the latest days of a long trend and says how many earlier ones the CSV has', () => {
    const message = render(ask(snapshot, { metrics: ['leads', 'cpl'], by: { kind: 'time', grain: 'day' } }));
    checkMessage(message);
    const days = codeLines(message).filter((line) => /^2026-10-\d\d/.test(line));
    expect(days).toHaveLength(16);
    expect(days.at(-1)).toMatch(/^2026-10-31/);
    expect(messageAsText(message)).toContain('+15 earlier days: the CSV has them all');
  });

  it('follows sort=', () => {
    const message = render(ask(snapshot, { sort: { by: 'roi', direction: 'asc' } }));
    const first = codeLines(message).filter((line) => line.trim() !== '')[1] ?? '';
    // The lowest ROI is the dearest campaign.
    expect(first).toMatch(/^Campaign 39/);
  });
});

describe('any names, any size (property)', () => {
  const HOSTILE = [
    '<!channel>',
    '<@U123>',
    '*x* <https://evil.example|click>',
    '```',
    '&lt;',
    'a_b~c`d',
    '表計算キャンペーン',
    '🚀 Launch',
  ];

  it('holds Slack limits and the phone width, escapes every name, never an empty block', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(fc.string({ minLength: 1, maxLength: 120 }), fc.constantFrom(...HOSTILE)), {
          minLength: 1,
          maxLength: 45,
        }),
        fc.constantFrom<'en' | 'fr'>('en', 'fr'),
        fc.constantFrom<Query['compare']>(null, 'previous'),
        fc.integer({ min: 1, max: 6 }),
        (names, locale, compare, count) => {
          const clean = names.filter((n) => n.trim() !== '');
          if (clean.length === 0) return;
          const metrics = (['cpl', 'cac', 'roi', 'leads', 'spend', 'customers'] as const).slice(0, count);
          const message = renderKpiReply(
            ask(
              data(
                clean,
                clean.slice(0, 2).map((n) => `${n} (webinar)`),
              ),
              { metrics: [...metrics], compare },
            ),
            ctx(locale),
            'cpl by=campaign',
          );
          checkMessage(message);
          for (const block of message.blocks) {
            for (const t of texts(block)) expect(t).not.toMatch(/<[!@#]|<https?:/);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
