import { parentPort, workerData } from 'node:worker_threads';
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

export type RangeReply =
  | {
      ok: true;
      rows: PartRows;
      /** The range's report (row numbers in it relative to the range's first record). */
      report: IngestReport;
      /** Rows with cells beyond the header's width (the writer's extraCells warning). */
      extraCells: number;
      records: number;
      end: number;
    }
  | { ok: false; message: string };

/**
 * Maps the records of one byte range through the same writer and compiled row mapper as a whole
 * file, into a part of the snapshot's columns (PartSink), and hands it back transferred.
 */
export async function mapRange(job: RangeJob): Promise<Extract<RangeReply, { ok: true }>> {
  const { ctx } = job;
  const report = emptyReport(job.name, ctx.currency);
  const sink = new PartSink({ timeZone: ctx.timeZone, currency: ctx.currency }, report);
  const writer = new RowWriter(report, ctx, sink, new Set(job.otherKeys), job.writer);
  const { batches, read } = readRange(job.range);
  const skip = job.headerLine;
  for await (const batch of batches) {
    const first = batch[0];
    if (skip === 0 || (first && first.line > skip)) await writer.add(batch);
    else {
      const rest = batch.filter((r) => r.line > skip);
      if (rest.length > 0) await writer.add(rest);
    }
  }
  await writer.finish();
  const extra = report.warnings.find((w) => w.key === 'ingest.warn.extraCells');
  return {
    ok: true,
    rows: sink.finish(),
    report,
    extraCells: extra ? Number(extra.params.count) : 0,
    records: read.records,
    end: read.end,
  };
}

if (parentPort) {
  const port = parentPort;
  try {
    const reply = await mapRange(workerData as RangeJob);
    const { rows } = reply;
    const transfer = [
      ...partBuffers(rows.part),
      rows.keyHash.buffer,
      rows.keyCheck.buffer,
      rows.firstSeen.hash.buffer,
      rows.firstSeen.line.buffer,
      rows.firstSeen.flag.buffer,
    ] as ArrayBuffer[];
    port.postMessage(reply satisfies RangeReply, transfer);
  } catch (error) {
    port.postMessage({
      ok: false,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies RangeReply);
  }
}
