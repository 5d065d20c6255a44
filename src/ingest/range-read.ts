import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { ByteRecords } from './byte-records.ts';
import { type CsvDialect, type CsvRange, type CsvRecord, readCsv } from './csv.ts';
import { CsvScanner, scannable } from './csv-scan.ts';
import type { TextEncoding } from './decode.ts';
import type { SourceRecord } from './writer.ts';

/** A byte range of a CSV file in a byte-splittable encoding (UTF-8, Windows-1252). */
export interface ByteRange {
  path: string;
  encoding: TextEncoding;
  dialect: CsvDialect;
  /** A record boundary (0: the file's start, BOM and all). */
  start: number;
  /** Where the range is meant to end: it ends at the first record boundary at or after it. */
  end: number;
  size: number;
}

/** What reading a range found: its records and where it really ended. */
export interface RangeRead {
  /** Every record read, blank ones too (row numbers in the range run 1…records). */
  records: number;
  /** The record boundary the range ended at (`end`, or later when `end` fell inside a record). */
  end: number;
}

const READ_CHUNK = 256 * 1024;
/** The byte a record's line ends with (the last byte of CRLF). */
const newlineByte = (dialect: CsvDialect): number => (dialect.newline === '\r' ? 0x0d : 0x0a);
const EMPTY = Buffer.alloc(0);

/** How a range's records are given: as byte batches (a writer that takes them), and the lines left out. */
export interface RangeReadOptions {
  /**
   * UTF-8 records as byte batches (csv-scan.ts byte mode, RowWriter.takesBytes), as file.ts
   * streams a whole file to such a writer; other encodings are given as records of text anyway.
   */
  bytes?: boolean;
  /** Records up to this row number (the header and the lines above it) are read and counted, not given. */
  skipThrough?: number;
}

/**
 * The records of a byte range, parsed exactly as the whole file's stream is: a range that
 * starts at a record boundary reads the same records as the file does from there (with the
 * same row numbers, counted from the range's first record), and the range's end is checked, not
 * assumed. The parser says after each chunk whether the bytes read so far end at a record
 * boundary (a newline outside quotes); when `end` falls inside a record (a quoted cell with a
 * newline) the range reads on, one line at a time, up to the next boundary. `read.end` is then
 * where the next range must start to be a true boundary. A byte batch is valid until the next
 * one is asked for (byte-records.ts).
 */
export function readRange(
  range: ByteRange,
  options: RangeReadOptions = {},
): { batches: AsyncIterable<readonly SourceRecord[] | ByteRecords>; read: RangeRead } {
  const read: RangeRead = { records: 0, end: range.end };
  const skip = options.skipThrough ?? 0;
  // As file.ts reads the whole file: UTF-8 as bytes (csv-scan.ts), other encodings as text.
  if (range.encoding === 'utf8' && scannable(range.dialect))
    return { batches: scanRange(range, read, options.bytes === true, skip), read };
  const state: CsvRange = { tail: 0, eof: range.end >= range.size };
  async function* batches(): AsyncIterable<SourceRecord[]> {
    for await (const batch of readCsv(rangeText(range, state, read), range.dialect, state)) {
      read.records += batch.length;
      const rest = afterLine(batch, skip);
      if (rest.length > 0) yield rest;
    }
  }
  return { batches: batches(), read };
}

/** The records of a batch after row `skip` (the batch itself when none is left out). */
function afterLine<T extends SourceRecord>(batch: T[], skip: number): T[] {
  const first = batch[0];
  return skip === 0 || (first && first.line > skip) ? batch : batch.filter((r) => r.line > skip);
}

/**
 * The records of a UTF-8 range read by CsvScanner, which says when a record is open: as byte
 * batches (`bytes`, the records up to row `skip` left out by the scanner) or as records of text.
 */
