import { ByteRecords, PLAIN_CELL, QUOTED_CELL, RAW_CELL } from './byte-records.ts';
import type { CsvDialect, CsvRecord } from './csv.ts';
import { CellMemo } from './csv-memo.ts';

/**
 * CSV records read straight from the bytes of a UTF-8 file, without decoding the file to text
 * first: each cell is decoded on its own (latin1Slice when all its bytes are ASCII, else
 * utf8Slice), and a cell whose bytes a column already held is given the same string again
 * (csv-memo.ts), so a channel, a country or a day costs no new string per row.
 *
 * It gives exactly the records readCsv (csv.ts, papaparse's Parser) gives for the same text,
 * however the bytes are cut into chunks (test/ingest/csv-scan.property.test.ts): the rules are
 * papaparse's, restated on bytes. A field starting with a quote runs to a quote followed by the
 * delimiter or the newline (blanks in between allowed); `""` inside it is one quote; any other
 * quote inside it is kept as text. A quote inside an unquoted field is text. A record is only
 * given once its newline is seen (or at the end); a quoted field never closed takes the rest
 * of the input, as written. Blank lines are records of one empty cell (row numbers count them).
 *
 * `ScanDialect.ascii` tells whether the dialect can be read this way: a one-byte ASCII
 * delimiter and the double quote. Any other file goes through readCsv.
 */
export class CsvScanner {
  readonly #delimiter: number;
  readonly #nl0: number;
  /** The newline's second byte (CRLF), -1 for a one-byte newline. */
  readonly #nl1: number;
  readonly #nlLength: number;
  readonly #quote = 0x22;
  #tail: Buffer | null = null;
  #line: number;
  #atStart: boolean;
  readonly #memo = new CellMemo();

  /**
   * `firstLine`: the row number of the first record (1 at a file's start); `atFileStart`: a BOM
   * there is skipped; `bytes`: records are given as byte batches (pushBytes / endBytes, no string
   * per cell), leaving out those up to row `skipThrough`.
   */
  constructor(
    dialect: CsvDialect,
    options: { firstLine?: number; atFileStart?: boolean; bytes?: boolean; skipThrough?: number } = {},
  ) {
    if (!scannable(dialect))
      throw new Error(`CsvScanner: dialect not scannable (${JSON.stringify(dialect)})`);
    this.#delimiter = dialect.delimiter.charCodeAt(0);
    this.#nl0 = dialect.newline.charCodeAt(0);
    this.#nl1 = dialect.newline.length === 2 ? dialect.newline.charCodeAt(1) : -1;
    this.#nlLength = dialect.newline.length;
    this.#line = (options.firstLine ?? 1) - 1;
    this.#atStart = options.atFileStart ?? true;
    this.#bytes = options.bytes ?? false;
    this.#skipThrough = options.skipThrough ?? 0;
  }

  /** Byte mode's push: the batches of records completed by this chunk. */
  pushBytes(chunk: Uint8Array): ByteRecords[] {
    this.push(chunk);
    return this.#takeBatches();
  }

  /** Byte mode's end: the batches of the file's last records. */
  endBytes(): ByteRecords[] {
    this.end();
    return this.#takeBatches();
  }

  #batches: ByteRecords[] = [];

