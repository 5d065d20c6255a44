import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileRegion, SettledIngest } from '../ingest/parts.ts';
import type { RecordKind } from '../ingest/preset.ts';
import { dataStart } from '../ingest/range-read.ts';
import type { IngestReport } from '../ingest/report.ts';
import { AppError } from '../shared/errors.ts';
import { MessageQueue } from '../shared/message-queue.ts';
import type { RangeDone, RangeJob, RangeMessage, RangeOrder } from './lead-part-map.ts';
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
  /** How many threads at most (default: defaultThreads()); below 2, the file is mapped on this thread. */
  threads?: number;
  /**
   * How many ranges (default RANGES_PER_THREAD per thread, fewer for a smaller file): a
   * thread maps its next range once done with one, so that the rows waiting for the ranges
   * before theirs to be merged are those of about one range per thread, not of half the file.
   */
  ranges?: number;
  /** Told how the file was split (tests: a range that had to be read again). */
  onSplit?: (split: SplitStats) => void;
  /** Called once every range is merged, before the file's size and mtime are checked again (tests change the file here). */
  afterRanges?: () => Promise<void>;
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
  /** Records the lead lane mapped in the ranges merged (the others went the usual way). */
  coded: number;
}

const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './lead-part-worker.ts' : './lead-part-worker.js',
  import.meta.url,
);
const HEAD_BYTES = 128 * 1024;
/** Ranges per thread (see PartsOptions.ranges), each of this many bytes at least. */
const RANGES_PER_THREAD = 4;
const MIN_RANGE_BYTES = 2 * 1024 * 1024;
/**
 * A range's thread keeps one run of rows (part-sink.ts RUN_ROWS, with its dictionaries); the
 * rest of its heap is the garbage of parsing. Both generations are bounded so that garbage is
 * collected early: each thread costs about 34 MB of loaded modules anyway. Measured on the
 * 1M-lead bench (2 threads, 8 ranges, load 4–6): first-answer peak RSS 356–361 MB with 8 MB
 * young / 96 MB old, 404–414 MB with 32 / 96, 405–479 MB with 32 / 256 (sequential: 316–327
 * MB); CPU about 0.5 s more with 8 MB than with 32. The live heap stays far below 96 MB.
 */
const RANGE_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 };

/**
 * Maps a lead file in byte ranges on worker threads (one per core, each taking the next range
 * when done with one), each range through the same writer and row mapper as the sequential
 * path (lead-part-map.ts), and merges the ranges in file order as they come: `into` takes each
 * run of rows (the sink tells duplicates and replaces a lead written before, as putLead does),
 * the report takes each range's counts (PartReports). The result is the sequential one, exactly.
 *
 * The ranges start at record boundaries: each planned start is just after a newline, and the
 * range before it is read by the same parser as the whole file (csv-scan.ts for UTF-8, readCsv
 * otherwise), which says whether its bytes ended outside a record; when a planned start fell
 * inside one (a quoted cell with a newline), that range reads on to the record's end and the
 * next range is read again from there. Resolves false when the file is not one to split (not
 * leads, small, UTF-16, a single core).
 */
