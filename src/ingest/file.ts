import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { AppError, isAppError } from '../shared/errors.ts';
import type { ByteRecords } from './byte-records.ts';
import { type CsvDialect, type CsvRecord, detectNewline, isBlankRecord, readCsv } from './csv.ts';
import { CsvScanner, scannable } from './csv-scan.ts';
import { decodeSample, decodeStream, detectEncoding, type TextEncoding } from './decode.ts';
import { locateHeader, sniffDelimiter } from './dialect.ts';
import { planColumns } from './map.ts';
import { candidatePresets, choosePlan, type IngestOptions } from './options.ts';
import { emptyReport, type IngestReport } from './report.ts';
import { runIngest } from './run.ts';
import { ScanThread, wantsScanThread } from './scan-thread.ts';
import type { IngestSink } from './sink.ts';
import type { SourceRecord } from './writer.ts';

const SAMPLE_BYTES = 128 * 1024;
const READ_CHUNK = 256 * 1024;

/**
 * Ingests one CSV export from disk, streaming (memory stays bounded whatever the file size).
 * Never throws for bad content: a file that cannot be read gets a report whose `error` names
 * the file and the reason; bad rows are skipped and counted. Only programmer errors throw.
 */
export async function ingestFile(
  path: string,
  options: IngestOptions,
  sink: IngestSink,
  progress?: (bytesRead: number, totalBytes: number) => void,
): Promise<IngestReport> {
  const started = performance.now();
  const report = emptyReport(path, options.currency);
  try {
    await ingestInto(path, options, sink, report, progress);
  } catch (error) {
    if (isAppError(error)) report.error = error;
    else if (isSystemError(error) && error.code === 'ENOENT') {
      report.error = new AppError('file_unreadable', 'ingest.error.notFound', {
        params: { file: path },
        cause: error,
      });
    } else if (isSystemError(error)) {
      report.error = new AppError('file_unreadable', 'ingest.error.unreadable', {
        params: { file: path, reason: error.code ?? error.message },
        cause: error,
      });
    } else throw error;
  }
  report.elapsedMs = performance.now() - started;
  return report;
}

async function ingestInto(
  path: string,
  options: IngestOptions,
  sink: IngestSink,
  report: IngestReport,
  progress: ((bytesRead: number, totalBytes: number) => void) | undefined,
): Promise<void> {
  const size = (await stat(path)).size;
  // A large file's scan thread starts now: its modules load while the header is settled here.
  const scanThread = wantsScanThread(size, options.scanThread) ? new ScanThread() : null;
  try {
    await ingestWith(path, size, options, sink, report, progress, scanThread);
  } finally {
    scanThread?.close();
  }
}

async function ingestWith(
  path: string,
  size: number,
  options: IngestOptions,
  sink: IngestSink,
  report: IngestReport,
  progress: ((bytesRead: number, totalBytes: number) => void) | undefined,
  scanThread: ScanThread | null,
): Promise<void> {
  const head = await readHead(path, SAMPLE_BYTES);
  const atEof = head.length >= size;
  const { encoding } = detectEncoding(head, atEof);
  report.encoding = encoding;
  const emptyError = () => new AppError('file_unreadable', 'ingest.error.empty', { params: { file: path } });
  let text = decodeSample(head, encoding);
  if (text.trim() === '') {
    report.error = emptyError();
    return;
  }
  const delimiter = sniffDelimiter(text);
  const dialect: CsvDialect = { delimiter, newline: detectNewline(text), quote: '"' };
  report.delimiter = delimiter;
  if (!atEof) text = text.slice(0, Math.max(0, text.lastIndexOf(dialect.newline)));
  const sampled: CsvRecord[] = [];
  for await (const batch of readCsv([text], dialect)) sampled.push(...batch);
  // The last sampled record may be cut by the end of the sample (a quoted newline): drop it.
  if (!atEof) sampled.pop();
  const candidates = candidatePresets(options, path);
  if (!candidates.ok) {
    report.error = candidates.error;
    return;
  }
  const location = locateHeader(sampled, candidates.value);
  const headerRecord = location ? sampled[location.index] : undefined;
  if (!headerRecord || isBlankRecord(headerRecord.cells)) {
    report.error = emptyError();
    return;
  }
  report.headerRow = headerRecord.line;
  const chosen = choosePlan(headerRecord.cells, options, path);
  if (!chosen.ok) {
    report.error = chosen.error;
    return;
  }
  report.preset = {
    id: chosen.value.plan.preset.id,
    label: chosen.value.plan.preset.label,
    how: chosen.value.how,
  };
  const headerLine = headerRecord.line;
  const sample = sampled.filter((r) => r.line > headerLine);
  // Where several columns could fill a field ("Phone Number", "Mobile Phone Number"), one empty
  // in every sampled row never wins over a filled one.
  const empty = emptyColumns(headerRecord.cells.length, sample);
  const plan =
    empty.size > 0 && sample.length > 0
      ? planColumns(chosen.value.plan.preset, headerRecord.cells, empty)
      : chosen.value.plan;
  const chunk = options.readChunkBytes ?? READ_CHUNK;
  const expected = expectedRecords(size, head.length, sampled.length);
  const source = {
    sample,
    preamble: sampled.filter((r) => r.line < headerLine).map((r) => r.cells.join(' ').trim()),
    sampleIsAll: atEof,
    expectedRecords: expected,
    delimiter,
    // Progress is reported on the pass that maps and writes, not on the date pre-scan.
    records: (pass: 'scan' | 'map') =>
      streamRecords(path, encoding, dialect, headerLine, size, pass === 'map' ? progress : undefined, chunk),
    ...(encoding === 'utf8' && scannable(dialect)
      ? {
          byteRecords: (keyCell: number | null) =>
            scanThread
              ? scanThread.records(
                  path,
                  dialect,
                  headerLine,
                  chunk,
                  progress && ((read) => progress(read, size)),
                  {
                    keyCell,
                    expected,
                  },
                )
              : streamByteRecords(path, dialect, headerLine, size, progress, chunk),
          ...(scanThread ? { keysClean: () => scanThread.keysClean } : {}),
        }
      : {}),
    mayHoldNumericDates: () => mayHoldNumericDates(path, encoding),
    file: { path, encoding, dialect, headerLine, size },
  };
  await runIngest(plan, source, options, sink, report);
}

