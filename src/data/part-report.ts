import type { IngestReport } from '../ingest/report.ts';
import type { RangeDone } from './lead-part-map.ts';
import { type PartRows, UNATTRIBUTED, UNPAID_LIST } from './part-sink.ts';

/**
 * Adds the reports of a file's ranges, in file order, into the file's report as one writer over
 * the whole file would have filled it: row numbers moved by the records before each range, the
 * first skipped rows kept in row order; accepted and merged rows (and the unattributed and
 * unpaid counts of the accepted ones) counted from the sink's verdict on each row in file order.
 */
export class PartReports {
  readonly #report: IngestReport;
  readonly #examples: number;
  #extraCells = 0;

  constructor(report: IngestReport, sampleErrors: number) {
    this.#report = report;
    this.#examples = sampleErrors;
  }

  /**
   * A run of a range's rows, with the sink's verdict on each: `first[i]` is 0 when row i's key
   * is new in the file, else the (file) row its key was first put on. The range's first record
   * is the file's `offset + 1`.
   */
  addRun(rows: PartRows, first: Int32Array, offset: number): void {
    const r = this.#report;
    const { line, flag } = rows;
    for (let i = 0; i < first.length; i++) {
      const firstRow = first[i]!;
      if (firstRow !== 0) {
        r.merged++;
        if (r.mergedExamples.length < this.#examples)
          r.mergedExamples.push({ row: line[i]! + offset, firstRow });
        continue;
      }
      r.accepted++;
      const f = flag[i]!;
      if (f === UNATTRIBUTED) r.unattributed.rows++;
      else if (f >= 2) {
        const channel = UNPAID_LIST[f - 2]!;
        r.unpaid[channel] = (r.unpaid[channel] ?? 0) + 1;
      }
    }
  }

  /** The end of a range whose runs addRun had: its other counts and first skipped rows. */
  addDone(done: RangeDone, offset: number): void {
    const r = this.#report;
    const p = done.report;
    r.rowsRead += p.rowsRead;
    r.blank += p.blank;
    r.summary += p.summary;
    r.skipped += p.skipped;
    for (const example of p.skippedExamples) {
      if (r.skippedExamples.length >= this.#examples) break;
      r.skippedExamples.push({ ...example, row: example.row + offset });
    }
    for (const [field, n] of Object.entries(p.inferred)) r.inferred[field] = (r.inferred[field] ?? 0) + n;
    this.#extraCells += done.extraCells;
  }

  /** What the writer's finish says of the ranges together (before RowWriter.finish adds the rest). */
  finish(): void {
    if (this.#extraCells > 0) {
      this.#report.warnings.push({ key: 'ingest.warn.extraCells', params: { count: this.#extraCells } });
    }
  }
}
