import { IdSet } from '../ingest/id-set.ts';
import type { IngestReport, MergeExample } from '../ingest/report.ts';
import type { RangeDone } from './lead-part-map.ts';
import { type FirstSeen, UNATTRIBUTED, UNPAID_LIST } from './part-sink.ts';

/**
 * Adds the reports of a file's ranges, in file order, into the file's report as one writer over
 * the whole file would have filled it: row numbers moved by the records before each range, the
 * first skipped and merged rows kept in row order, and a record id an earlier range already had
 * counted as merged (with the row it repeats), not accepted, unattributed or unpaid again.
 */
export class PartReports {
  readonly #report: IngestReport;
  readonly #examples: number;
  /** Every record id's hash52 met so far, with the (file) row it was first met on. */
  readonly #ids = new IdSet();
  #extraCells = 0;
  /** The current range's merges of an id an earlier range had (the first few). */
  #repeats: MergeExample[] = [];

  constructor(report: IngestReport, sampleErrors: number) {
    this.#report = report;
    this.#examples = sampleErrors;
  }

  /** Makes room for about `rows` record ids. */
  reserve(rows: number): void {
    this.#ids.reserve(rows);
  }

  /** The rows a range's writer accepted, in order; the range's first record is the file's `offset + 1`. */
  addSeen(seen: FirstSeen, offset: number): void {
    const r = this.#report;
    const { hash, line, flag } = seen;
    for (let i = 0; i < hash.length; i++) {
      const row = line[i]! + offset;
      const first = this.#ids.addHash(hash[i]!, row);
      if (first !== 0) {
        // Met in an earlier range: the writer over the whole file merges it.
        r.merged++;
        if (this.#repeats.length < this.#examples) this.#repeats.push({ row, firstRow: first });
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

  /** The end of the range whose rows addSeen had: its counts and examples. */
  addDone(done: RangeDone, offset: number): void {
    const r = this.#report;
    const p = done.report;
    const max = this.#examples;
    r.rowsRead += p.rowsRead;
    r.blank += p.blank;
    r.summary += p.summary;
    r.skipped += p.skipped;
    r.merged += p.merged;
    for (const example of p.skippedExamples) {
      if (r.skippedExamples.length >= max) break;
      r.skippedExamples.push({ ...example, row: example.row + offset });
    }
    for (const [field, n] of Object.entries(p.inferred)) r.inferred[field] = (r.inferred[field] ?? 0) + n;
    this.#extraCells += done.extraCells;
    // The range's own merges repeat a row of the range, or (first met earlier) of an earlier one.
    const own = p.mergedExamples.map(({ row, firstRow }, i) => {
      const hash = done.mergedHashes[i];
      const known = hash === undefined ? 0 : this.#ids.addHash(hash, firstRow + offset);
      return { row: row + offset, firstRow: known || firstRow + offset };
    });
    for (const example of [...this.#repeats, ...own].sort((a, b) => a.row - b.row)) {
      if (r.mergedExamples.length >= max) break;
      r.mergedExamples.push(example);
    }
    this.#repeats = [];
  }

  /** What the writer's finish says of the ranges together (before RowWriter.finish adds the rest). */
  finish(): void {
    if (this.#extraCells > 0) {
      this.#report.warnings.push({ key: 'ingest.warn.extraCells', params: { count: this.#extraCells } });
    }
  }
}
