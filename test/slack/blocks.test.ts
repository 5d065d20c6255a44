import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/kpi/catalogue.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import type { QueryResult } from '../../src/kpi/result.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { MessageSchema, ViewSchema } from '../../src/shared/slack-message.ts';
import { renderError } from '../../src/slack/blocks/error.ts';
import { renderHelp, renderMetricHelp } from '../../src/slack/blocks/help.ts';
import { renderHome } from '../../src/slack/blocks/home.ts';
import { renderIngestReport } from '../../src/slack/blocks/ingest-report.ts';
import { renderKpiReply } from '../../src/slack/blocks/kpi-reply.ts';
import { renderQueryModal } from '../../src/slack/blocks/modal.ts';
import { renderSources } from '../../src/slack/blocks/sources.ts';
import { createRenderContext, metricInfo } from '../../src/slack/render-context.ts';
import { campaignData } from '../support/slack-data.ts';

const NOW = new Date('2026-11-02T09:00:00Z');
const HOSTILE = [
  '<!channel>',
  '<@U123>',
  '*x* <https://evil.example|click>',
  '<!here|here>',
  '```',
  '&lt;',
  'a_b~c`d',
];

function answer(campaigns: readonly string[], query: Partial<Query> = {}): QueryResult {
  const { leads, costs } = campaignData(campaigns);
  const snapshot = buildSnapshot(leads, costs, {
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    dataVersion: '1',
  });
  const result = runQuery(
    snapshot,
    {
      metrics: ['cpl', 'leads', 'roi'],
      filters: [],
      by: { kind: 'dimension', dimension: 'campaign' },
      period: { kind: 'month', year: 2026, month: 10 },
      compare: 'previous',
      view: 'flow',
      ...query,
    },
    { now: NOW, targets: DEFAULT_TARGETS },
  );
  if (!result.ok) throw result.error;
  return result.value;
}

/** Every piece of mrkdwn a message carries (where Slack would parse mentions and links). */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  const record = value as Record<string, unknown>;
  if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
  for (const item of Object.values(record)) out.push(...mrkdwnTexts(item));
  return out;
}

const ctx = (locale: 'en' | 'fr' = 'en') => createRenderContext(locale, Date.parse('2026-11-01T06:00:00Z'));

