import { describe, expect, it } from 'vitest';
import { plan } from '../../src/kpi/plan.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { median, twoProportionZTest } from '../../src/kpi/stats.ts';
import { cost, lead, times } from './rows.ts';

const now = new Date('2026-11-02T12:00:00Z');
const day = (d: number) => Date.UTC(2026, 9, d, 10);

describe('reverse-funnel planner (seed 000 forecasting)', () => {
  it('works back from customers to SQLs, MQLs, leads and budget at current rates', () => {
    const leads = times(100, (i) =>
      lead({
        createdAt: day(2),
        mqlAt: i < 40 ? day(4) : null,
        sqlAt: i < 20 ? day(6) : null,
        customerAt: i < 10 ? day(20) : null,
      }),
    );
    const snapshot = buildSnapshot(leads, [cost({ date: '2026-10-02', amount: 5_000 })], {
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      dataVersion: '1',
    });
    const r = plan(
      snapshot,
      { customers: 50, period: { kind: 'month', year: 2026, month: 10 } },
      { now, targets: { ltvCacRatio: 3 } },
    );
    if (!r.ok) throw r.error;
    expect(r.value.needed.sql.value).toBe(100);
    expect(r.value.needed.mql.value).toBe(200);
    expect(r.value.needed.leads.value).toBe(500);
    expect(r.value.needed.budget.value).toBe(25_000);
    expect(r.value.rates.conv.value).toBe(10);
  });

  it('says n/a when a rate is unknown', () => {
    const snapshot = buildSnapshot([], [], { timeZone: 'UTC', currency: 'EUR', dataVersion: '1' });
    const r = plan(snapshot, { customers: 5 }, { now, targets: { ltvCacRatio: 3 } });
    if (!r.ok) throw r.error;
    expect(r.value.needed.leads.value).toBeNull();
    expect(r.value.needed.budget.na).not.toBeNull();
  });
});

describe('statistics', () => {
  it('two-proportion z-test', () => {
    const t = twoProportionZTest(50, 100, 30, 100);
    expect(t?.z).toBeCloseTo(-2.887, 3);
    expect(t?.pValue).toBeCloseTo(0.0039, 3);
    // Far tails keep their precision (a printed z-table would floor this near 0.002).
    const far = twoProportionZTest(40, 100, 15, 100);
    expect(far?.z).toBeCloseTo(-3.959, 3);
    expect(far?.pValue).toBeGreaterThan(7.4e-5);
    expect(far?.pValue).toBeLessThan(7.7e-5);
    expect(twoProportionZTest(0, 0, 1, 10)).toBeNull();
    expect(twoProportionZTest(0, 10, 0, 10)).toBeNull();
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
