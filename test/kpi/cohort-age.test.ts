import { describe, expect, it } from 'vitest';
import { contextLine } from '../../src/cli/format/context.ts';
import { runQuery } from '../../src/kpi/engine.ts';
import { METRIC_IDS, type PeriodSpec, type Query } from '../../src/kpi/query.ts';
import type { QueryResult } from '../../src/kpi/result.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Lead } from '../../src/model/lead.ts';
import { lead } from './rows.ts';

// Today is 2026-11-02 (Europe/Paris). The October cohort is 32 days old; the September cohort,
// 30 days older, had that age on 2026-10-03: it is compared as it stood then.
const now = new Date('2026-11-02T12:00:00Z');
const at = (month: number, day: number): number => Date.UTC(2026, month - 1, day, 10);
const SEP = { kind: 'month', year: 2026, month: 9 } as const;
const OCT = { kind: 'month', year: 2026, month: 10 } as const;

const leads: Lead[] = [
  // September cohort.
  lead({ createdAt: at(9, 5), customerAt: at(9, 20), amount: 100 }),
  lead({ createdAt: at(9, 10), customerAt: at(10, 3), amount: 200 }), // on the same-age day: counts
  lead({ createdAt: at(9, 10), customerAt: at(10, 20), amount: 400 }), // late conversion: not yet
  lead({ createdAt: at(9, 15), sqlAt: at(10, 1), lostAt: at(10, 25) }), // SQL counts, the loss not yet
  lead({ createdAt: at(9, 20), pipelineAmount: 500, customerAt: at(10, 15), amount: 50 }), // open then
  // October cohort.
  lead({ createdAt: at(10, 2), customerAt: at(10, 20), amount: 300 }),
  lead({ createdAt: at(10, 5) }),
  lead({ createdAt: at(10, 10), customerAt: at(11, 5), amount: 900 }), // after now: not reached yet
];
const snapshot = buildSnapshot(leads, [], { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: 'c' });

function cohort(period: PeriodSpec, compare: Query['compare']): QueryResult {
  const query: Query = { metrics: [...METRIC_IDS], filters: [], by: null, period, compare, view: 'cohort' };
  const r = runQuery(snapshot, query, { now, targets: { ltvCacRatio: 3 } });
  if (!r.ok) throw r.error;
  return r.value;
}

describe('cohort view compared at the same age', () => {
  it('observes the previous cohort only up to the age the current one has now', () => {
    const r = cohort(OCT, 'previous');
    expect(r.previousPeriod?.label).toBe('2026-09');
    expect(r.cohortAgeDays).toBe(32);
    const cur = r.total.values;
    expect(cur.leads.value).toBe(3);
    expect(cur.customers.value).toBe(1);
    expect(cur.conv.value).toBeCloseTo(100 / 3, 9);
    const prev = r.total.previous!;
    expect(prev.leads.value).toBe(5);
    expect(prev.customers.value).toBe(2); // not the 2026-10-15 and 2026-10-20 wins
    expect(prev.conv.value).toBe(40);
    expect(prev.revenue.value).toBe(300);
    expect(prev.sql.value).toBe(1);
    expect(prev.winrate.value).toBe(100); // the 2026-10-25 loss is not seen yet
    expect(prev.pipeline.value).toBe(500); // still open on 2026-10-03
    expect(prev.cycle.value).toBe(19); // median of 15 and 23 days
    expect(r.total.delta?.conv.abs).toBeCloseTo(100 / 3 - 40, 9);
  });

  it('observes a cohort queried on its own up to now, late conversions included', () => {
    const r = cohort(SEP, null);
    expect(r.cohortAgeDays).toBe(62); // 2026-09-01 → 2026-11-02
    expect(r.total.values.customers.value).toBe(4);
    expect(r.total.values.conv.value).toBe(80);
    expect(r.total.values.pipeline.value).toBe(0);
  });

  it('states the age of a rolling cohort from its first day (not 0)', () => {
    const r = cohort({ kind: 'last-days', days: 30 }, 'previous');
    expect(r.period.from).toBe('2026-10-04');
    expect(r.cohortAgeDays).toBe(29);
  });
});

describe('cohort age in words', () => {
  const age = (from: string) => cohort({ kind: 'range', from, to: '2026-11-02' }, null);
  it('is singular where the language says so (French: 0 and 1 jour; English: 1 day)', () => {
    const line = (from: string, locale: 'en' | 'fr') => contextLine(age(from), snapshot, [], locale);
    expect(age('2026-11-02').cohortAgeDays).toBe(0);
    expect(line('2026-11-02', 'fr')).toContain('âge de la cohorte 0 jour');
    expect(line('2026-11-01', 'fr')).toContain('âge de la cohorte 1 jour');
    expect(line('2026-10-31', 'fr')).toContain('âge de la cohorte 2 jours');
    expect(line('2026-11-02', 'en')).toContain('cohort age 0 days');
    expect(line('2026-11-01', 'en')).toContain('cohort age 1 day');
    expect(line('2026-11-01', 'en')).not.toContain('1 days');
  });
});
