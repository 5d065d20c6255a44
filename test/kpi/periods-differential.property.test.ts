import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PeriodBounds, resolvePeriod } from '../../src/kpi/periods.ts';
import { type PeriodSpec, RELATIVE_PERIODS } from '../../src/kpi/query.ts';
import type { Result } from '../../src/shared/errors.ts';
import { resolvePeriod as resolveBefore } from './periods-before.ts';

/*
 * The period arithmetic moved from date-fns (with a time-zone context) to plain epoch days
 * (src/kpi/periods.ts) to take date-fns off every start. This holds the new code to the old
 * one, kept in periods-before.ts: every kind of period, valid or not, at any minute of this
 * century, in zones with odd offsets and daylight-saving rules, with and without data bounds.
 */

const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'America/Sao_Paulo',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'Africa/Casablanca',
];

const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2099, 11, 31);
const DAY = 86_400_000;
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/**
 * A range of up to three years (either way round: a reversed one is refused by both). Longer ones
 * reaching back before 1970 are left out: there, zones ran on local mean time (offsets in
 * seconds), and date-fns' day count across such offsets was one day off (1970-01-01 → 2026-03-08
 * in Africa/Casablanca: the previous period started 1913-10-25, one day longer than the range);
 * the day arithmetic counts days, whatever the zone.
 */
const range = fc
  .tuple(
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
    fc.integer({ min: -40, max: 1100 }),
  )
  .map(([ms, days]): PeriodSpec => ({ kind: 'range', from: isoOf(ms), to: isoOf(ms + days * DAY) }));

/**
 * Years of the data's time (2000–2100) and a few out of range (refused by both). Years before
 * 2000 are left out: some zones' history holds changes at midnight that date-fns' zoned
 * calendar got wrong (below), which the day arithmetic gets right.
 */
const year = fc.oneof(fc.integer({ min: 2000, max: 2100 }), fc.constantFrom(1960, 1969, 10_000));

const spec: fc.Arbitrary<PeriodSpec> = fc.oneof(
  fc.constantFrom(...RELATIVE_PERIODS).map((name): PeriodSpec => ({ kind: 'relative', name })),
  fc.integer({ min: -2, max: 800 }).map((days): PeriodSpec => ({ kind: 'last-days', days })),
  fc
    .record({ year: year, month: fc.integer({ min: 0, max: 13 }) })
    .map(({ year, month }): PeriodSpec => ({ kind: 'month', year, month })),
  fc
    .record({ year: year, quarter: fc.integer({ min: 0, max: 5 }) })
    .map(({ year, quarter }): PeriodSpec => ({ kind: 'quarter', year, quarter })),
  fc
    .record({ year: year, week: fc.integer({ min: 0, max: 54 }) })
    .map(({ year, week }): PeriodSpec => ({ kind: 'iso-week', year, week })),
  year.map((year): PeriodSpec => ({ kind: 'year', year })),
  range,
);

const bounds: fc.Arbitrary<PeriodBounds | undefined> = fc.option(
  fc
    .tuple(fc.integer({ min: 10_000, max: 40_000 }), fc.integer({ min: 0, max: 3_000 }))
    .map(([minDay, span]) => ({ minDay, maxDay: minDay + span })),
  { nil: undefined },
);

/** A result as data: the periods when it resolved, the error's code and params when not. */
const plain = (r: Result<unknown>) =>
  r.ok
    ? { ok: true, value: JSON.parse(JSON.stringify(r.value)) }
    : { ok: false, code: r.error.code, params: r.error.params };

describe('period arithmetic on epoch days', () => {
  it('gives what the date-fns version gave, for every kind of period, zone and minute', () => {
    fc.assert(
      fc.property(
        spec,
        fc.integer({ min: FROM, max: TO }),
        fc.constantFrom(...ZONES),
        bounds,
        (s, ms, zone, b) => {
          const now = new Date(ms);
          expect(plain(resolvePeriod(s, now, zone, b))).toEqual(plain(resolveBefore(s, now, zone, b)));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  // ~2 s on a quiet machine (date-fns' zoned calendar is the slow side): a timeout of its own.
  it('agrees around the turn of days, months and years in each zone', () => {
    // The minutes either side of midnight UTC on the first of a month: the zone decides the day.
    for (const zone of ZONES) {
      for (const year of [2025, 2026]) {
        for (const month of [0, 2, 9]) {
          for (const minutes of [-14 * 60, -1, 0, 1, 14 * 60]) {
            const now = new Date(Date.UTC(year, month, 1) + minutes * 60_000);
            for (const name of RELATIVE_PERIODS) {
              const s: PeriodSpec = { kind: 'relative', name };
              expect(plain(resolvePeriod(s, now, zone)), `${zone} ${now.toISOString()} ${name}`).toEqual(
                plain(resolveBefore(s, now, zone)),
              );
            }
          }
        }
      }
    }
  }, 30_000);

  it('is right where date-fns was not: an offset change at midnight, a range reaching back to local mean time', () => {
    const now = new Date(Date.UTC(2000, 0, 1));
    // Asia/Kathmandu moved from +05:30 to +05:45 at midnight on 1 January 1986: date-fns made
    // "year 1986" the single day 1985-12-31, labelled 1985.
    const year = resolvePeriod({ kind: 'year', year: 1986 }, now, 'Asia/Kathmandu');
    expect(year.ok && [year.value.current.from, year.value.current.to, year.value.current.label]).toEqual([
      '1986-01-01',
      '1986-12-31',
      '1986',
    ]);
    const before = resolveBefore({ kind: 'year', year: 1986 }, now, 'Asia/Kathmandu');
    expect(before.ok && before.value.current.to).toBe('1985-12-31');
    // The previous period of a range has as many days as the range.
    const r = resolvePeriod(
      { kind: 'range', from: '1970-01-01', to: '2026-03-08' },
      now,
      'Africa/Casablanca',
    );
    expect(r.ok && r.value.previous?.from).toBe('1913-10-26');
  });
});
