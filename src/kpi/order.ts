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
  // One pass over every row: the rows with a day (stage columns are mostly empty) and their
  // range; the counting and the placing then read only those rows.
  const present = new Int32Array(days.length);
  let min = 2 ** 31 - 1;
  let max = NULL_DAY;
  let n = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (d === NULL_DAY) continue;
    present[n++] = i;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const rows = new Int32Array(n);
  const sorted = new Int32Array(n);
  if (n === 0) return { rows, days: sorted };
  const starts = new Int32Array(max - min + 2);
  for (let k = 0; k < n; k++) starts[days[present[k]!]! - min + 1]! += 1;
  for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
  for (let k = 0; k < n; k++) {
    const i = present[k]!;
    const d = days[i]!;
    const at = starts[d - min]!++;
    rows[at] = i;
    sorted[at] = d;
  }
  return { rows, days: sorted };
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
