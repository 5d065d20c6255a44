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

  it('answers claims, passes and moves as a map of the keys does, through growth and reserves', () => {
    // The model: space + key → its row, and the pass and line it was last first-claimed in.
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('claim' as const),
        key: fc.nat(400),
        space: fc.nat(2),
        row: fc.nat(1000),
      }),
      fc.record({
        kind: fc.constant('move' as const),
        key: fc.nat(400),
        space: fc.nat(2),
        row: fc.nat(1000),
      }),
      fc.record({ kind: fc.constant('pass' as const) }),
      fc.record({ kind: fc.constant('reserve' as const), more: fc.nat(20_000) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const index = new RowIndex();
        const model = new Map<string, { row: number; pass: number; line: number }>();
        let pass = 1;
        ops.forEach((o, line) => {
          if (o.kind === 'pass') pass++;
          else if (o.kind === 'reserve') index.reserve(o.more);
          else if (o.kind === 'move') {
            index.move(o.space, `k${o.key}`, o.row);
            const held = model.get(`${o.space}|k${o.key}`);
            if (held) held.row = o.row;
          } else {
            const held = model.get(`${o.space}|k${o.key}`);
            const at = index.claimSeen(o.space, `k${o.key}`, o.row, pass, line);
            expect(at).toBe(held ? held.row : -1);
            if (held && held.pass === pass) expect(index.firstLine).toBe(held.line || 1);
            else {
              expect(index.firstLine).toBe(0);
              if (held) Object.assign(held, { pass, line });
              else model.set(`${o.space}|k${o.key}`, { row: o.row, pass, line });
            }
          }
        });
        expect(index.size).toBe(model.size);
      }),
      { numRuns: 200 },
    );
  });
});
