import { describe, expect, it } from 'vitest';
import { runQuery, type Targets } from '../../src/kpi/engine.ts';
import type { MetricId, Query } from '../../src/kpi/query.ts';
import type { QueryResult } from '../../src/kpi/result.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { cost, lead, times } from './rows.ts';

const OCT = { kind: 'month', year: 2026, month: 10 } as const;
const now = new Date('2026-11-02T12:00:00Z');
const day = (d: number): number => Date.UTC(2026, 9, d, 10);

function answer(
  leads: Lead[],
  costs: Cost[],
  q: Partial<Query>,
  targets: Targets = { ltvCacRatio: 3 },
): QueryResult {
  const snapshot = buildSnapshot(leads, costs, {
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    dataVersion: 't',
  });
  const query: Query = { metrics: [], filters: [], by: null, period: OCT, compare: null, view: 'flow', ...q };
  const result = runQuery(snapshot, query, { now, targets });
  if (!result.ok) throw result.error;
  return result.value;
}
const value = (r: QueryResult, id: MetricId): number | null => r.total.values[id].value;

describe('worked examples of the seeds', () => {
  it('002: 35 customers out of 150 leads is a 23.3 % conversion rate', () => {
    const leads = times(150, (i) => lead({ createdAt: day(3), customerAt: i < 35 ? day(20) : null }));
    const r = answer(leads, [], {});
    expect(value(r, 'conv')).toBeCloseTo(23.333, 3);
    expect(Number(value(r, 'conv')?.toFixed(1))).toBe(23.3);
  });

  it('003: 10 000 € for 200 leads is a CPL of 50 €', () => {
    const leads = times(200, () => lead({ createdAt: day(7) }));
    const r = answer(leads, [cost({ date: '2026-10-07', amount: 10_000 })], {});
    expect(value(r, 'cpl')).toBe(50);
  });

  it('003: a CPL of 20 € against a CPA of 100 €', () => {
    const leads = times(50, (i) => lead({ createdAt: day(2), customerAt: i < 10 ? day(25) : null }));
    const r = answer(leads, [cost({ date: '2026-10-02', amount: 1_000 })], {});
    expect(value(r, 'cpl')).toBe(20);
    expect(value(r, 'cpa')).toBe(100);
    expect(value(r, 'cac')).toBe(100); // only media cost known: CAC equals CPA
  });

  it('003: CLV 1 000 € over CAC 200 € is an LTV:CAC of 5, against the target ratio', () => {
    const leads = times(5, () => lead({ createdAt: day(2), customerAt: day(9) }));
    const r = answer(
      leads,
      [cost({ date: '2026-10-02', amount: 1_000 })],
      {},
      {
        clv: 1_000,
        ltvCacRatio: 3,
      },
    );
    expect(value(r, 'cac')).toBe(200);
    expect(value(r, 'clv')).toBe(1_000);
    expect(value(r, 'ltv_cac')).toBe(5);
    expect(r.total.values.ltv_cac.extra?.target).toBe(3);
  });

  it('003: 5 000 € of spend bringing 20 000 € of sales is a 300 % ROI', () => {
    const leads = times(4, () => lead({ createdAt: day(1), customerAt: day(15), amount: 5_000 }));
    const r = answer(
      leads,
      [cost({ date: '2026-10-01', amount: 5_000, channel: 'paid_search', source: 'google' })],
      {},
    );
    expect(value(r, 'revenue')).toBe(20_000);
    expect(value(r, 'roi')).toBe(300);
    expect(value(r, 'profit')).toBe(15_000);
  });

  it('000: campaign A loses 600 $ and campaign B earns 1 000 $ at 200 $ a sale', () => {
    const a = times(100, (i) =>
      lead({ campaign: 'Campaign A', customerAt: i < 2 ? day(20) : null, amount: i < 2 ? 200 : null }),
    );
    const b = times(50, (i) =>
      lead({ campaign: 'campaign_b', customerAt: i < 10 ? day(20) : null, amount: i < 10 ? 200 : null }),
    );
    const costs = [
      cost({ campaign: 'Campaign A', amount: 1_000 }),
      cost({ campaign: 'Campaign B', amount: 1_000 }),
    ];
    const r = answer([...a, ...b], costs, { by: { kind: 'dimension', dimension: 'campaign' } });
    const [rowA, rowB] = r.rows;
    expect(rowA?.label).toBe('Campaign A');
    expect(rowA?.values.profit.value).toBe(-600);
    expect(rowA?.values.cpl.value).toBe(10);
    expect(rowA?.values.cpa.value).toBe(500);
    expect(rowB?.values.profit.value).toBe(1_000);
    expect(rowB?.values.cpl.value).toBe(20);
    expect(rowB?.values.cpa.value).toBe(100);
    expect(rowB?.values.roi.value).toBe(100);
    expect(rowA?.values.roi.value).toBe(-60);
    expect(value(r, 'profit')).toBe(400);
  });
});
