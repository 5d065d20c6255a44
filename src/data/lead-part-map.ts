import type { MessagePort } from 'node:worker_threads';
import { type ByteRange, readRange } from '../ingest/range-read.ts';
import { emptyReport, type IngestReport } from '../ingest/report.ts';
import type { RowContext } from '../ingest/row.ts';
import { RowWriter, type WriterOptions } from '../ingest/writer.ts';
import { partBuffers } from '../kpi/lead-part.ts';
import { type PartRows, PartSink } from './part-sink.ts';

/** One byte range of a lead file to map (data/lead-parts.ts), with what the file's ingest settled. */
export interface RangeJob {
  range: ByteRange;
  /** Records up to this row number are the header and the lines above it (the first range only). */
  headerLine: number;
  name: string;
  ctx: RowContext;
  otherKeys: string[];
  writer: WriterOptions;
}

/** The end of a range: its report (row numbers relative to the range's first record) and extent. */
export interface RangeDone {
  report: IngestReport;
  /** Rows with cells beyond the header's width (the writer's extraCells warning). */
  extraCells: number;
  /** Every record read, blank ones too. */
  records: number;
  /** The record boundary the range ended at. */
  end: number;
  /** The CPU time (ms) the range took on its thread (module loading not counted). */
  cpuMs: number;
  /** Records the lead lane mapped (the others went the usual way). */
  coded: number;
}

/** What a range's thread posts about the range numbered `id`: its runs of rows, then its end. */
export type RangeMessage =
  | { type: 'rows'; id: number; rows: PartRows }
  | { type: 'done'; id: number; done: RangeDone }
  | { type: 'failed'; id: number; message: string };

/** What the parent posts a range's thread: a range to map, or the end of its work. */
export type RangeOrder = { type: 'map'; id: number; job: RangeJob } | { type: 'close' };

/**
 * Maps the records of one byte range through the same writer and compiled row mapper as a whole
 * file, into runs of the snapshot's columns handed to `emit` as they fill (PartSink).
 */
export async function mapRange(job: RangeJob, emit: (rows: PartRows) => void): Promise<RangeDone> {
  const cpu = process.threadCpuUsage();
  const { ctx } = job;
  const report = emptyReport(job.name, ctx.currency);
  const sink = new PartSink({ timeZone: ctx.timeZone, currency: ctx.currency }, report, emit);
  const writer = new RowWriter(report, ctx, sink, new Set(job.otherKeys), job.writer);
  // A writer that takes byte batches maps the range's common records in the lead lane, as the
  // sequential path does (file.ts streamByteRecords); the header is read and counted, not mapped.
  const { batches, read } = readRange(job.range, { bytes: writer.takesBytes, skipThrough: job.headerLine });
  // Each batch is mapped before the next is read (a byte batch is refilled by the next read).
  for await (const batch of batches) await writer.add(batch);
  await writer.finish();
  sink.flush();
  const extra = report.warnings.find((w) => w.key === 'ingest.warn.extraCells');
  return {
    report,
    extraCells: extra ? Number(extra.params.count) : 0,
    records: read.records,
    end: read.end,
    cpuMs: cpuMsSince(cpu),
    coded: sink.coded,
  };
}

/** The buffers of a run, transferred to the parent instead of copied. */
function transferOf(rows: PartRows): ArrayBuffer[] {
  return [
    ...partBuffers(rows.part),
    rows.keyHash.buffer,
    rows.keyCheck.buffer,
    rows.line.buffer,
    rows.flag.buffer,
  ] as ArrayBuffer[];
}

/** Maps the range numbered `id` and posts its runs of rows, then its end (or why it failed). */
export async function serveRange(port: MessagePort, id: number, job: RangeJob): Promise<void> {
  try {
    const done = await mapRange(job, (rows) =>
      port.postMessage({ type: 'rows', id, rows } satisfies RangeMessage, transferOf(rows)),
    );
    port.postMessage({ type: 'done', id, done } satisfies RangeMessage);
  } catch (error) {
    port.postMessage({
      type: 'failed',
      id,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies RangeMessage);
  }
}

/** The CPU time (ms) of this thread since `from`. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const { user, system } = process.threadCpuUsage(from);
  return (user + system) / 1000;
}
