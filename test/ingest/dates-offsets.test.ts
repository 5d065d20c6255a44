import { tzOffset } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { wallToInstant } from '../../src/ingest/dates.ts';

const DAY = 86_400_000;
const QUARTER = 900_000;

/** wallToInstant's rule, with every offset asked of tzOffset (no cache). */
function reference(wall: number, zone: string): number {
  const at = (instant: number) => tzOffset(zone, new Date(instant));
  const first = at(wall);
  const guess = wall - first * 60_000;
  const second = at(guess);
  if (second === first) return guess;
  const retry = wall - second * 60_000;
  if (at(retry) === second) return retry;
  return wall - Math.min(first, second) * 60_000;
}

/** The wall times (epoch ms read as UTC) of every quarter hour of the days from `from` to `to`. */
function quarters(from: string, to: string): number[] {
  const out: number[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${to}T00:00:00Z`); t += QUARTER) out.push(t);
  return out;
}

/** Two wall times a day (just after midnight, noon) of the days from `from` to `to`. */
function days(from: string, to: string): number[] {
  const out: number[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${to}T00:00:00Z`); t += DAY)
    out.push(t + 1_800_000, t + DAY / 2);
  return out;
}

// The per-day and per-quarter-hour offsets are cached per zone: a day before 1970 (a negative
// day number) and a quarter hour of 1970 once shared one map, where their keys could meet.
describe('wallToInstant around 1970 (dates.ts offset cache)', () => {
  it('reads days before 1970 right after the quarter hours of 1970 changes (New York)', () => {
    const zone = 'America/New_York';
    for (const wall of quarters('1970-01-01', '1971-01-01')) wallToInstant(wall, zone);
    for (const wall of days('1938-01-01', '1970-01-01'))
      expect({ wall, at: wallToInstant(wall, zone) }).toEqual({ wall, at: reference(wall, zone) });
  });

  it('reads the quarter hours of 1970 changes right after days before 1970 (Chicago)', () => {
    const zone = 'America/Chicago';
    for (const wall of days('1938-01-01', '1970-01-01')) wallToInstant(wall, zone);
    for (const wall of quarters('1970-01-01', '1971-01-01'))
      expect({ wall, at: wallToInstant(wall, zone) }).toEqual({ wall, at: reference(wall, zone) });
  });
});
