import type { ByteRecords } from './byte-records.ts';
import { hashPlainIdCell, ID_HASHED } from './id-cell.ts';
import { keyHashes, slotOf, tableLength } from './id-set.ts';

/**
 * Whether a lead file's record ids are all distinct, checked on the scan thread (scan-serve.ts)
 * while the records are mapped on the other: a sink that took every row as new
 * (ColumnSink.deferKeys) then has nothing to look up. `clean` holds only when every record's
 * id cell is plain (read from its bytes as it stands: its key is then the hash of those bytes,
 * as the sink hashes the id, lane or not) and no two ids share a 52-bit hash; a record whose id
 * cell is empty, not plain, missing or in an odd record makes the answer unknown (false), as
 * does a hash met twice, even in a record the mapping refuses or for two ids that only share a
 * hash: the sink then claims the keys itself, and its answer is the exact one.
 */
export class KeyCheck {
  readonly #keyCell: number;
  /** The hashes seen (0: an empty slot; hash52 is never 0), open addressing, under 70 % load. */
  #slots: Float64Array;
  #size = 0;
  /** One batch's hashes, read ahead of their inserts. */
  #batch = new Float64Array(4096);
  clean = true;

  constructor(keyCell: number, expected: number) {
    this.#keyCell = keyCell;
    this.#slots = new Float64Array(tableLength(expected));
  }

  check(batch: ByteRecords): void {
    if (!this.clean) return;
    const { firstCell, odd } = batch;
    const keyCell = this.#keyCell;
    const n = batch.length;
    if (this.#batch.length < n) this.#batch = new Float64Array(n * 2);
    const hashes = this.#batch;
    for (let i = 0; i < n; i++) {
      const first = firstCell[i]!;
      if (
        odd[i] === 1 ||
        firstCell[i + 1]! - first <= keyCell ||
        hashPlainIdCell(batch, first + keyCell) !== ID_HASHED
      ) {
        this.clean = false;
        return;
      }
      hashes[i] = keyHashes.h52;
    }
    if ((this.#size + n) / this.#slots.length > 0.7) this.#grow(this.#size + n);
    // The batch's slots are read first, together (their cache misses overlap), then filled.
    const slots = this.#slots;
    const mask = slots.length - 1;
    let touched = 0;
    for (let i = 0; i < n; i++) touched += slots[slotOf(hashes[i]!, mask)]!;
    this.touched = touched;
    for (let i = 0; i < n; i++) {
      if (!this.#insert(hashes[i]!)) {
        this.clean = false;
        return;
      }
    }
  }

  /** What the read ahead summed (kept, so the reads are not dropped as dead). */
  touched = 0;

  /** Adds a hash; false when it was there. */
  #insert(hash: number): boolean {
    const slots = this.#slots;
    const mask = slots.length - 1;
    let i = slotOf(hash, mask);
    for (;;) {
      const v = slots[i]!;
      if (v === 0) break;
      if (v === hash) return false;
      i = (i + 1) & mask;
    }
    slots[i] = hash;
    this.#size++;
    return true;
  }

  #grow(keys: number): void {
    const old = this.#slots;
    this.#slots = new Float64Array(tableLength(keys * 2));
    this.#size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.#insert(old[i]!);
  }
}
