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

export function dayIndex(days: Int32Array): DayIndex {
  const { n, min, starts } = dayCounts(days);
  const rows = new Int32Array(n);
  const sorted = new Int32Array(n);
  if (n === 0) return { rows, days: sorted };
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d === NULL_DAY) continue;
    const at = starts[d - min]!++;
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
}

/**
 * Where each row goes when rows are sorted by day as dayIndex sorts them: rank[i] = k where
 * dayIndex(days).rows[k] = i. Written by the counting sort itself, each rank in row order
 * (no index to invert: a column is then moved by Column.scatter).
 */
export function dayRank(days: Int32Array): DayRank {
  const { n, min, starts } = dayCounts(days);
  const rank = new Int32Array(days.length);
  const sorted = new Int32Array(n);
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d === NULL_DAY) {
      rank[i] = -1;
      continue;
    }
    const at = starts[d - min]!++;
    rank[i] = at;
    sorted[at] = d;
  }
  return { rank, days: sorted };
}

/**
 * The counting sort's first passes: the rows with a day (`n`), the lowest day, and per day
 * from it (starts[d - min]) the first position of its rows. Reading the column twice, in
 * order, costs less than a list of the rows with a day (stage columns are mostly empty, the
 * creation column full).
 */
function dayCounts(days: Int32Array): { n: number; min: number; starts: Int32Array } {
  let min = 2 ** 31 - 1;
  let max = NULL_DAY;
  let n = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d === NULL_DAY) continue;
    n++;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  if (n === 0) return { n, min, starts: new Int32Array(0) };
  const starts = new Int32Array(max - min + 2);
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d !== NULL_DAY) starts[d - min + 1]! += 1;
  }
  for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
  return { n, min, starts };
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