async function* scanRange(
  range: ByteRange,
  read: RangeRead,
  bytes: boolean,
  skip: number,
): AsyncIterable<CsvRecord[] | ByteRecords> {
  const { path, start } = range;
  const end = Math.min(range.end, range.size);
  // A BOM is the file's, skipped at its start only (a range further on keeps what it reads).
  const scanner = new CsvScanner(range.dialect, { atFileStart: start === 0, bytes, skipThrough: skip });
  // What one push (or the end) completed, as the batches to give.
  const given = (records: CsvRecord[]): CsvRecord[][] => {
    if (bytes) return [];
    const rest = afterLine(records, skip);
    return rest.length > 0 ? [rest] : [];
  };
  const push = (chunk: Buffer): (CsvRecord[] | ByteRecords)[] =>
    bytes ? scanner.pushBytes(chunk) : given(scanner.push(chunk));
  try {
    if (end > start) {
      for await (const chunk of createReadStream(path, { start, end: end - 1, highWaterMark: READ_CHUNK }))
        yield* push(chunk as Buffer);
    }
    read.end = end;
    if (end < range.size && scanner.pending > 0) {
      for await (const line of linesAfter(range, end)) {
        const batches = push(line);
        read.end += line.length;
        yield* batches;
        if (scanner.pending === 0) return;
      }
    } else if (end < range.size) return;
    // The range reached the end of the file: the last record, with or without a final newline.
    yield* bytes ? scanner.endBytes() : given(scanner.end());
  } finally {
    // Every record read, blank ones and those left out too (row numbers in the range run 1…records).
    read.records = scanner.line;
  }
}

/** The file's bytes from `from` on, one line (up to and with a newline's last byte) at a time. */
async function* linesAfter(range: ByteRange, from: number): AsyncIterable<Buffer> {
  const newline = newlineByte(range.dialect);
  const handle = await open(range.path, 'r');
  try {
    let pending: Buffer = EMPTY;
    let at = from;
    for (;;) {
      let cut = pending.indexOf(newline);
      while (cut < 0) {
        const more = Buffer.alloc(64 * 1024);
        const { bytesRead } = await handle.read(more, 0, more.length, at + pending.length);
        if (bytesRead === 0) {
          if (pending.length > 0) yield pending;
          return;
        }
        pending = Buffer.concat([pending, more.subarray(0, bytesRead)]);
        cut = pending.indexOf(newline);
      }
      const line = pending.subarray(0, cut + 1);
      pending = pending.subarray(cut + 1);
      at += line.length;
      yield line;
    }
  } finally {
    await handle.close();
  }
}

/** The range's text: the bytes up to `end`, then (while a record is open) line after line. */
async function* rangeText(range: ByteRange, state: CsvRange, read: RangeRead): AsyncIterable<string> {
  const { path, encoding, start } = range;
  const end = Math.min(range.end, range.size);
  // A BOM is the file's, stripped at its start only (a range further on keeps what it reads).
  const decoder = iconv.decodeStream(encoding, { stripBOM: start === 0 });
  if (end > start) {
    const bytes = createReadStream(path, { start, end: end - 1, highWaterMark: READ_CHUNK });
    bytes.on('error', (error) => decoder.emit('error', error));
    bytes.pipe(decoder);
    for await (const chunk of decoder) yield typeof chunk === 'string' ? chunk : String(chunk);
  }
  read.end = end;
  if (state.eof || state.tail === 0) return;
  for await (const line of linesAfter(range, end)) {
    read.end += line.length;
    yield iconv.decode(line, encoding, { stripBOM: false });
    if (state.tail === 0) return;
  }
  // The open record runs to the end of the file (with or without a final newline): the file's last.
  state.eof = true;
}

/**
 * The byte where the data records start: after the first `headerLine` records (the header and
 * any lines above it) of `head`, the file's first bytes; null when they do not end within it.
 */
export async function dataStart(
  head: Uint8Array,
  encoding: TextEncoding,
  dialect: CsvDialect,
  headerLine: number,
): Promise<number | null> {
  const newline = newlineByte(dialect);
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const state: CsvRange = { tail: 0, eof: false };
  let records = 0;
  let consumed = 0;
  let found: number | null = null;
  function* lines(): Iterable<string> {
    let at = 0;
    while (at < bytes.length) {
      const cut = bytes.indexOf(newline, at);
      if (cut < 0) return;
      const line = bytes.subarray(at, cut + 1);
      yield iconv.decode(line, encoding, { stripBOM: at === 0 });
      at = cut + 1;
      consumed = at;
      if (records >= headerLine && state.tail === 0) {
        found = consumed;
        return;
      }
    }
  }
  for await (const batch of readCsv(lines(), dialect, state)) records += batch.length;
  return found;
}
