import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayIndex, dayRank, scatterDays } from '../../src/kpi/order.ts';
import { NULL_DAY } from '../../src/shared/days.ts';

/** The index by a comparison sort: rows with a day, by day, ties in row order. */
function sortedIndex(days: Int32Array): { rows: number[]; days: number[] } {
  const rows = [...days.keys()].filter((i) => days[i] !== NULL_DAY);
  rows.sort((a, b) => days[a]! - days[b]! || a - b);
  return { rows, days: rows.map((i) => days[i]!) };
}

const day = fc.oneof(
  fc.constant(NULL_DAY),
  fc.integer({ min: -40, max: 40 }),
  fc.integer({ min: 20_000, max: 20_060 }),
);

/**
 * Columns of days about a centre, some far from 0 (beyond 2^29, or by the int32 extremes), some
 * spanning more than the counting window (8192 days about the first day): the counts then take
 * the column's own span, with the same result. A column spans at most 18 000 days (a span
 * counts one slot per day, as the sort always did).
 */
const wideDays = (maxLength: number) =>
  fc
    .tuple(
      fc.constantFrom(0, 20_000, 2 ** 29 + 5, -(2 ** 29) - 5, -(2 ** 31) + 9001, 2 ** 31 - 9001),
      fc.array(
        fc.oneof(fc.constant(null), fc.integer({ min: -9000, max: 9000 }), fc.integer({ min: -40, max: 40 })),
        {
          maxLength,
        },
      ),
    )
    .map(([centre, offsets]) => offsets.map((o) => (o === null ? NULL_DAY : centre + o)));

/** A permutation of 0..n-1 from fast-check's keys (a sort by them). */
const permutation = (keys: readonly number[]): Int32Array =>
  Int32Array.from([...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b));

/** The days cut into parts of the given lengths (a Column's chunks), the rest in a last part. */
function cut(days: Int32Array, lengths: readonly number[]): Int32Array[] {
  const parts: Int32Array[] = [];
  let at = 0;
  for (const n of lengths) {
    if (at >= days.length) break;
    parts.push(days.subarray(at, at + n));
    at += n;
  }
  parts.push(days.subarray(at));
  return parts;
}

describe('dayIndex', () => {
  it('orders the rows with a day as a stable comparison sort does, rows without one left out', () => {
    fc.assert(
      fc.property(fc.array(day, { maxLength: 300 }), (values) => {
        const days = Int32Array.from(values);
        const index = dayIndex(days);
        const expected = sortedIndex(days);
        expect([...index.rows]).toEqual(expected.rows);
        expect([...index.days]).toEqual(expected.days);
      }),
      { numRuns: 2000 },
    );
  });

  it('orders days far apart or at the int32 extremes as a comparison sort does', () => {
    fc.assert(
      fc.property(wideDays(300), (values) => {
        const days = Int32Array.from(values);
        const index = dayIndex(days);
        const expected = sortedIndex(days);
        expect([...index.rows]).toEqual(expected.rows);
        expect([...index.days]).toEqual(expected.days);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives empty arrays for a column without days', () => {
    const index = dayIndex(new Int32Array([NULL_DAY, NULL_DAY]));
    expect(index.rows.length).toBe(0);
    expect(index.days.length).toBe(0);
  });
});

describe('dayRank', () => {
  it("gives each row its place in dayIndex's order (-1 for a row without a day), and the same days", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(day, { maxLength: 300 }), wideDays(300)),
        fc.boolean(),
        fc.boolean(),
        (values, full, ordered) => {
          // Full columns too (the creation days): every row has a day; sorted ones are in order already.
          const some = full ? values.filter((d) => d !== NULL_DAY) : values;
          const days = Int32Array.from(ordered ? some.sort((a, b) => a - b) : some);
          const { rank, days: sorted, inOrder } = dayRank(days);
          const index = dayIndex(days);
          const expected = new Int32Array(days.length).fill(-1);
          index.rows.forEach((row, k) => {
            expected[row] = k;
          });
          expect([...rank]).toEqual([...expected]);
          expect([...sorted]).toEqual([...index.days]);
          expect(inOrder).toBe(rank.every((k, i) => k === i));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('scatterDays', () => {
  it('moves a day column as a scatter by rank does, its counts giving dayIndex of the result', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(day, { maxLength: 300 }), wideDays(300)).chain((days) =>
          fc.tuple(
            fc.constant(days),
            fc.array(fc.tuple(fc.integer(), fc.boolean()), {
              minLength: days.length,
              maxLength: days.length,
            }),
          ),
        ),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }),
        fc.boolean(),
        ([values, rows], lengths, leaveOut) => {
          const days = Int32Array.from(values);
          // Each row's place in a shuffled order; with leaveOut some rows are left out (rank -1), as leads without a creation day.
          const kept = rows.map(([, keep]) => !leaveOut || keep);
          const order = permutation(rows.map(([key]) => key)).filter((row) => kept[row]);
          const rank = new Int32Array(days.length).fill(-1);
          order.forEach((row, k) => {
            rank[row] = k;
          });
          const { days: moved, counts } = scatterDays(cut(days, lengths), rank, order.length);
          expect([...moved]).toEqual([...order].map((row) => days[row]));
          const index = dayIndex(moved, counts);
          const expected = sortedIndex(moved);
          expect([...index.rows]).toEqual(expected.rows);
          expect([...index.days]).toEqual(expected.days);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