  #takeBatches(): ByteRecords[] {
    const out = this.#batches;
    this.#batches = [];
    return out;
  }

  /**
   * The batches filled so far, by their place in a push's answer: refilled by the next push (a
   * batch is consumed before it, byte-records.ts), so no typed arrays per chunk.
   */
  readonly #pool: ByteRecords[] = [];

  /** #scan into string records (`out`) or, in byte mode, into a batch of its own. */
  #run(input: Buffer, final: boolean, out: CsvRecord[]): number {
    if (!this.#bytes) return this.#scan(input, final, out);
    const at = this.#batches.length;
    let batch = this.#pool[at];
    if (batch === undefined) {
      batch = new ByteRecords(input);
      this.#pool[at] = batch;
    } else batch.reset(input);
    this.#batch = batch;
    const cursor = this.#scanBytes(input, final, batch);
    this.#batch = null;
    if (batch.length > 0) this.#batches.push(batch);
    return cursor;
  }

  /** The row number of the last record read (those left out by `skipThrough` and blank ones counted). */
  get line(): number {
    return this.#line;
  }

  /** Whether the file's first bytes are still to come (a BOM not yet told from text: fewer than three read). */
  get atFileStart(): boolean {
    return this.#atStart;
  }

  /** Bytes of the unfinished record kept for the next chunk: 0 when the input so far ends at a record boundary. */
  get pending(): number {
    return this.#tail?.length ?? 0;
  }

  /** The records completed by this chunk (the unfinished last one waits for the next chunk). */
  push(chunk: Uint8Array): CsvRecord[] {
    let input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#atStart) {
      // A BOM is skipped, once its three bytes are in.
      const head = this.#tail ? Buffer.concat([this.#tail, input]) : input;
      this.#tail = null;
      if (head.length < 3) {
        this.#tail = Buffer.from(head);
        return [];
      }
      this.#atStart = false;
      input = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    }
    return this.#take(input);
  }

  /** The records complete in the tail and `input`; the unfinished one is kept as the tail. */
  #take(chunk: Buffer): CsvRecord[] {
    const input = this.#tail ? this.#join(this.#tail, chunk) : chunk;
    this.#tail = null;
    if (input.length === 0) return [];
    const records: CsvRecord[] = [];
    const cursor = this.#run(input, false, records);
    // The unfinished record is copied: the chunk's buffer may be reused by the stream.
    if (cursor < input.length) this.#tail = Buffer.from(input.subarray(cursor));
    return records;
  }

  /**
   * Where the tail and the next chunk are joined: one buffer grown to the largest join, not a
   * Buffer.concat per chunk. Rewritten by the next push, as the batches read from it are.
   */
  #work: Buffer = Buffer.alloc(0);

  /** The tail followed by `chunk`, in #work. */
  #join(tail: Buffer, chunk: Buffer): Buffer {
    const length = tail.length + chunk.length;
    if (this.#work.length < length) this.#work = Buffer.allocUnsafe(Math.max(length, this.#work.length * 2));
    const work = this.#work;
    tail.copy(work, 0);
    chunk.copy(work, tail.length);
    return work.subarray(0, length);
  }

  /** The file's last record, with or without a final newline. */
  end(): CsvRecord[] {
    const records: CsvRecord[] = [];
    if (this.#atStart) {
      // Fewer than three bytes in all: read as a chunk first.
      this.#atStart = false;
      const head = this.#tail;
      this.#tail = null;
      if (head !== null) {
        const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
        records.push(...this.#take(bom ? head.subarray(3) : head));
      }
    }
    let input = this.#tail;
    this.#tail = null;
    if (input === null || input.length === 0) return records;
    // As readCsv: one final newline is not a record of its own.
    const n = input.length;
    const nl = this.#nlLength;
    if (n >= nl && input[n - nl] === this.#nl0 && (nl === 1 || input[n - 1] === this.#nl1))
      input = input.subarray(0, n - nl);
    // An empty text gives no record (papaparse returns none for "").
    if (input.length > 0) this.#run(input, true, records);
    return records;
  }

  /** The position of the first newline at or after `from`, -1 when none. */
  #newlineAt(input: Buffer, from: number): number {
    const nl0 = this.#nl0;
    const nl1 = this.#nl1;
    let at = input.indexOf(nl0, from);
    if (nl1 < 0) return at;
    while (at >= 0 && input[at + 1] !== nl1) at = input.indexOf(nl0, at + 1);
    return at;
  }

  /** Whether the newline starts at `at`. */
  #isNewline(input: Buffer, at: number): boolean {
    return input[at] === this.#nl0 && (this.#nl1 < 0 || input[at + 1] === this.#nl1);
  }

  /**
   * papaparse's parse loop on bytes, string mode: appends the complete records to `out`, and
   * returns where the first unfinished one starts (`final`: the input is the whole rest, the
   * last record ends it).
   */
  #scan(input: Buffer, final: boolean, out: CsvRecord[]): number {
    const n = input.length;
    const D = this.#delimiter;
    const NL0 = this.#nl0;
    const NL1 = this.#nl1;
    const nlLength = this.#nlLength;
    const Q = this.#quote;
    this.#input = input;
    this.#out = out;
    let cursor = 0;
    let lastCursor = 0;
    for (;;) {
      if (cursor < n && input[cursor] === Q) {
        cursor = this.#quoted(input, cursor, final);
        if (cursor === UNFINISHED) return this.#unfinished(lastCursor);
        if (cursor === AT_END) return n;
        if (this.#ended) lastCursor = cursor;
        continue;
      }
      // An unquoted field: up to the delimiter or the newline.
      let i = cursor;
      let high = 0;
      let c = 0;
      for (; i < n; i++) {
        c = input[i]!;
        if (c === D) break;
        if (c === NL0 && (NL1 < 0 || input[i + 1] === NL1)) break;
        high |= c;
      }
      if (i < n && c === D) {
        this.#cell(cursor, i, high, PLAIN_CELL, false);
        cursor = i + 1;
        continue;
      }
      if (i < n) {
        this.#cell(cursor, i, high, PLAIN_CELL, false);
        this.#endRow();
        cursor = i + nlLength;
        lastCursor = cursor;
        continue;
      }
      if (!final) return this.#unfinished(lastCursor);
      this.#cell(cursor, n, high, PLAIN_CELL, false);
      this.#endRow();
      return n;
    }
  }

  /**
   * #scan in byte mode, into `batch`: the same rules, with the unquoted field (the usual one)
   * read by a loop of its own: no OR of its bytes (only string mode decodes), and its offsets
   * written straight into the batch's arrays (a plain cell never makes its record odd).
   */
  #scanBytes(input: Buffer, final: boolean, batch: ByteRecords): number {
    const n = input.length;
    const D = this.#delimiter;
    const NL0 = this.#nl0;
    const NL1 = this.#nl1;
    const nlLength = this.#nlLength;
    const Q = this.#quote;
    let cells = batch.cells;
    let starts = batch.starts;
    let ends = batch.ends;
    let kinds = batch.kinds;
    let cursor = 0;
    let lastCursor = 0;
    for (;;) {
      if (cursor < n && input[cursor] === Q) {
        batch.cells = cells;
        cursor = this.#quoted(input, cursor, final);
        if (cursor === UNFINISHED) return this.#unfinished(lastCursor);
        if (cursor === AT_END) return n;
        if (this.#ended) lastCursor = cursor;
        // The batch's arrays may have grown.
        cells = batch.cells;
        starts = batch.starts;
        ends = batch.ends;
        kinds = batch.kinds;
        continue;
      }
      // An unquoted field: up to the delimiter or the newline (a first newline byte not
      // followed by the second is text).
      let i = cursor;
      let c = 0;
      for (;;) {
        while (i < n) {
          c = input[i]!;
          if (c === D || c === NL0) break;
          i++;
        }
        if (i >= n || c === D || NL1 < 0 || input[i + 1] === NL1) break;
        i++;
      }
      if (cells === starts.length) {
        batch.cells = cells;
        batch.growCells();
        starts = batch.starts;
        ends = batch.ends;
        kinds = batch.kinds;
      }
      if (i < n && c === D) {
        starts[cells] = cursor;
        ends[cells] = i;
        kinds[cells] = PLAIN_CELL;
        cells++;
        cursor = i + 1;
        continue;
      }
      if (i >= n && !final) {
        batch.cells = cells;
        return this.#unfinished(lastCursor);
      }
      starts[cells] = cursor;
      ends[cells] = i;
      kinds[cells] = PLAIN_CELL;
      batch.cells = cells + 1;
      this.#endRow();
      // A record left out (skipThrough) takes its cells back.
      cells = batch.cells;
      if (i >= n) return n;
      cursor = i + nlLength;
      lastCursor = cursor;
    }
  }

  /** Set by #quoted: whether the field it read ended its record. */
  #ended = false;

  /**
   * A quoted field starting at `cursor` (its opening quote): adds its cell (and ends the record
   * when the newline follows), and returns where the next field starts, UNFINISHED when the
   * input ends before it can be told (not `final`), or AT_END when the field ends the input.
   */
  #quoted(input: Buffer, cursor: number, final: boolean): number {
    const n = input.length;
    const D = this.#delimiter;
    const NL0 = this.#nl0;
    const NL1 = this.#nl1;
    const nlLength = this.#nlLength;
    const Q = this.#quote;
    this.#ended = false;
    const start = cursor + 1;
    let q = cursor;
    // Whether a quote inside the field was met (its text is then not its bytes as they stand).
    let inner = false;
    for (;;) {
      q = quoteAt(input, q + 1, n, Q);
      if (q === -1) {
        if (!final) return UNFINISHED;
        // Never closed: the rest of the input, as written.
        this.#cell(start, n, -1, RAW_CELL, true);
        this.#endRow();
        return AT_END;
      }
      if (q === n - 1) {
        if (!final) return UNFINISHED;
        this.#cell(start, q, -1, QUOTED_CELL, inner);
        this.#endRow();
        return AT_END;
      }
      if (input[q + 1] === Q) {
        q++;
        inner = true;
        continue;
      }
      // The usual close, right before the delimiter or the newline: what the searches
      // below conclude then, without them (no blank in between to look for).
      if (input[q + 1] === D) {
        this.#cell(start, q, -1, QUOTED_CELL, inner);
        return q + 2;
      }
      if (input[q + 1] === NL0 && (NL1 < 0 || input[q + 2] === NL1)) {
        this.#cell(start, q, -1, QUOTED_CELL, inner);
        this.#endRow();
        this.#ended = true;
        return q + 1 + nlLength;
      }
      const nextDelim = input.indexOf(D, q + 1);
      const nextNewline = this.#newlineAt(input, q + 1);
      const checkUpTo = nextNewline === -1 ? nextDelim : Math.min(nextDelim, nextNewline);
      const spaces = blanksBetween(input, q + 1, checkUpTo);
      if (input[q + 1 + spaces] === D) {
        this.#cell(start, q, -1, QUOTED_CELL, inner);
        return q + 1 + spaces + 1;
      }
      const spacesToNewline = blanksBetween(input, q + 1, nextNewline);
      if (this.#isNewline(input, q + 1 + spacesToNewline)) {
        this.#cell(start, q, -1, QUOTED_CELL, inner);
        this.#endRow();
        this.#ended = true;
        return q + 1 + spacesToNewline + nlLength;
      }
      // A quote inside the field, not closing it: kept as text, the search goes on.
      inner = true;
    }
  }

  // The record being read: its cells as text (string mode), or as offsets into #batch.
  #input: Buffer = Buffer.alloc(0);
  #out: CsvRecord[] = [];
  #row: string[] = [];
  /** The byte batch being filled (byte mode), else null. */
  #batch: ByteRecords | null = null;
  readonly #bytes: boolean;
  /** Records up to this row number are read but not kept (byte mode: the lines above the data). */
  readonly #skipThrough: number;

  /** A cell of the record being read: `kind` PLAIN_CELL (`high`: the OR of its bytes), QUOTED_CELL or RAW_CELL. */
  #cell(start: number, end: number, high: number, kind: number, inner: boolean): void {
    const batch = this.#batch;
    if (batch !== null) {
      batch.addCell(start, end, kind, inner);
      return;
    }
    const row = this.#row;
    const text = this.#memo.cell(row.length, this.#input, start, end, high);
    row.push(kind === QUOTED_CELL ? unquote(text) : text);
  }

  #endRow(): void {
    this.#line += 1;
    const batch = this.#batch;
    if (batch !== null) {
      if (this.#line <= this.#skipThrough) batch.dropRecord();
      else batch.endRecord(this.#line);
      return;
    }
    this.#out.push({ line: this.#line, cells: this.#row });
    this.#row = [];
  }

  /** The input ends inside a record: it is read again with the next chunk. */
  #unfinished(cursor: number): number {
    if (this.#batch !== null) this.#batch.dropRecord();
    else this.#row = [];
    return cursor;
  }
}

