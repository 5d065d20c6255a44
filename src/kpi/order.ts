import { NULL_DAY } from '../shared/days.ts';

/**
 * Row ids sorted by day (counting sort: days span a small range), rows without a day left
 * out, with the days beside them for binary search. A query walks only the rows whose event
 * falls in its period.
 */
export interface DayIndex {
  rows: Int32Array;
  days: Int32Array;
}

export function dayIndex(days: Int32Array, counted: DayCounts = dayCounts(days)): DayIndex {
  const { n, base, starts } = counted;
  const rows = new Int32Array(n);
  const sorted = new Int32Array(n);
  if (n === 0) return { rows, days: sorted };
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d === NULL_DAY) continue;
    const at = starts[d - base]!++;
    rows[at] = i;
    sorted[at] = d;
  }
  return { rows, days: sorted };
}

/** The rows of a column in day order, told from each row's side (dayIndex inverted). */
export interface DayRank {
  /** Each row's position in day order (-1 for a row without a day). */
  rank: Int32Array;
  /** The days in that order (rows without one left out). */
  days: Int32Array;
  /** Whether rank[i] = i for every row (each has a day, and they came in day order): nothing to move. */
  inOrder: boolean;
}

/**
 * Where each row goes when rows are sorted by day as dayIndex sorts them: rank[i] = k where
 * dayIndex(days).rows[k] = i. Written by the counting sort itself, each rank in row order
 * (no index to invert: a column is then moved by Column.scatter).
 */
export function dayRank(days: Int32Array): DayRank {
  const { n, base, starts } = dayCounts(days);
  const rank = new Int32Array(days.length);
  const sorted = new Int32Array(n);
  let moved = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d === NULL_DAY) {
      rank[i] = -1;
      moved = 1;
      continue;
    }
    const at = starts[d - base]!++;
    rank[i] = at;
    sorted[at] = d;
    moved |= at ^ i;
  }
  return { rank, days: sorted, inOrder: moved === 0 };
}

/** The counting sort's first pass, done: the rows with a day (`n`), and per day from `base` (starts[d - base]) the first position of its rows. */
export interface DayCounts {
  n: number;
  base: number;
  starts: Int32Array;
}

/** Days the counting window spans (2^13: 22 years). */
const WINDOW_BITS = 13;
const WINDOW = 1 << WINDOW_BITS;
/**
 * How far from 0 a window may start: a day's offset from it then never wraps around into the
 * window, and a day within ±2^30 never overflows int32 on the way (an overflow would send the
 * optimised loop back to the interpreter).
 */
const FAR = 2 ** 29;

/**
 * The counts' slot of `day` in the window from `base` (NULL_DAY, and any day outside, in the
 * spare slot WINDOW), with no branch: a stage column is mostly NULL_DAY in no order, so a
 * branch on it is mispredicted about as often as taken (it made the counting pass three times
 * slower). `has` is dayMask(day).
 */
function slot(day: number, has: number, base: number): number {
  // NULL_DAY taken as the first day past the window (its offset from base would overflow int32).
  const k = ((day & has) | ((base + WINDOW) & ~has)) - base;
  const beyond = k >>> WINDOW_BITS;
  // All ones when beyond ≠ 0, else 0 (beyond < 2^19: its negation does not overflow).
  const out = (beyond | -beyond) >> 31;
  return (k & ~out) | (WINDOW & out);
}

/** All ones for a day, 0 for NULL_DAY, with no branch (as `slot`) and no int32 overflow. */
function dayMask(day: number): number {
  const x = day ^ NULL_DAY;
  // x ≠ 0 (a day) as a value in [1, 2^31): its negation fits int32.
  const y = (x >>> 1) | (x & 1);
  return -y >> 31;
}

/** Where a window of days is started: WINDOW / 2 before the first day (null when the column has none). */
function windowBase(parts: readonly Int32Array[]): number | null {
  for (const part of parts)
    for (let i = 0; i < part.length; i++) if (part[i] !== NULL_DAY) return part[i]! - WINDOW / 2;
  return null;
}

/**
 * The counts of a window (counts[k] rows of day base + k, counts[WINDOW] the rest), made first
 * positions; null when the rest was more than the `nulls` rows without a day: a day fell
 * outside the window (the caller then counts with `spanCounts`).
 */
