import { describe, expect, it } from 'vitest';
import { runQuery } from '../../src/kpi/engine.ts';
import { METRIC_IDS, type Query } from '../../src/kpi/query.ts';
import type { QueryResult } from '../../src/kpi/result.ts';
import { buildSnapshot, type Snapshot, vocabulary } from '../../src/kpi/snapshot.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { cost, lead, times } from './rows.ts';

const now = new Date('2026-11-02T12:00:00Z');
const OCT = { kind: 'month', year: 2026, month: 10 } as const;
const snap = (leads: Lead[], costs: Cost[], timeZone = 'Europe/Paris'): Snapshot =>
  buildSnapshot(leads, costs, { timeZone, currency: 'EUR', dataVersion: 'e' });
function run(s: Snapshot, q: Partial<Query>): QueryResult {
  const query: Query = {
    metrics: [...METRIC_IDS],
    filters: [],
    by: null,
    period: OCT,
    compare: null,
    view: 'flow',
    ...q,
  };
  const r = runQuery(s, query, { now, targets: { ltvCacRatio: 3 } });
  if (!r.ok) throw r.error;
  return r.value;
}
const finite = (r: QueryResult): void => {
  for (const row of [r.total, ...r.rows]) {
    for (const id of METRIC_IDS) {
      const v = row.values[id];
      if (v.value === null) expect(v.na, id).not.toBeNull();
      else expect(Number.isFinite(v.value), id).toBe(true);
    }
  }
};

describe('zero divisions and empty periods', () => {
  it('answers n/a with a reason, never Infinity or NaN, on an empty snapshot', () => {
    const r = run(snap([], []), { compare: 'previous' });
    finite(r);
    const v = r.total.values;
    expect(v.leads.value).toBe(0);
    expect(v.conv.na?.code).toBe('no_leads');
    expect(v.cpl.na?.code).toBe('no_spend');
    expect(v.cac.na?.code).toBe('no_cost');
    expect(v.roi.na?.code).toBe('no_cost');
    expect(v.winrate.na?.code).toBe('no_lost_data'); // no lead carries a lost date
    expect(v.cycle.na?.code).toBe('no_customers');
    expect(v.clv.na?.code).toBe('clv_not_configured');
    expect(v.ltv_cac.na?.code).toBe('clv_not_configured');
    expect(v.contribution.na?.code).toBe('no_revenue');
    expect(v.cpl.na?.messageKey).toBe('kpi.na.no_spend');
    expect(r.total.delta?.leads).toEqual({ abs: 0, rel: null });
  });

  it('divides by zero customers as n/a while leads and spend exist', () => {
    const r = run(
      snap(
        times(10, () => lead()),
        [cost({ amount: 500, impressions: 0, clicks: 0 })],
      ),
      {},
    );
    finite(r);
    expect(r.total.values.cpl.value).toBe(50);
    expect(r.total.values.cpa.na?.code).toBe('no_customers');
    expect(r.total.values.ctr.na?.code).toBe('no_impressions');
    expect(r.total.values.cpc.na?.code).toBe('no_clicks');
    // No lead carries revenue (no revenue column): ROI is n/a with that reason, not −100 %.
    expect(r.total.values.roi.na?.code).toBe('no_revenue_data');
    expect(r.total.values.revenue.na?.code).toBe('no_revenue_data');
    const withRevenue = run(
      snap([...times(9, () => lead()), lead({ amount: 0 })], [cost({ amount: 500 })]),
      {},
    );
    expect(withRevenue.total.values.roi.value).toBe(-100);
  });
});

describe('spend and lead-only dimensions', () => {
  const leads = [lead({ owner: 'Ann', campaign: 'X' }), lead({ owner: 'Bob', campaign: 'X' })];
  const costs = [cost({ campaign: 'X', amount: 100 })];

  it('a filter on a lead-only dimension makes cost metrics n/a, never a wrong number', () => {
    const r = run(snap(leads, costs), { filters: [{ dimension: 'owner', values: ['Ann'] }] });
    expect(r.total.values.leads.value).toBe(1);
    for (const id of ['spend', 'cost', 'cpl', 'cac', 'roi', 'profit', 'npl', 'ctr'] as const) {
      expect(r.total.values[id].na?.code, id).toBe('no_cost_dimension');
    }
  });

  it('a breakdown on a lead-only dimension keeps the total spend and n/a per row', () => {
    const r = run(snap(leads, costs), { by: { kind: 'dimension', dimension: 'owner' } });
    expect(r.total.values.cpl.value).toBe(50);
    expect(r.rows.map((row) => row.label)).toEqual(['Ann', 'Bob']);
    expect(r.rows[0]?.values.cpl.na?.code).toBe('no_cost_dimension');
    expect(r.rows[0]?.values.leads.value).toBe(1);
  });

  it('a filter on a cost dimension narrows spend; spellings of a campaign meet', () => {
    const r = run(
      snap(
        [lead({ campaign: 'Spring Sale' })],
        [cost({ campaign: 'spring_sale', amount: 40 }), cost({ campaign: 'Other', amount: 60 })],
      ),
      {
        filters: [{ dimension: 'campaign', values: ['SPRING-SALE'] }],
      },
    );
    expect(r.total.values.spend.value).toBe(40);
    expect(r.total.values.cpl.value).toBe(40);
  });

  it('several values of a dimension are OR, dimensions are AND; unknown values are reported', () => {
    const s = snap(
      [
        lead({ country: 'FR', owner: 'Ann' }),
        lead({ country: 'US', owner: 'Ann' }),
        lead({ country: 'DE', owner: 'Bob' }),
      ],
      [],
    );
    const r = run(s, {
      filters: [
        { dimension: 'country', values: ['FR', 'US', 'ES'] },
        { dimension: 'owner', values: ['ann'] },
      ],
    });
    expect(r.total.values.leads.value).toBe(2);
    expect(r.unmatched).toEqual([{ dimension: 'country', value: 'ES' }]);
    expect(vocabulary(s).country).toEqual(['DE', 'FR', 'US']);
  });
});

