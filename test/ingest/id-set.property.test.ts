import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv32, hash52, RowIndex } from '../../src/ingest/id-set.ts';

describe('RowIndex (property)', () => {
  it('takes a key claimed by its text and by its hashes (hash52, fnv32) for one key', () => {
    // data/lead-parts.ts hashes keys on the ranges' threads; putLead hashes them here.
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 80 }), { maxLength: 200 }),
        fc.nat(5),
        (keys, space) => {
          const index = new RowIndex();
          keys.forEach((key, row) => {
            expect(index.claimSeen(space, key, row, 1, row + 1)).toBe(-1);
          });
          keys.forEach((key, row) => {
            expect(index.claimSeenHashed(space, hash52(key), fnv32(key), -5, 2, 1)).toBe(row);
            expect(index.firstLine).toBe(0);
            expect(index.claimSeen(space, key, -5, 2, 7)).toBe(row);
            expect(index.firstLine).toBe(1);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
