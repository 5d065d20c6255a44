import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileRegion, SettledIngest } from '../ingest/parts.ts';
import { dataStart } from '../ingest/range-read.ts';
import type { IngestReport } from '../ingest/report.ts';
import { AppError } from '../shared/errors.ts';
import type { RangeDone, RangeJob, RangeMessage } from './lead-part-map.ts';
import { PartReports } from './part-report.ts';
import type { PartRows } from './part-sink.ts';

/**
 * Lead files from this size on are mapped in parts on several threads. Below it a worker's start
 * (about 0.1 s of CPU to load the ingest modules) costs more than the second core saves: the
 * sequential path maps about 250k rows (~25 MB) a second, so 8 MB is a third of a second's work.
 */
export const PARTS_MIN_BYTES = 8 * 1024 * 1024;

export interface PartsOptions {
  /** The size from which a file is mapped in parts (default PARTS_MIN_BYTES). */
  minBytes?: number;
  /** How many parts (threads) at most (default os.availableParallelism()); below 2, none. */
  threads?: number;
  /** Told how the file was split (tests: a range that had to be read again). */
  onSplit?: (split: SplitStats) => void;
}

export interface SplitStats {
  /** Where the planned ranges started (the first at 0). */
  starts: number[];
  /** Where the ranges merged really started (a planned start inside a record was read again). */
  merged: number[];
  /** Ranges read again from a true boundary because the planned start fell inside a record. */
  reread: number;
  /** The CPU time (ms) each merged range took on its thread (the first on this one). */
  rangeCpuMs: number[];
  /** The CPU time (ms) this thread spent merging the ranges' rows and counts. */
  mergeCpuMs: number;
}

const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './lead-part-worker.ts' : './lead-part-worker.js',
  import.meta.url,
);
const HEAD_BYTES = 128 * 1024;
/**
 * A range's thread keeps one run of rows; the rest of its heap is the garbage of parsing. A
 * young generation of 8 MB keeps that garbage small: measured on the 1M-lead bench (2 ranges,
 * load 5), peak RSS of the whole first answer 434–442 MB with 8 MB, 450–454 MB with 16 MB and
 * about 540 MB unbounded, for the same CPU within noise. The old generation's bound is only a
 * guard (the thread's live heap stays far below it).
 */
const RANGE_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

/**
 * Maps a lead file in K byte ranges, each on a worker thread through the same writer and row
 * mapper as the sequential path (data/lead-part-worker.ts), and merges the parts in file order:
 * `merge` takes each part's columns (the sink replaces a lead an earlier part wrote), the
 * report takes each part's counts (PartReports). The result is the sequential one, exactly.
 *
 * The ranges start at record boundaries: each planned start is just after a newline, and the
 * range before it is read by readCsv, which says whether its text ended outside a record; when
 * a planned start fell inside one (a quoted cell with a newline), that range reads on to the
 * record's end and the next range is read again from there. Resolves false when the file is
 * not one to split (not leads, small, UTF-16, a single core).
 */
export async function mapLeadsInParts(
  file: FileRegion,
  settled: SettledIngest,
  report: IngestReport,
  into: PartTarget,
  options: PartsOptions = {},
): Promise<boolean> {
  const threads = Math.min(options.threads ?? availableParallelism(), 64);
  if (settled.ctx.plan.preset.kind !== 'lead' || settled.writer.covered) return false;
  if (file.encoding !== 'utf8' && file.encoding !== 'windows1252') return false;
  if (threads < 2 || file.size < (options.minBytes ?? PARTS_MIN_BYTES)) return false;
  const before = await stat(file.path);
  if (before.size !== file.size) throw fileChanged(file.path);
  const head = await readHead(file.path);
  const start = await dataStart(head, file.encoding, file.dialect, file.headerLine);
  if (start === null || start >= file.size) return false;
  const starts = await plannedStarts(file, start, threads);
  const job = (from: number, to: number): RangeJob => ({
    range: {
      path: file.path,
      encoding: file.encoding,
      dialect: file.dialect,
      start: from,
      end: to,
      size: file.size,
    },
    headerLine: from === 0 ? file.headerLine : 0,
    name: report.name,
    ctx: settled.ctx,
    otherKeys: [...settled.otherKeys],
    writer: { ...settled.writer, covered: null },
  });
  const launch = (from: number, to: number): Run => new WorkerRun(job(from, to));
  // Each range on a worker thread (its heap bounded by RANGE_LIMITS); this thread merges. Mapping
  // the first range here instead was measured: the same CPU, 60 MB more peak RSS (this thread's
  // heap grows with the garbage of parsing, a worker's young generation is bounded).
  const jobs = starts.map((from, k) => ({ from, run: launch(from, starts[k + 1] ?? file.size) }));
  const reports = new PartReports(report, settled.writer.sampleErrors);
  const stats: SplitStats = { starts, merged: [], reread: 0, rangeCpuMs: [], mergeCpuMs: 0 };
  let cursor = 0;
  let offset = 0;
  let next = 0;
  try {
    while (cursor < file.size) {
      // A planned range that starts before the cursor began inside a record: dropped.
      while (next < jobs.length && jobs[next]!.from < cursor) jobs[next++]!.run.stop();
      const job = jobs[next];
      let run: Run;
      if (job && job.from === cursor) {
        next++;
        run = job.run;
      } else {
        stats.reread++;
        run = launch(cursor, job ? job.from : file.size);
      }
      stats.merged.push(cursor);
      // The range's runs of rows as they come, then its end (the rows before are all merged).
      let done: RangeDone | null = null;
      while (done === null) {
        const message = await run.next();
        if (message.type === 'rows') {
          const t = process.threadCpuUsage();
          reports.addRun(message.rows, into.merge(message.rows, offset), offset);
          const u = process.threadCpuUsage(t);
          stats.mergeCpuMs += (u.user + u.system) / 1000;
        } else if (message.type === 'done') done = message.done;
        else throw new Error(`lead part worker failed: ${message.message}`);
      }
      reports.addDone(done, offset);
      stats.rangeCpuMs.push(done.cpuMs);
      offset += done.records;
      if (done.end <= cursor) throw new Error(`range at ${cursor} read no bytes`);
      cursor = done.end;
    }
  } finally {
    for (const job of jobs) job.run.stop();
  }
  reports.finish();
  const after = await stat(file.path);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw fileChanged(file.path);
  options.onSplit?.(stats);
  return true;
}

