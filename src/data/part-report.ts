import { IdSet } from '../ingest/id-set.ts';
import type { IngestReport, MergeExample } from '../ingest/report.ts';
import type { RangeReply } from './lead-part-worker.ts';
import { UNATTRIBUTED, UNPAID_LIST } from './part-sink.ts';

type Done = Extract<RangeReply, { ok: true }>;

/**
 * Adds the reports of a file's parts, in file order, into the file's report as one writer over
 * the whole file would have filled it: row numbers moved by the records before each part, the
 * first skipped and merged rows kept in row order, and a record id an earlier part already had
 * counted as merged (with the row it repeats), not accepted, unattributed or unpaid again.
 */
export class PartReports {
  readonly #report: IngestReport;
  readonly #examples: number;
  /** Every record id's hash52 met so far, with the (file) row it was first met on. */
  readonly #ids = new IdSet();
  #extraCells = 0;

  constructor(report: IngestReport, sampleErrors: number) {
    this.#report = report;
    this.#examples = sampleErrors;
  }

  /** Adds the part whose first record is the file's record `offset + 1`. */
  add(reply: Done, offset: number): void {
    const r = this.#report;
    const p = reply.report;
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
    this.#extraCells += reply.extraCells;
    const { hash, line, flag } = reply.rows.firstSeen;
    const repeats: MergeExample[] = [];
    for (let i = 0; i < hash.length; i++) {
      const row = line[i]! + offset;
      const first = this.#ids.addHash(hash[i]!, row);
      if (first !== 0) {
        // Met in an earlier part: the writer over the whole file merges it.
        r.merged++;
        if (repeats.length < max) repeats.push({ row, firstRow: first });
        continue;
      }
      r.accepted++;
      const f = flag[i]!;
      if (f === UNATTRIBUTED) r.unattributed.rows++;
      else if (f >= 0) {
        const channel = UNPAID_LIST[f]!;
        r.unpaid[channel] = (r.unpaid[channel] ?? 0) + 1;
      }
    }
    // The part's own merges repeat a row of the part, or (first met earlier) of an earlier part.
    const own = p.mergedExamples.map(({ row, firstRow }) => {
      const at = indexOf(line, firstRow);
      const known = at >= 0 ? this.#ids.addHash(hash[at]!, firstRow + offset) : 0;
      return { row: row + offset, firstRow: known || firstRow + offset };
    });
    for (const example of [...repeats, ...own].sort((a, b) => a.row - b.row)) {
      if (r.mergedExamples.length >= max) break;
      r.mergedExamples.push(example);
    }
  }

  /** What the writer's finish says of the parts together (before RowWriter.finish adds the rest). */
  finish(): void {
    if (this.#extraCells > 0) {
      this.#report.warnings.push({ key: 'ingest.warn.extraCells', params: { count: this.#extraCells } });
    }
  }
}

/** The index of `value` in an ascending array, or -1. */
function indexOf(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