function windowStarts(base: number, counts: Int32Array, nulls: number): DayCounts | null {
  if (counts[WINDOW] !== nulls) return null;
  let n = 0;
  for (let k = 0; k < WINDOW; k++) {
    const c = counts[k]!;
    counts[k] = n;
    n += c;
  }
  return { n, base, starts: counts.subarray(0, WINDOW) };
}

/**
 * The counting sort's first pass over a column: the counts of a window of days about the first
 * one, in one read with no branch on a row; a column whose days do not fit one window is
 * counted over its own span instead.
 */
function dayCounts(days: Int32Array): DayCounts {
  const base = windowBase([days]);
  if (base === null) return { n: 0, base: 0, starts: new Int32Array(0) };
  if (Math.abs(base) > FAR) return spanCounts(days);
  const counts = new Int32Array(WINDOW + 1);
  let nulls = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    const has = dayMask(d);
    nulls += has + 1;
    counts[slot(d, has, base)]! += 1;
  }
  return windowStarts(base, counts, nulls) ?? spanCounts(days);
}

/** dayCounts over the column's own span of days: a pass for the lowest and highest day, one to count. */
function spanCounts(days: Int32Array): DayCounts {
  let min = 2 ** 31 - 1;
  let max = NULL_DAY;
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d === NULL_DAY) continue;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  if (max === NULL_DAY) return { n: 0, base: 0, starts: new Int32Array(0) };
  const starts = new Int32Array(max - min + 1);
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d !== NULL_DAY) starts[d - min]! += 1;
  }
  let n = 0;
  for (let k = 0; k < starts.length; k++) {
    const c = starts[k]!;
    starts[k] = n;
    n += c;
  }
  return { n, base: min, starts };
}

/**
 * A day column moved to its rows' ranks (Column.scatter of `parts`, the column's chunks in row
 * order; rank -1 leaves a row out), with its days counted on the way: dayIndex's first pass
 * (`counts`) in the same read.
 */
export function scatterDays(
  parts: readonly Int32Array[],
  rank: Int32Array,
  size: number,
): { days: Int32Array; counts: DayCounts } {
  const out = new Int32Array(size);
  const base = windowBase(parts);
  // A row left out (rank -1) must not be counted: such columns take the two passes (a test of
  // the rank in the loop below made it nearly twice as slow).
  if (base === null || Math.abs(base) > FAR || size !== rank.length)
    return scatterThenCount(parts, rank, out);
  const counts = new Int32Array(WINDOW + 1);
  let nulls = 0;
  let from = 0;
  for (const part of parts) {
    const ranks = rank.subarray(from, from + part.length);
    for (let j = 0; j < part.length; j++) {
      const d = part[j]!;
      out[ranks[j]!] = d;
      const has = dayMask(d);
      nulls += has + 1;
      counts[slot(d, has, base)]! += 1;
    }
    from += part.length;
  }
  return { days: out, counts: windowStarts(base, counts, nulls) ?? spanCounts(out) };
}

/** scatterDays for a column of no day or of days too far apart for one window: moved, then counted. */
function scatterThenCount(
  parts: readonly Int32Array[],
  rank: Int32Array,
  out: Int32Array,
): { days: Int32Array; counts: DayCounts } {
  let from = 0;
  for (const part of parts) {
    for (let j = 0; j < part.length; j++) {
      const at = rank[from + j]!;
      if (at >= 0) out[at] = part[j]!;
    }
    from += part.length;
  }
  return { days: out, counts: dayCounts(out) };
}

/** First position whose day is ≥ day (days sorted ascending). */
function lowerBound(days: Int32Array, day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The [start, end) positions of days within [fromDay, toDay]. */
export function dayRange(days: Int32Array, fromDay: number, toDay: number): [number, number] {
  return [lowerBound(days, fromDay), lowerBound(days, toDay + 1)];
}

/** Applies a permutation to a column: out[k] = column[order[k]]. */
export function permute<T extends Int32Array | Float64Array | Uint8Array>(column: T, order: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(order.length);
  for (let k = 0; k < order.length; k++) out[k] = column[order[k]!]!;
  return out;
}