describe('kpi reply', () => {
  it('shows numbers with deltas, a table, the context line and the buttons, in French', () => {
    const message = renderKpiReply(answer(['Spring Sale', 'Brand']), ctx('fr'), 'cpl by=campaign');
    MessageSchema.parse(message);
    const all = JSON.stringify(message);
    expect(all).toContain('Spring Sale');
    expect(all).toContain('€');
    expect(all).toContain('Période');
    expect(all).toContain('kpi_share');
    // The notification and screen-reader fallback: the question, its period and the totals.
    expect(message.text).toBe(
      'CPL, Leads et ROI par campagne · octobre 2026 vs septembre 2026: CPL 25,13\u00a0€, Leads 8, ROI 895\u00a0%',
    );
  });

  it('escapes campaign names so nobody is pinged and no link is made', () => {
    const message = renderKpiReply(answer(HOSTILE), ctx(), 'cpl by=campaign');
    for (const text of mrkdwnTexts(message.blocks)) {
      expect(text).not.toMatch(/<[!@#]/);
      expect(text).not.toContain('<https://');
    }
    expect(message.text).not.toMatch(/<[!@]/);
    expect(JSON.stringify(message)).toContain('&lt;!channel&gt;');
  });

  it('cuts long breakdowns to the top rows plus "more" and offers the CSV and the chart', () => {
    const names = Array.from({ length: 120 }, (_, i) => `Campaign ${i} ${'x'.repeat(i % 40)}`);
    const message = renderKpiReply(answer(names), ctx(), 'cpl by=campaign');
    MessageSchema.parse(message);
    expect(JSON.stringify(message)).toContain('+110 more campaigns');
    expect(JSON.stringify(message)).toContain('kpi_csv');
    expect(JSON.stringify(message)).toContain('kpi_chart');
  });

  it('holds Slack limits for any names, any number of rows (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(fc.string({ minLength: 1, maxLength: 300 }), fc.constantFrom(...HOSTILE)), {
          minLength: 1,
          maxLength: 80,
        }),
        fc.constantFrom<'en' | 'fr'>('en', 'fr'),
        (names, locale) => {
          const clean = names.filter((n) => n.trim() !== '');
          if (clean.length === 0) return;
          const message = renderKpiReply(answer(clean), ctx(locale), `cpl by=campaign ${clean[0]}`);
          MessageSchema.parse(message);
          for (const text of mrkdwnTexts(message.blocks)) expect(text).not.toMatch(/<[!@#]/);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('other renderers', () => {
  const metrics = CATALOGUE.map((m) => metricInfo(m.id, 'en'));

  it('help, metric help, errors with did-you-mean', () => {
    MessageSchema.parse(renderHelp('fr', metrics));
    MessageSchema.parse(renderMetricHelp('en', metricInfo('cpl', 'en')));
    const error = renderError('en', 'Unknown metric', ['<!channel>', 'cpl']);
    MessageSchema.parse(error);
    expect(JSON.stringify(error)).not.toContain('<!channel>');
  });

  it('sources, ingest report, home and modal hold the limits with hostile names', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 400 }), { maxLength: 200 }), (names) => {
        const sources = names.map((name, i) => ({
          name: name || 'x',
          rows: i,
          rejected: 1,
          updatedAt: i % 2 ? null : 0,
          stale: i % 3 === 0,
        }));
        const s = renderSources('en', sources);
        MessageSchema.parse(s);
        for (const text of mrkdwnTexts(s.blocks)) expect(text).not.toMatch(/<[!@#]/);
        const imported = renderIngestReport('fr', {
          id: names[1] ?? 'abc',
          added: 1,
          updated: 2,
          name: names[0] ?? 'f.csv',
          preset: 'hubspot',
          accepted: 3,
          rejected: names.length,
          rejections: names.map((reason, row) => ({
            row,
            field: 'email',
            key: 'common.internal' as const,
            params: { value: reason },
          })),
          warnings: names.map((other) => ({
            key: 'ingest.warn.levelCovered' as const,
            params: { other, otherLevel: 'campaign', level: 'ad_group', platform: 'google', days: 2 },
          })),
          span: { from: '2026-01-27', to: '2026-02-23', how: 'file' },
          // The total row's label is the file's own text.
          totalCheck: { label: names[2] ?? 'Total', stated: 160, rows: 150 },
          currency: 'EUR',
        });
        MessageSchema.parse(imported);
        for (const text of mrkdwnTexts(imported.blocks)) expect(text).not.toMatch(/<[!@#]/);
        ViewSchema.parse(renderHome({ week: null, sources, digests: names, alerts: names }, ctx()));
      }),
      { numRuns: 30 },
    );
    ViewSchema.parse(
      renderHome(
        {
          week: answer(['A'], { by: null, metrics: ['leads', 'cpl', 'roi'] }),
          sources: [],
          digests: [],
          alerts: [],
        },
        ctx('fr'),
      ),
    );
    ViewSchema.parse(renderQueryModal('fr', metrics, 'C0001'));
  });
});

describe('the import reply', () => {
  it('says what the whole file needs to be known for, beside the rejected rows', () => {
    const message = renderIngestReport('en', {
      id: null,
      added: null,
      updated: null,
      name: 'Ad group report.csv',
      preset: 'Google Ads ad group report',
      accepted: 0,
      rejected: 8,
      rejections: [],
      warnings: [
        {
          key: 'ingest.warn.levelCovered',
          params: {
            other: 'Campaign report.csv',
            otherLevel: 'campaign',
            level: 'ad_group',
            platform: 'google',
            days: 4,
          },
        },
      ],
    });
    MessageSchema.parse(message);
    expect(mrkdwnTexts(message.blocks).join('\n')).toContain(
      ':warning: 4 campaign-days of google spend are already counted at level campaign from Campaign report.csv',
    );
  });
});