describe('views, breakdowns and comparisons', () => {
  it('counts events in the workspace zone across DST (New York, 1 Nov 2026)', () => {
    // 03:30 UTC on 1 Nov is 23:30 on 31 Oct in New York (EDT): an October lead.
    const s = snap(
      [lead({ createdAt: Date.UTC(2026, 10, 1, 3, 30) }), lead({ createdAt: Date.UTC(2026, 10, 1, 5, 30) })],
      [],
      'America/New_York',
    );
    expect(run(s, {}).total.values.leads.value).toBe(1);
    const days = run(s, {
      period: { kind: 'range', from: '2026-10-31', to: '2026-11-01' },
      by: { kind: 'time', grain: 'day' },
    });
    expect(days.rows.map((r) => [r.key, r.values.leads.value])).toEqual([
      ['2026-10-31', 1],
      ['2026-11-01', 1],
    ]);
  });

  it('compares with the previous period: absolute and relative deltas', () => {
    const s = snap(
      [...times(10, () => lead()), ...times(5, () => lead({ createdAt: Date.UTC(2026, 8, 10) }))],
      [],
    );
    const r = run(s, { compare: 'previous' });
    expect(r.previousPeriod?.label).toBe('2026-09');
    expect(r.total.previous?.leads.value).toBe(5);
    expect(r.total.delta?.leads).toEqual({ abs: 5, rel: 100 });
  });

  it('cohort view: the share of the period’s leads that reached the stage, with the cohort’s age', () => {
    const created = Date.UTC(2026, 9, 5, 10);
    const leads = [
      lead({ createdAt: created, customerAt: Date.UTC(2026, 10, 1) }),
      lead({ createdAt: created }),
      lead({ createdAt: Date.UTC(2026, 8, 1), customerAt: Date.UTC(2026, 9, 3) }),
    ];
    const flow = run(snap(leads, []), {});
    expect(flow.total.values.customers.value).toBe(1); // the September lead won in October
    const cohort = run(snap(leads, []), { view: 'cohort' });
    expect(cohort.total.values.customers.value).toBe(1); // the October lead won in November
    expect(cohort.total.values.conv.value).toBe(50);
    expect(cohort.cohortAgeDays).toBe(32); // 2026-10-01 → 2026-11-02
  });

  it('time breakdowns list every bucket of the period', () => {
    const r = run(snap([lead()], []), { by: { kind: 'time', grain: 'week' } });
    expect(r.rows.map((row) => row.label)).toEqual([
      '2026-W40',
      '2026-W41',
      '2026-W42',
      '2026-W43',
      '2026-W44',
    ]);
    expect(r.rows[1]?.values.leads.value).toBe(1);
  });

  it('exposes median and mean time to convert, and contribution by group', () => {
    const day = (d: number) => Date.UTC(2026, 9, d, 10);
    const leads = [
      lead({ createdAt: day(1), customerAt: day(3), amount: 100, campaign: 'A' }),
      lead({ createdAt: day(1), customerAt: day(5), amount: 100, campaign: 'A' }),
      lead({ createdAt: day(1), customerAt: day(21), amount: 200, campaign: 'B' }),
    ];
    const r = run(snap(leads, []), { by: { kind: 'dimension', dimension: 'campaign' } });
    expect(r.total.values.cycle.value).toBe(4);
    expect(r.total.values.cycle.extra?.mean).toBeCloseTo(26 / 3, 9);
    expect(r.rows.map((row) => row.values.contribution.value)).toEqual([50, 50]);
  });

  it('computes only the requested metrics when asked, the others are n/a (not_requested)', () => {
    const s = snap([lead({ customerAt: Date.UTC(2026, 9, 9) })], [cost({ amount: 10 })]);
    const query: Query = {
      metrics: ['cpl'],
      filters: [],
      by: null,
      period: OCT,
      compare: null,
      view: 'flow',
    };
    const r = runQuery(s, query, { now, targets: { ltvCacRatio: 3 }, onlyRequested: true });
    if (!r.ok) throw r.error;
    expect(r.value.total.values.cpl.value).toBe(10);
    expect(r.value.total.values.leads.value).toBe(1);
    expect(r.value.total.values.customers.na?.code).toBe('not_requested');
  });

  it('rejects unknown periods with a typed error', () => {
    const r = runQuery(
      snap([], []),
      {
        metrics: ['leads'],
        filters: [],
        by: null,
        period: { kind: 'month', year: 2026, month: 13 },
        compare: null,
        view: 'flow',
      },
      { now, targets: { ltvCacRatio: 3 } },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('period_invalid');
  });
});