export async function mapLeadsInParts(
  file: FileRegion,
  settled: SettledIngest,
  report: IngestReport,
  into: PartTarget,
  options: PartsOptions = {},
  prepared: RangePool | null = null,
): Promise<boolean> {
  const threads = partThreads(file, settled.ctx.plan.preset.kind, options);
  if (threads === 0 || settled.writer.covered) {
    prepared?.close();
    return false;
  }
  const before = await stat(file.path);
  if (before.size !== file.size) {
    prepared?.close();
    throw fileChanged(file.path);
  }
  const head = await readHead(file.path);
  const start = await dataStart(head, file.encoding, file.dialect, file.headerLine);
  if (start === null || start >= file.size) {
    prepared?.close();
    return false;
  }
  const starts = await plannedStarts(file, start, rangeCount(file.size - start, threads, options.ranges));
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
  // The ranges on worker threads (their heaps bounded by RANGE_LIMITS), in file order, each
  // thread taking the next range when done; this thread merges them in order as they come.
  const pool = prepared ?? new RangePool(threads);
  const jobs = starts.map((from, k) => ({ from, run: pool.submit(job(from, starts[k + 1] ?? file.size)) }));
  const reports = new PartReports(report, settled.writer.sampleErrors);
  const stats: SplitStats = { starts, merged: [], reread: 0, rangeCpuMs: [], mergeCpuMs: 0, coded: 0 };
  let cursor = 0;
  let offset = 0;
  let next = 0;
  try {
    while (cursor < file.size) {
      // A planned range that starts before the cursor began inside a record: dropped.
      while (next < jobs.length && jobs[next]!.from < cursor) jobs[next++]!.run.stop();
      const planned = jobs[next];
      let run: Run;
      if (planned && planned.from === cursor) {
        next++;
        run = planned.run;
      } else {
        // The range before ended past a planned start: read again from where it ended, first.
        stats.reread++;
        run = pool.submit(job(cursor, planned ? planned.from : file.size), true);
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
      stats.coded += done.coded;
      offset += done.records;
      if (done.end <= cursor) throw new Error(`range at ${cursor} read no bytes`);
      cursor = done.end;
    }
  } finally {
    pool.close();
  }
  reports.finish();
  await options.afterRanges?.();
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

/**
 * The threads a large lead file is mapped on unless told: one per core from 3 cores on, else
 * one (not in parts). Measured on this project's 2-core machine with the 1M-lead bench (first
 * answer, the lead lane on every thread, alternating runs: 5 on 2 threads, 6 on one): 2.9–4.2 s
 * (median 3.4 s) and 5.9–8.2 s of CPU against 2.8–4.0 s (median 3.2 s) and 4.0–5.6 s on one,
 * peak RSS 382–398 MB against 267–312 MB (the DuckDB bench child: 392 MB). The second core goes to the two
 * threads' isolates: their JIT (~0.8 s of compiling on V8's helper threads, the lane's `row`
 * compiled again as each range's new objects deoptimise it) and GC (~0.55 s), their start, and
 * the merge on this thread (~0.5–0.7 s). Mapping the first range on this thread too (one worker
 * fewer) gave 2.6–4.1 s at 343–346 MB: no clear gain either. More cores were not measured.
 */
function defaultThreads(): number {
  const cores = availableParallelism();
  return cores >= 3 ? cores : 1;
}

/**
 * How many threads a file is mapped on in parts: 0 when it is not one to split (not leads,
 * smaller than `minBytes`, UTF-16, fewer than 2 threads).
 */
export function partThreads(file: FileRegion, kind: RecordKind, options: PartsOptions = {}): number {
  const threads = Math.min(options.threads ?? defaultThreads(), 64);
  if (kind !== 'lead' || threads < 2) return 0;
  if (file.encoding !== 'utf8' && file.encoding !== 'windows1252') return 0;
  return file.size < (options.minBytes ?? PARTS_MIN_BYTES) ? 0 : threads;
}

/** A range being mapped: its messages in order (kept until asked for), or stop() to drop them. */
interface Run {
  next(): Promise<RangeMessage>;
  stop(): void;
}

/** A range's messages (kept until asked for). */
class Queue extends MessageQueue<RangeMessage> implements Run {}

/**
 * The ranges and worker threads of one file: each thread maps one range at a time, in the order
 * submitted. The threads start loading the ingest modules at once (a sink may start them while
 * the file's settings are still being settled, ColumnSink.prepareParts); an idle thread does not
 * keep the process alive.
 */
export class RangePool {
  readonly #threads: { worker: Worker; id: number | null }[] = [];
  readonly #waiting: { id: number; job: RangeJob; queue: Queue }[] = [];
  readonly #queues = new Map<number, Queue>();
  #ids = 0;
  #closed = false;

  constructor(threads: number) {
    for (let k = 0; k < threads; k++) {
      const worker = new Worker(WORKER_URL, { resourceLimits: RANGE_LIMITS });
      worker.unref();
      const thread = { worker, id: null as number | null };
      worker.on('message', (message: RangeMessage) => {
        this.#queues.get(message.id)?.push(message);
        if (message.type === 'rows') return;
        this.#queues.delete(message.id);
        thread.id = null;
        worker.unref();
        this.#dispatch();
      });
      const failed = (why: string) => {
        if (this.#closed) return;
        // The range it was mapping cannot end: its merge stops the file's (and closes the pool).
        if (thread.id !== null)
          this.#queues.get(thread.id)?.push({ type: 'failed', id: thread.id, message: why });
        for (const { id, queue } of this.#waiting) queue.push({ type: 'failed', id, message: why });
      };
      worker.once('error', (error) => failed(error instanceof Error ? error.message : String(error)));
      worker.once('exit', (code) => failed(`lead part worker exited with code ${code}`));
      this.#threads.push(thread);
    }
  }

  /** A range to map once a thread is free (`first`: before those waiting). */
  submit(job: RangeJob, first = false): Run {
    const id = this.#ids++;
    const queue = new Queue();
    this.#queues.set(id, queue);
    if (first) this.#waiting.unshift({ id, job, queue });
    else this.#waiting.push({ id, job, queue });
    this.#dispatch();
    return queue;
  }

  #dispatch(): void {
    for (const thread of this.#threads) {
      if (thread.id !== null) continue;
      let next = this.#waiting.shift();
      // A range dropped before it started is not mapped.
      while (next?.queue.stopped) next = this.#waiting.shift();
      if (!next) return;
      thread.id = next.id;
      thread.worker.ref();
      thread.worker.postMessage({ type: 'map', id: next.id, job: next.job } satisfies RangeOrder);
    }
  }

  /** Ends the threads (a range still being mapped is dropped). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiting.length = 0;
    for (const { worker, id } of this.#threads) {
      if (id === null) worker.postMessage({ type: 'close' } satisfies RangeOrder);
      else void worker.terminate();
    }
  }
}

/** How many ranges for `bytes` of data on `threads` threads: RANGES_PER_THREAD each, each of MIN_RANGE_BYTES at least. */
function rangeCount(bytes: number, threads: number, asked: number | undefined): number {
  if (asked !== undefined) return Math.max(1, asked);
  return Math.max(threads, Math.min(threads * RANGES_PER_THREAD, Math.floor(bytes / MIN_RANGE_BYTES)));
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
