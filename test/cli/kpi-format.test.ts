import { describe, expect, it } from 'vitest';
import { renderGrid } from '../../src/cli/format/grid.ts';
import { resultToJson } from '../../src/cli/format/json.ts';
import { renderResultTable } from '../../src/cli/format/table.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { blankCost, blankLead } from '../support/rows.ts';

const lead = (id: string, campaign: string, createdAt: string, extra: Partial<Lead> = {}): Lead =>
  blankLead({
    recordId: id,
    createdAt: Date.parse(createdAt),
    channel: 'paid_social',
    source: 'facebook',
    campaign,
    email: `${id}@acme.fr`,
    ...extra,
  });

const cost = (id: string, campaign: string, date: string, amount: number): Cost =>
  blankCost({ recordId: id, date, amount, channel: 'paid_social', source: 'facebook', campaign });

// Seed 001: 10 000 € for 200 leads is a 50 € CPL; here 200 € for 4 leads, and a campaign without spend.
const snapshot = buildSnapshot(
  [
    ...[1, 2, 3, 4].map((n) => lead(`a${n}`, 'Spring Sale', `2026-10-0${n}T10:00:00Z`)),
    lead('b1', '<!channel> *x*', '2026-10-05T10:00:00Z'),
  ],
  [
    cost('c1', 'Spring Sale', '2026-10-02', 120),
    cost('c2', 'Spring Sale', '2026-09-02', 100),
    cost('c3', 'Spring Sale', '2026-10-03', 80),
  ],
  { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' },
);

const answer = (query: Partial<Query>) => {
  const result = runQuery(
    snapshot,
    {
      metrics: ['cpl'],
      filters: [],
      by: null,
      period: { kind: 'month', year: 2026, month: 10 },
      compare: null,
      view: 'flow',
      ...query,
    },
    { now: new Date('2026-11-23T10:00:00Z'), targets: DEFAULT_TARGETS },
  );
  if (!result.ok) throw result.error;
  return result.value;
};

describe('grid', () => {
  it('aligns columns and clips long or control-laden cells', () => {
    const text = renderGrid(
      [
        { header: 'name', align: 'left' },
        { header: 'n', align: 'right' },
      ],
      [
        ['a\nb', '1'],
        ['x'.repeat(60), '100'],
      ],
    );
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^a b\s+1$/);
    expect(lines[3]).toContain('…');
    expect(new Set(lines.map((line) => line.length)).size).toBeLessThanOrEqual(2);
  });
});

describe('result table and JSON', () => {
  it('shows rows, the total and n/a reasons underneath', () => {
    const text = renderResultTable(
      answer({ metrics: ['leads', 'cpl'], by: { kind: 'dimension', dimension: 'campaign' } }),
      'en',
    );
    expect(text).toMatch(/Spring Sale\s+4\s+€50\.00/);
    expect(text).toMatch(/<!channel> \*x\*\s+1\s+n\/a¹/);
    expect(text).toMatch(/Total\s+5\s+€40\.00/);
    expect(text).toContain('¹ n/a: no media spend in the period');
  });

  it('shows the change in full beside one metric, compactly in columns', () => {
    const vertical = renderResultTable(
      answer({
        metrics: ['leads', 'cpl'],
        period: { kind: 'range', from: '2026-10-02', to: '2026-10-03' },
        compare: 'previous',
      }),
      'en',
    );
    // Oct 2-3: 2 leads, 200 €; Sep 30 - Oct 1: 1 lead, 0 €.
    expect(vertical).toMatch(/Leads \(leads\)\s+2\s+1\s+\+1 \(\+100%\)/);
    const columns = renderResultTable(
      answer({
        metrics: ['leads'],
        period: { kind: 'range', from: '2026-10-02', to: '2026-10-03' },
        by: { kind: 'dimension', dimension: 'campaign' },
        compare: 'previous',
      }),
      'en',
    );
    expect(columns).toMatch(/^campaign\s+leads\s+leads prev\s+Δ$/m);
    expect(columns).toMatch(/Spring Sale\s+2\s+1\s+\+100%/);
  });

  it('shows the previous period and the change', () => {
    const text = renderResultTable(answer({ metrics: ['cpl'], compare: 'previous' }), 'fr');
    expect(text).toMatch(/Coût par lead \(cpl\)\s+40,00\s€\s+n\/d¹/);
    expect(text).toContain('¹ n/d: aucun lead sur la période');
  });

  it('puts every metric id in the JSON rows, null with the reason when n/a', () => {
    const json = resultToJson(
      'cpl by=campaign',
      answer({ by: { kind: 'dimension', dimension: 'campaign' }, compare: 'previous' }),
    );
    expect(json.total).toMatchObject({
      key: null,
      cpl: 40,
      cpl_na: null,
      cpl_previous: null,
      cpl_previous_na: 'no_leads',
    });
    expect(json.rows).toContainEqual(
      expect.objectContaining({ label: '<!channel> *x*', cpl: null, cpl_na: 'no_spend' }),
    );
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
