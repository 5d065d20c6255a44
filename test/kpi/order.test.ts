import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayIndex, dayRank } from '../../src/kpi/order.ts';
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

  it('gives empty arrays for a column without days', () => {
    const index = dayIndex(new Int32Array([NULL_DAY, NULL_DAY]));
    expect(index.rows.length).toBe(0);
    expect(index.days.length).toBe(0);
  });
});

describe('dayRank', () => {
  it("gives each row its place in dayIndex's order (-1 for a row without a day), and the same days", () => {
    fc.assert(
      fc.property(fc.array(day, { maxLength: 300 }), fc.boolean(), (values, full) => {
        // Full columns too (the creation days): every row has a day.
        const days = Int32Array.from(full ? values.filter((d) => d !== NULL_DAY) : values);
        const { rank, days: sorted } = dayRank(days);
        const index = dayIndex(days);
        const expected = new Int32Array(days.length).fill(-1);
        index.rows.forEach((row, k) => {
          expected[row] = k;
        });
        expect([...rank]).toEqual([...expected]);
        expect([...sorted]).toEqual([...index.days]);
      }),
      { numRuns: 2000 },
    );
  });
});
