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
    expect(columns).toMatch(/^campaign\s+Leads\s+Leads prev\s+Δ$/m);
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

describe('order and folding', () => {
  // CPL: Brand 10 €, Search 30 €, Social 20 €; Webinar has leads and no spend.
  const ranked = buildSnapshot(
    [
      ...[1, 2].map((n) => lead(`b${n}`, 'Brand', `2026-10-0${n}T10:00:00Z`)),
      ...[1, 2].map((n) => lead(`s${n}`, 'Search', `2026-10-0${n}T10:00:00Z`)),
      ...[1, 2].map((n) => lead(`o${n}`, 'Social', `2026-10-0${n}T10:00:00Z`)),
      lead('w1', 'Webinar', '2026-10-04T10:00:00Z'),
    ],
    [
      cost('cb', 'Brand', '2026-10-02', 20),
      cost('cs', 'Search', '2026-10-02', 60),
      cost('co', 'Social', '2026-10-02', 40),
    ],
    { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' },
  );
  const run = (query: Partial<Query>) => {
    const result = runQuery(
      ranked,
      {
        metrics: ['cpl'],
        filters: [],
        by: { kind: 'dimension', dimension: 'campaign' },
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
  const order = (text: string): string[] =>
    text
      .split('\n')
      .slice(2)
      .map((line) => /^(\S+)/.exec(line)?.[1] ?? '')
      .filter((name) => ['Brand', 'Search', 'Social', 'Webinar'].includes(name));

  it('puts the worst CPL first and folds the campaign without spend into one line', () => {
    const text = renderResultTable(run({}), 'en');
    expect(order(text)).toEqual(['Search', 'Social', 'Brand']);
    expect(text).toContain('1 campaign without spend: n/a');
    expect(text).not.toContain('Webinar');
    expect(text).toMatch(/Total\s+€17\.14/);
  });

  it('follows sort= in the table and in the JSON', () => {
    const sorted = run({ sort: { by: 'cpl', direction: 'asc' } });
    expect(order(renderResultTable(sorted, 'en'))).toEqual(['Brand', 'Social', 'Search']);
    // n/a goes last whatever the direction.
    expect((resultToJson('cpl', sorted).rows as { label: string }[]).map((r) => r.label)).toEqual([
      'Brand',
      'Social',
      'Search',
      'Webinar',
    ]);
  });

  it('keeps the JSON complete and in its stable order when no sort= is given', () => {
    const rows = resultToJson('cpl', run({})).rows as { label: string; cpl_na: string | null }[];
    expect(rows.map((r) => r.label)).toEqual(['Brand', 'Search', 'Social', 'Webinar']);
    expect(rows[3]?.cpl_na).toBe('no_spend');
  });

  it('keeps time buckets in time order and never folds them', () => {
    const text = renderResultTable(
      run({
        by: { kind: 'time', grain: 'day' },
        period: { kind: 'range', from: '2026-10-01', to: '2026-10-04' },
      }),
      'fr',
    );
    const days = text.match(/^2026-10-0\d/gm);
    expect(days).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04']);
    expect(text).toMatch(/^jour\s+CPL$/m);
  });
});
