import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayMemo } from '../../src/ingest/compiled-row.ts';
import { parseDateTime, toInstant } from '../../src/ingest/dates.ts';
import { DAY_MS, zonedDay } from '../../src/shared/days.ts';
import { ZoneDays } from '../../src/shared/zone-days.ts';

/**
 * DayMemo.dayAt (the lead lane's dates) against the way it stands for: the cell's instant in
 * the file's zone (dates.ts, as the usual way reads it), then its day in the columns' zone
 * (ZoneDays, as SnapshotBuilder counts it). Cells crowd around every offset change of zones
 * with odd rules: a 30-minute DST (Lord Howe), a quarter-hour offset that moved (Kathmandu),
 * a day skipped (Apia, 2011-12-30), changes at midnight (Santiago, Beirut, Havana), a zone
 * whose DST stops for Ramadan (Casablanca), and offsets in seconds before 1912 (Paris' LMT).
 */

const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Apia',
  'America/Santiago',
  'Asia/Beirut',
  'America/Havana',
  'Africa/Casablanca',
  'Asia/Kolkata',
];

/** The UTC days on which a zone's offset changes, 1900–2040 (a daily scan). */
function changeDays(zone: string): number[] {
  const days: number[] = [];
  const from = Math.floor(Date.UTC(1900, 0, 1) / DAY_MS);
  const to = Math.floor(Date.UTC(2040, 0, 1) / DAY_MS);
  let before = tzOffset(zone, new Date(from * DAY_MS));
  for (let day = from + 1; day < to; day++) {
    const now = tzOffset(zone, new Date(day * DAY_MS));
    if (now !== before) days.push(day - 1);
    before = now;
  }
  return days;
}

const CHANGES = new Map(ZONES.map((zone) => [zone, changeDays(zone)]));

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A cell of the lane's shapes: a day alone, with hours and minutes, or with seconds (' ' or 'T'). */
const cellOf = (day: number, seconds: number, shape: number): string => {
  const date = isoDay(day);
  const hh = pad(Math.floor(seconds / 3600), 2);
  const mi = pad(Math.floor(seconds / 60) % 60, 2);
  const ss = pad(seconds % 60, 2);
  if (shape === 0) return date;
  if (shape === 1) return `${date} ${hh}:${mi}`;
  return `${date}${shape === 2 ? 'T' : ' '}${hh}:${mi}:${ss}`;
};

/** Times of day: around midnight and the usual change hours, and anywhere. */
const secondsArb = fc.oneof(
  fc.constantFrom(
    0,
    59,
    60,
    1799,
    1800,
    3599,
    3600,
    5400,
    7199,
    7200,
    9000,
    10_800,
    82_800,
    84_600,
    86_340,
    86_399,
  ),
  fc.integer({ min: 0, max: 86_399 }),
);

/** A day near a change of one of the zones (or any day 1900–2200). */
const dayArb = fc
  .oneof({ weight: 4, arbitrary: fc.constantFrom(...ZONES) }, { weight: 1, arbitrary: fc.constant('') })
  .chain((zone) => {
    const changes = CHANGES.get(zone) ?? [];
    if (changes.length === 0)
      return fc.integer({ min: Date.UTC(1900, 0, 1) / DAY_MS, max: Date.UTC(2200, 11, 31) / DAY_MS });
    return fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -2, max: 2 })).map(([day, k]) => day + k);
  });

/** ZoneDays per zone (any instance gives the same days: the ZoneDays test below). */
const zoneDays = new Map(ZONES.map((zone) => [zone, new ZoneDays(zone)]));

/** What dayAt stands for: the instant as dates.ts reads the cell, its day as ZoneDays counts it. */
function expected(cell: string, fileZone: string, dayZone: string): number {
  const parts = parseDateTime(cell, null);
  if (parts === null) return Number.NaN;
  const instant = toInstant(parts, fileZone);
  return Number.isInteger(instant) ? zoneDays.get(dayZone)!.day(instant) : Number.NaN;
}

const dayAt = (memo: DayMemo, cell: string) => {
  // Inside a larger buffer, as a record's cell sits in its batch.
  const bytes = Buffer.from(`,${cell},`, 'latin1');
  return memo.dayAt(bytes, 1, bytes.length - 1);
};