/** Where a file's parts go: the sink that merges their rows. */
export interface PartTarget {
  /**
   * A run of a range's rows (the ranges in file order, each range's runs in order), whose first
   * record is the file's `offset + 1`; returns the sink's verdict on each row: 0 when its key is
   * new in the file, else the row its key was first put on (IngestSink.putLead's answer).
   */
  merge(rows: PartRows, offset: number): Int32Array;
}

/** The error of a file whose size or mtime moved while its ranges were read: the run is refused. */
function fileChanged(path: string): AppError {
  return new AppError('file_unreadable', 'command.cli.file_changed', { params: { file: path } });
}

/** A range being mapped: its messages in order (kept until asked for), or stop() to end it. */
interface Run {
  next(): Promise<RangeMessage>;
  stop(): void;
}

/** Messages kept in order until asked for. */
class Queue {
  readonly #queue: RangeMessage[] = [];
  #wake: (() => void) | null = null;

  push(message: RangeMessage): void {
    this.#queue.push(message);
    this.#wake?.();
  }

  async next(): Promise<RangeMessage> {
    for (;;) {
      const message = this.#queue.shift();
      if (message) return message;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = null;
    }
  }

  clear(): void {
    this.#queue.length = 0;
  }
}

/** A range on its worker thread. */
class WorkerRun implements Run {
  readonly #worker: Worker;
  readonly #queue = new Queue();
  #over = false;

  constructor(job: RangeJob) {
    this.#worker = new Worker(WORKER_URL, { workerData: job, resourceLimits: RANGE_LIMITS });
    this.#worker.on('message', (message: RangeMessage) => {
      if (message.type !== 'rows') this.#over = true;
      this.#queue.push(message);
    });
    const failed = (message: string) => {
      if (this.#over) return;
      this.#over = true;
      this.#queue.push({ type: 'failed', message });
    };
    this.#worker.once('error', (error) => failed(error instanceof Error ? error.message : String(error)));
    this.#worker.once('exit', (code) => failed(`exited with code ${code}`));
  }

  next(): Promise<RangeMessage> {
    return this.#queue.next();
  }

  /** Ends the worker if it still runs, and forgets what it sent. */
  stop(): void {
    this.#queue.clear();
    if (!this.#over) {
      this.#over = true;
      void this.#worker.terminate();
    }
  }
}

/**
 * Where the ranges are planned to start: 0, then for each further part the byte after the first
 * newline at or after an equal share of the data (a guess, checked by the range before it).
 */
async function plannedStarts(file: FileRegion, dataFrom: number, parts: number): Promise<number[]> {
  const newline = file.dialect.newline === '\r' ? 0x0d : 0x0a;
  const starts = [0];
  const handle = await open(file.path, 'r');
  try {
    const share = (file.size - dataFrom) / parts;
    for (let k = 1; k < parts; k++) {
      let at = Math.max(Math.floor(dataFrom + share * k), dataFrom, starts[starts.length - 1]!);
      let found = -1;
      const buffer = Buffer.alloc(64 * 1024);
      while (found < 0 && at < file.size) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
        if (bytesRead === 0) break;
        const cut = buffer.subarray(0, bytesRead).indexOf(newline);
        if (cut >= 0) found = at + cut + 1;
        else at += bytesRead;
      }
      if (found < 0 || found >= file.size) break;
      if (found > starts[starts.length - 1]!) starts.push(found);
    }
  } finally {
    await handle.close();
  }
  return starts;
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
