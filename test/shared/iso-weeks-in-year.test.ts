import { getISOWeeksInYear } from 'date-fns/getISOWeeksInYear';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeeksInYear } from '../../src/shared/iso-week.ts';

describe('isoWeeksInYear', () => {
  it('says 53 for long ISO years (2020, 2026, 2032) and 52 otherwise', () => {
    expect([2020, 2025, 2026, 2027, 2032].map(isoWeeksInYear)).toEqual([53, 52, 53, 52, 53]);
  });

  it('agrees with date-fns for every year the grammar accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 9999 }), (year) => {
        expect(isoWeeksInYear(year)).toBe(getISOWeeksInYear(new Date(Date.UTC(year, 5, 1))));
      }),
      { numRuns: 2000 },
    );
  });
});
