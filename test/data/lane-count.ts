import type { ByteRecords } from '../../src/ingest/byte-records.ts';

/**
 * How many records a byte lane maps (counted around its prototype's `row`), to tell that the
 * lane ran in a test comparing it with the usual way; `restore` puts `row` back.
 */
export function countLane(prototype: { row(batch: ByteRecords, i: number): boolean }): {
  mapped: number;
  restore: () => void;
} {
  const original = prototype.row;
  const counter = { mapped: 0, restore: () => (prototype.row = original) };
  prototype.row = function (this: unknown, batch: ByteRecords, i: number) {
    const done = original.call(this, batch, i);
    if (done) counter.mapped++;
    return done;
  };
  return counter;
}