describe('DayMemo.dayAt', () => {
  // One memo per pair of zones for the whole run: its per-day answers are kept and reused, in
  // whatever order the cells come.
  const memos = new Map<string, DayMemo>();
  const memoOf = (fileZone: string, dayZone: string) => {
    const key = `${fileZone} ${dayZone}`;
    let memo = memos.get(key);
    if (memo === undefined) {
      memo = new DayMemo(fileZone, dayZone);
      memos.set(key, memo);
    }
    return memo;
  };

  it("gives the day of the cell's instant, in the file's zone and the columns' own", () => {
    const zoneArb = fc.constantFrom(...ZONES);
    fc.assert(
      fc.property(
        zoneArb,
        fc.option(zoneArb, { nil: null }),
        dayArb,
        secondsArb,
        fc.integer({ min: 0, max: 3 }),
        (fileZone, other, day, seconds, shape) => {
          const dayZone = other ?? fileZone;
          const cell = cellOf(day, seconds, shape);
          expect(dayAt(memoOf(fileZone, dayZone), cell)).toBe(expected(cell, fileZone, dayZone));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('on every half hour of the days around each change of each zone, file and columns in the same zone', () => {
    for (const zone of ZONES) {
      const memo = new DayMemo(zone, zone);
      for (const change of CHANGES.get(zone) ?? []) {
        for (let day = change - 1; day <= change + 2; day++) {
          for (let seconds = 0; seconds < 86_400; seconds += 1800) {
            const cell = cellOf(day, seconds, 1);
            expect(dayAt(memo, cell), `${zone} ${cell}`).toBe(expected(cell, zone, zone));
          }
        }
      }
    }
  });

  it('edge cases', () => {
    const apia = new DayMemo('Pacific/Apia', 'Pacific/Apia');
    // 2011-12-30 never happened in Apia: its wall times are read before the jump, on the 31st.
    const skipped = dayAt(apia, '2011-12-30 12:00');
    expect(skipped).toBe(Date.UTC(2011, 11, 31) / DAY_MS);
    expect(skipped).toBe(expected('2011-12-30 12:00', 'Pacific/Apia', 'Pacific/Apia'));
    expect(dayAt(apia, '2011-12-29 23:59:59')).toBe(Date.UTC(2011, 11, 29) / DAY_MS);
    // Paris kept its mean time (+0:09:21) to 1911, an offset in seconds.
    const paris = new DayMemo('Europe/Paris', 'Europe/Paris');
    for (const cell of ['1905-06-01 00:05', '1905-06-01 23:55', '1911-03-11 00:00', '1911-03-11 00:05'])
      expect(dayAt(paris, cell), cell).toBe(expected(cell, 'Europe/Paris', 'Europe/Paris'));
    // Any cell dates.ts's fast shapes do not take.
    const utc = new DayMemo('UTC', 'UTC');
    for (const cell of [
      '',
      '2026-02-30',
      '2026-03-05 24:00',
      '2026-3-5',
      '05/03/2026',
      '2026-03-05 10:30:00Z',
    ])
      expect(dayAt(utc, cell), cell).toBeNaN();
    // A workspace east of the file's zone counts a late evening as the next day.
    expect(dayAt(new DayMemo('America/New_York', 'Asia/Kathmandu'), '2026-03-05 20:00')).toBe(
      Date.UTC(2026, 2, 6) / DAY_MS,
    );
  });
});

describe('ZoneDays', () => {
  it('never asks Intl for UTC and its aliases, and gives what tzOffset gives them', () => {
    const aliases = ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/Universal', 'Etc/Zulu', 'Universal', 'Zulu'];
    fc.assert(
      fc.property(
        fc.constantFrom(...aliases),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        (zone, ms) => {
          const days = new ZoneDays(zone);
          expect(days.offset(ms)).toBe(tzOffset(zone, new Date(ms)));
          expect(days.day(ms)).toBe(zonedDay(ms, zone));
          expect(days.steadyOffset(Math.floor(ms / DAY_MS))).toBe(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('counts the day of an instant as tzOffset reads its zone, asked in any order', () => {
    const instantArb = fc.oneof(
      fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
      fc
        .tuple(
          fc.constantFrom(...ZONES.flatMap((z) => CHANGES.get(z) ?? [])),
          fc.integer({ min: -2 * DAY_MS, max: 3 * DAY_MS }),
        )
        .map(([day, ms]) => day * DAY_MS + ms),
    );
    const cached = new Map(ZONES.map((zone) => [zone, new ZoneDays(zone)]));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instantArb, (zone, ms) => {
        // Whole-minute offsets since 1970: the day tzOffset gives at the instant itself.
        if (!Number.isInteger(tzOffset(zone, new Date(ms)))) return;
        expect(cached.get(zone)!.day(ms)).toBe(zonedDay(ms, zone));
        expect(new ZoneDays(zone).day(ms)).toBe(zonedDay(ms, zone));
      }),
      { numRuns: 5000 },
    );
  });
});
