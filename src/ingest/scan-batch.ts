import { type BatchArrays, ByteRecords } from './byte-records.ts';
import type { CsvDialect } from './csv.ts';

/**
 * A ByteRecords batch as it crosses between threads (scan-thread.ts): its bytes and arrays,
 * each on a buffer of its own so that they are transferred, not copied. The arrays may be
 * longer than the batch (`length` records, `cells` cells, `used` bytes): the buffers of a batch
 * taken go back to the scan thread to be filled again (no garbage per batch on either side).
 */
export interface ScanBatch extends BatchArrays {
  bytes: Uint8Array;
  used: number;
  /** Bytes of the file read so far (the progress callback's figure). */
  read: number;
}

/** Where the scan thread starts: a record boundary the parent's own scanner reached. */
export interface ScanStart {
  /** The byte offset (after any BOM: the parent read the file's start). */
  offset: number;
  /** The row number of the record starting there. */
  firstLine: number;
}

/** What the parent posts the scan thread. */
export type ScanOrder =
  | {
      type: 'scan';
      path: string;
      dialect: CsvDialect;
      headerLine: number;
      chunk: number;
      start: ScanStart;
      /**
       * The record id's position in a record, when the thread checks the ids (key-check.ts), and
       * about how many records the file holds; null: no check.
       */
      keys: { keyCell: number; expected: number } | null;
      /** Batches the thread may post ahead of those taken (ScanOrder 'took' gives one back). */
      ahead: number;
    }
  /** A batch taken: its buffers, to fill again (null while none is given back yet). */
  | { type: 'took'; spare: ScanBatch | null };

/** What the scan thread posts: ready (its modules loaded), a batch, the end of the file, or why it stopped. */
export type ScanMessage =
  | { type: 'ready' }
  /** `keysClean`: false once a record id so far is not plain or repeats one (ScanOrder keys), else true; null unchecked. */
  | { type: 'batch'; batch: ScanBatch; keysClean: boolean | null }
  | { type: 'end'; read: number; keysClean: boolean | null }
  | { type: 'failed'; message: string; code: string | null };

/** An array of at least `n` items: `spare` when long enough, else a new one. */
function atLeast<T extends Int32Array | Uint8Array>(
  spare: T | undefined,
  n: number,
  make: (n: number) => T,
): T {
  return spare !== undefined && spare.length >= n ? spare : make(n);
}

/**
 * The batch copied out of the scanner's arrays (refilled by its next push) into `spare`'s
 * buffers where they are long enough, else new ones a little longer than needed.
 */
export function packBatch(batch: ByteRecords, read: number, spare: ScanBatch | undefined): ScanBatch {
  const cells = batch.cells;
  const rows = batch.length;
  // The bytes up to the last cell's end: a batch's cells lie in its input, in order.
  const used = cells === 0 ? 0 : batch.ends[cells - 1]!;
  const room = (n: number) => n + (n >>> 3);
  const bytes = atLeast(spare?.bytes, used, (n) => new Uint8Array(room(n)));
  bytes.set(batch.bytes.subarray(0, used));
  const int32 = (n: number) => new Int32Array(room(n));
  const uint8 = (n: number) => new Uint8Array(room(n));
  const out: ScanBatch = {
    bytes,
    used,
    length: rows,
    cells,
    lines: atLeast(spare?.lines, rows, int32),
    firstCell: atLeast(spare?.firstCell, rows + 1, int32),
    starts: atLeast(spare?.starts, cells, int32),
    ends: atLeast(spare?.ends, cells, int32),
    kinds: atLeast(spare?.kinds, cells, uint8),
    odd: atLeast(spare?.odd, rows, uint8),
    read,
  };
  out.lines.set(batch.lines.subarray(0, rows));
  out.firstCell.set(batch.firstCell.subarray(0, rows + 1));
  out.starts.set(batch.starts.subarray(0, cells));
  out.ends.set(batch.ends.subarray(0, cells));
  out.kinds.set(batch.kinds.subarray(0, cells));
  out.odd.set(batch.odd.subarray(0, rows));
  return out;
}

/** The buffers of a packed batch, to transfer. */
export function batchBuffers(batch: ScanBatch): ArrayBuffer[] {
  return [
    batch.bytes.buffer,
    batch.lines.buffer,
    batch.firstCell.buffer,
    batch.starts.buffer,
    batch.ends.buffer,
    batch.kinds.buffer,
    batch.odd.buffer,
  ] as ArrayBuffer[];
}

/** A packed batch as a ByteRecords again (its arrays adopted, not copied). */
export function unpackBatch(packed: ScanBatch): ByteRecords {
  const bytes = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.used);
  return ByteRecords.adopt(bytes, packed);
}