/** #quoted's answers other than a cursor. */
const UNFINISHED = -1;
const AT_END = -2;

/**
 * input.indexOf(quote, from), by a loop: quoted cells are short (an export that quotes every
 * cell has ~20 a record), and Buffer.indexOf's call into the runtime costs more than the loop.
 */
function quoteAt(input: Buffer, from: number, n: number, quote: number): number {
  for (let i = from; i < n; i++) if (input[i] === quote) return i;
  return -1;
}

/** Whether a dialect can be scanned as bytes: a one-byte ASCII delimiter, the double quote. */
export function scannable(dialect: CsvDialect): boolean {
  const d = dialect.delimiter;
  return d.length === 1 && d.charCodeAt(0) < 0x80 && d !== '"' && dialect.quote === '"';
}

/** `""` → `"` inside a quoted field. */
function unquote(text: string): string {
  return text.includes('""') ? text.replaceAll('""', '"') : text;
}

/**
 * papaparse's extraSpaces, in bytes: the length of the stretch between a closing quote (`from`)
 * and `to` when it is all blank (String.prototype.trim's blanks) and not empty, else 0.
 */
function blanksBetween(input: Buffer, from: number, to: number): number {
  if (to === -1 || to <= from) return 0;
  return input.toString('utf8', from, to).trim() === '' ? to - from : 0;
}
