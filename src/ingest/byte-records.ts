import { decodeCell } from './csv-memo.ts';

/** How a cell's bytes become its text (what CsvScanner's string records hold). */
export const PLAIN_CELL = 0;
/** A quoted cell (offsets inside the quotes): `""` is one quote. */
export const QUOTED_CELL = 1;
/** A quoted cell never closed: the rest of the input, as written. */
export const RAW_CELL = 2;
const EMPTY = Buffer.alloc(0);

/** A batch's counts and arrays (ByteRecords' own, or a batch's as another thread sent them: scan-batch.ts). */
export interface BatchArrays {
  length: number;
  cells: number;
  lines: Int32Array;
  firstCell: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
  odd: Uint8Array;
}

/**
 * A batch of CSV records as the bytes they were read from (csv-scan.ts in byte mode): per
 * record its row number and its cells' start / end offsets into `bytes`, no string per cell.
 * Quoted cells are given by the offsets inside their quotes. `record(i)` gives exactly the
 * record the scanner's string mode gives (same cells, same text), so any record can be mapped
 * the usual way; a reader of the bytes (lead-lane.ts) reads the others as they are.
 * `odd[i]` is 1 when a quoted cell of record i held a quote of its own (`""` or a stray one),
 * or was never closed: its text is not its bytes as they stand.
 *
 * A batch the scanner gives is valid until the scanner's next pushBytes / endBytes: the scanner
 * fills the same arrays (and the same work buffer) again for the next chunk (no garbage per
 * chunk). A consumer that needs a batch later copies what it needs first.
 */
export class ByteRecords {
  bytes: Buffer;
  length = 0;
  lines: Int32Array;
  /** Record i's cells are cells firstCell[i] .. firstCell[i + 1] - 1. */
  firstCell: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  kinds: Uint8Array;
  odd: Uint8Array;
  /** Cells written so far (the unfinished record's included). */
  cells = 0;
  #oddRow = 0;

  constructor(bytes: Buffer) {
    this.bytes = bytes;
    const rows = (bytes.length >>> 6) + 16;
    this.lines = new Int32Array(rows);
    this.firstCell = new Int32Array(rows + 1);
    this.odd = new Uint8Array(rows);
    const cells = rows * 8;
    this.starts = new Int32Array(cells);
    this.ends = new Int32Array(cells);
    this.kinds = new Uint8Array(cells);
  }

  /**
   * A batch of arrays filled elsewhere (scan-batch.ts: a batch scanned on another thread),
   * adopted as they are: `cells` cells and `length` records, the arrays at least that long.
   */
  static adopt(bytes: Buffer, parts: BatchArrays): ByteRecords {
    const batch = new ByteRecords(EMPTY);
    batch.bytes = bytes;
    batch.length = parts.length;
    batch.cells = parts.cells;
    batch.lines = parts.lines;
    batch.firstCell = parts.firstCell;
    batch.starts = parts.starts;
    batch.ends = parts.ends;
    batch.kinds = parts.kinds;
    batch.odd = parts.odd;
    return batch;
  }

  /** Empties the batch for records read from `bytes`, keeping its arrays (grown to the largest batch so far). */
  reset(bytes: Buffer): void {
    this.bytes = bytes;
    this.length = 0;
    this.cells = 0;
    this.#oddRow = 0;
  }

  /** Appends a cell to the record being read. */
  addCell(start: number, end: number, kind: number, odd: boolean): void {
    const n = this.cells;
    if (n === this.starts.length) this.growCells();
    this.starts[n] = start;
    this.ends[n] = end;
    this.kinds[n] = kind;
    if (odd || kind === RAW_CELL) this.#oddRow = 1;
    this.cells = n + 1;
  }

  /** Closes the record being read, as row `line`. */
  endRecord(line: number): void {
    const r = this.length;
    if (r + 1 >= this.lines.length) this.#growRows();
    this.lines[r] = line;
    this.odd[r] = this.#oddRow;
    this.#oddRow = 0;
    this.length = r + 1;
    this.firstCell[r + 1] = this.cells;
  }

  /** Forgets the record being read (unfinished, or before the first wanted). */
  dropRecord(): void {
    this.cells = this.firstCell[this.length]!;
    this.#oddRow = 0;
  }

  /** The number of cells of record i. */
  width(i: number): number {
    return this.firstCell[i + 1]! - this.firstCell[i]!;
  }

  /** The text of cell `c` (an index into starts / ends), as the string scanner gives it. */
  text(c: number): string {
    const start = this.starts[c]!;
    const end = this.ends[c]!;
    if (start === end) return '';
    const bytes = this.bytes;
    let or = 0;
    for (let i = start; i < end; i++) or |= bytes[i]!;
    const text = decodeCell(bytes, start, end, or);
    return this.kinds[c] === QUOTED_CELL && text.includes('""') ? text.replaceAll('""', '"') : text;
  }

  /** Record i, as the string scanner gives it. */
  record(i: number): { line: number; cells: string[] } {
    const from = this.firstCell[i]!;
    const to = this.firstCell[i + 1]!;
    const cells: string[] = new Array(to - from);
    for (let c = from; c < to; c++) cells[c - from] = this.text(c);
    return { line: this.lines[i]!, cells };
  }

  /** Doubles the cell arrays (the cells written so far kept). */
  growCells(): void {
    const size = this.starts.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a as never);
      return b;
    };
    this.starts = grow(this.starts, (n) => new Int32Array(n));
    this.ends = grow(this.ends, (n) => new Int32Array(n));
    this.kinds = grow(this.kinds, (n) => new Uint8Array(n));
  }

  #growRows(): void {
    const size = this.lines.length * 2;
    const lines = new Int32Array(size);
    lines.set(this.lines);
    this.lines = lines;
    const odd = new Uint8Array(size);
    odd.set(this.odd);
    this.odd = odd;
    const first = new Int32Array(size + 1);
    first.set(this.firstCell);
    this.firstCell = first;
  }
}