/**
 * A day and month in numbers with a repeated separator, not inside a longer run of digits: any
 * cell dateOrderEvidence (dates.ts) reads as a numeric date holds such text, so a file without
 * it anywhere has no cell that decides (or confuses) the date order. Phone numbers and
 * versions may match too: then the full pass runs, as without this check.
 */
const NUMERIC_DATE_TEXT = /(?<!\d)\d{1,2}([/.-])\d{1,2}\1\d{2}/;
/** How many characters of one chunk the next is searched with (longer than a match). */
const OVERLAP = 16;

/**
 * Whether the file may hold a numeric date, read as raw bytes (digits and separators are ASCII
 * in UTF-8 and Windows-1252): about the cost of reading it, a fraction of parsing it. Always
 * true for UTF-16 (not searched).
 */
async function mayHoldNumericDates(path: string, encoding: TextEncoding): Promise<boolean> {
  if (encoding !== 'utf8' && encoding !== 'windows1252') return true;
  let tail = '';
  const search = new RegExp(NUMERIC_DATE_TEXT.source, 'g');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = tail + (chunk as Buffer).toString('latin1');
    // From the tail's second character: its first is only the context a match needs behind it.
    search.lastIndex = tail === '' ? 0 : 1;
    if (search.test(text)) return true;
    tail = text.slice(-OVERLAP);
  }
  return false;
}

/** The records a file of `size` bytes may hold, at the sample's bytes per record (a little over). */
function expectedRecords(size: number, sampleBytes: number, sampleRecords: number): number {
  if (sampleRecords === 0 || sampleBytes === 0) return 0;
  return Math.ceil((size / sampleBytes) * sampleRecords * 1.05);
}

/** The columns blank in every record of the sample. */
function emptyColumns(width: number, records: readonly CsvRecord[]): Set<number> {
  const empty = new Set<number>();
  for (let index = 0; index < width; index++) {
    if (records.every((r) => (r.cells[index] ?? '').trim() === '')) empty.add(index);
  }
  return empty;
}

async function readHead(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function* streamRecords(
  path: string,
  encoding: TextEncoding,
  dialect: CsvDialect,
  headerLine: number,
  size: number,
  progress: ((bytesRead: number, totalBytes: number) => void) | undefined,
  chunk: number,
): AsyncIterable<readonly SourceRecord[]> {
  const bytes = readWithProgress(path, chunk, size, progress);
  // UTF-8 is read as bytes (csv-scan.ts: no text of the whole file, a string per distinct cell);
  // other encodings are decoded, then parsed by readCsv. Both give the same records.
  const batches =
    encoding === 'utf8' && scannable(dialect)
      ? scanBytes(bytes, dialect)
      : readCsv(decodeStream(bytes, encoding), dialect);
  for await (const batch of batches) {
    const first = batch[0];
    if (first && first.line > headerLine) yield batch;
    else {
      const rest = batch.filter((r) => r.line > headerLine);
      if (rest.length > 0) yield rest;
    }
  }
}

/** The data records of a UTF-8 file as byte batches (csv-scan.ts byte mode): the map pass of a writer that takes them. */
async function* streamByteRecords(
  path: string,
  dialect: CsvDialect,
  headerLine: number,
  size: number,
  progress: ((bytesRead: number, totalBytes: number) => void) | undefined,
  chunk: number,
): AsyncIterable<ByteRecords> {
  const bytes = readWithProgress(path, chunk, size, progress);
  const scanner = new CsvScanner(dialect, { bytes: true, skipThrough: headerLine });
  for await (const chunk of bytes) yield* scanner.pushBytes(chunk as Buffer);
  yield* scanner.endBytes();
}

async function* scanBytes(bytes: AsyncIterable<unknown>, dialect: CsvDialect): AsyncIterable<CsvRecord[]> {
  const scanner = new CsvScanner(dialect);
  for await (const chunk of bytes) {
    const records = scanner.push(chunk as Buffer);
    if (records.length > 0) yield records;
  }
  const last = scanner.end();
  if (last.length > 0) yield last;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** The file's bytes as a stream, telling `progress` how far the reading got. */
function readWithProgress(
  path: string,
  chunk: number,
  size: number,
  progress: ((bytesRead: number, totalBytes: number) => void) | undefined,
): ReadStream {
  const bytes = createReadStream(path, { highWaterMark: chunk });
  if (progress) {
    let read = 0;
    bytes.on('data', (data) => {
      read += data.length;
      progress(read, size);
    });
  }
  return bytes;
}
