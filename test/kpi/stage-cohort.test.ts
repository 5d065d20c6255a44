import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LeadColumns } from '../../src/kpi/snapshot.ts';
import {
  stageCohort as cohortOf,
  DEFAULT_STAGE_LAG_DAYS,
  STAGE_CONVERSIONS,
  type StageConversion,
  stageLag,
} from '../../src/kpi/stage-cohort.ts';
import { NULL_DAY } from '../../src/shared/days.ts';

interface Row {
  created: number;
  valid: boolean;
  mql: number | null;
  sql: number | null;
  customer: number | null;
}

/** Only the columns stageCohort reads. */
function columns(rows: readonly Row[]): LeadColumns {
  const day = (d: number | null) => d ?? NULL_DAY;
  return {
    count: rows.length,
    created: Int32Array.from(rows.map((r) => r.created)),
    valid: Uint8Array.from(rows.map((r) => (r.valid ? 1 : 0))),
    mql: Int32Array.from(rows.map((r) => day(r.mql))),
    sql: Int32Array.from(rows.map((r) => day(r.sql))),
    customer: Int32Array.from(rows.map((r) => day(r.customer))),
  } as unknown as LeadColumns;
}

/** The cohort of [fromDay, toDay] within `lag`, observed until `observedUntil(day)`. */
const stageCohort = (
  leads: LeadColumns,
  stage: StageConversion,
  fromDay: number,
  toDay: number,
  lag: number,
  observedUntil?: (day: number) => number,
) => cohortOf(leads, stage, { fromDay, toDay, lag, ...(observedUntil ? { observedUntil } : {}) });

const maybeDay = fc.option(fc.integer({ min: 0, max: 120 }), { nil: null });
const row = fc.record({
  created: fc.integer({ min: 0, max: 120 }),
  valid: fc.boolean(),
  mql: maybeDay,
  sql: maybeDay,
  customer: maybeDay,
});

describe('digest stage conversion (cohort within the usual lag)', () => {
  it('never exceeds 100 %, for any leads, window, lag and observation cut-off', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 60 }),
        fc.constantFrom(...STAGE_CONVERSIONS),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 150 }),
        (rows, stage, from, width, lag, cutoff) => {
          const c = stageCohort(columns(rows), stage, from, from + width, lag, () => cutoff);
          expect(c.converted).toBeLessThanOrEqual(c.reached);
          expect(c.converted).toBeGreaterThanOrEqual(0);
          if (c.reached > 0) expect(c.converted / c.reached).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('matches a hand-computed example', () => {
    // Window: days 10–16. SQL → customer with a 30-day lag.
    const rows: Row[] = [
      { created: 0, valid: true, mql: 5, sql: 10, customer: 20 }, // SQL in window, customer after 10 days: counts
      { created: 0, valid: true, mql: 5, sql: 12, customer: 42 }, // after exactly 30 days: counts
      { created: 0, valid: true, mql: 5, sql: 16, customer: 47 }, // after 31 days: beyond the lag
      { created: 0, valid: true, mql: 5, sql: 14, customer: null }, // no customer
      { created: 0, valid: true, mql: 5, sql: 3, customer: 12 }, // SQL before the window: not in the cohort
      { created: 0, valid: true, mql: 5, sql: null, customer: 13 }, // customer without SQL: not in the cohort
    ];
    const leads = columns(rows);
    // 4 SQLs in the window (days 10, 12, 16, 14), 2 of them customers within 30 days: 2 / 4 = 50 %.
    expect(
      stageCohort(leads, 'sql_to_customer', 10, 16, stageLag(DEFAULT_STAGE_LAG_DAYS, 'sql_to_customer')),
    ).toEqual({
      reached: 4,
      converted: 2,
    });
    // Observed only until day 25: the customer of day 42 is not seen yet, 1 / 4.
    expect(stageCohort(leads, 'sql_to_customer', 10, 16, 30, () => 25)).toEqual({ reached: 4, converted: 1 });
    // MQL → SQL over days 0–9 with 7 days: MQLs of all 6 rows (day 5); SQL ≤ 7 days later on 10 and 12
    // (and row 4's SQL dated before its MQL); 16 and 14 are 11 and 9 days later, row 5 has none: 3 / 6.
    expect(stageCohort(leads, 'mql_to_sql', 0, 9, 7)).toEqual({ reached: 6, converted: 3 });
    // Lead → valid, decided at creation: the 6 leads created on day 0 are all valid.
    expect(stageCohort(leads, 'lead_to_valid', 0, 0, 0)).toEqual({ reached: 6, converted: 6 });
  });
});
