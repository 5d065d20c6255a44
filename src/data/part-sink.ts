import { fnv32, hash52 } from '../ingest/id-set.ts';
import type { IngestReport } from '../ingest/report.ts';
import type { IngestSink } from '../ingest/sink.ts';
import { float64, int32, uint8 } from '../kpi/columns.ts';
import type { LeadPart } from '../kpi/lead-part.ts';
import { SnapshotBuilder } from '../kpi/snapshot.ts';
import { UNPAID_CHANNELS } from '../model/channel.ts';
import type { Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import type { Currency } from '../model/money.ts';

/** The unpaid channels by number (a row's flag names one so). */
export const UNPAID_LIST: readonly string[] = [...UNPAID_CHANNELS];
/** A row's flag when the writer counted it attributed, unattributed; else 2 + its UNPAID_LIST index. */
export const ATTRIBUTED = 0;
export const UNATTRIBUTED = 1;

/** A run of a range's rows as the writer put them (one row per put, in order). */
export interface PartRows {
  part: LeadPart;
  /** hash52 and fnv32 of each row's record id (ColumnSink's RowIndex key). */
  keyHash: Float64Array;
  keyCheck: Int32Array;
  /** Each row's number in the range (its first record is 1). */
  line: Int32Array;
  /** How the writer counted each row as a lead of its own: ATTRIBUTED, UNATTRIBUTED, or 2 + an UNPAID_LIST index. */
  flag: Uint8Array;
}

/**
 * Rows per run handed over: small enough that a range's thread holds little (its dictionaries
 * and customer ids too are the run's: at worst every value distinct, a few tens of MB within
 * the thread's bounded heap), large enough to cost little.
 */
export const RUN_ROWS = 1 << 15;

/**
 * The sink of one byte range of a lead file (data/lead-part-map.ts): each lead the writer puts
 * becomes a new row of the snapshot's column builders, and every RUN_ROWS rows the run is
 * handed over (`emit`), so the range's thread keeps no more than one run. Which rows are
 * duplicates (and replace an earlier row) is left to the merge, which tells them in file order
 * as ColumnSink would: every put answers "new", so the writer counts every row as accepted and
 * tells, after the put, whether it is unattributed: that is kept with the row, for the merge
 * to count the rows that are accepted in the whole file.
 */
export class PartSink implements IngestSink {
  readonly #opts: { timeZone: string; currency: Currency };
  readonly #report: IngestReport;
  readonly #emit: (rows: PartRows) => void;
  #builder: SnapshotBuilder;
  #keyHash = float64();
  #keyCheck = int32();
  #line = int32();
  #flag = uint8();
  /** The report's unattributed count after the last row was counted. */
  #unattributed = 0;

  constructor(
    opts: { timeZone: string; currency: Currency },
    report: IngestReport,
    emit: (rows: PartRows) => void,
  ) {
    this.#opts = opts;
    this.#report = report;
    this.#emit = emit;
    this.#builder = this.#newBuilder();
  }

  #newBuilder(): SnapshotBuilder {
    return new SnapshotBuilder({ ...this.#opts, dataVersion: '0' });
  }

  putLead(row: Lead, line: number): number {
    this.#settleLast();
    if (this.#builder.leadCount >= RUN_ROWS) this.flush();
    const id = row.recordId;
    this.#builder.addLead(row);
    this.#keyHash.push(hash52(id));
    this.#keyCheck.push(fnv32(id));
    this.#line.push(line);
    this.#flag.push(UNPAID_CHANNELS.has(row.channel) ? 2 + UNPAID_LIST.indexOf(row.channel) : ATTRIBUTED);
    return 0;
  }

  /** The writer counts a row after putting it: an unattributed one moved the report's count since. */
  #settleLast(): void {
    const now = this.#report.unattributed.rows;
    if (now === this.#unattributed) return;
    this.#unattributed = now;
    const last = this.#flag.length - 1;
    if (last >= 0) this.#flag.set(last, UNATTRIBUTED);
  }

  /** Hands over the rows put since the last run (none: nothing). */
  flush(): void {
    this.#settleLast();
    if (this.#keyHash.length === 0) return;
    const take = <T extends Float64Array | Int32Array | Uint8Array>(col: {
      finish(): T;
      release(): void;
    }): T => {
      const out = col.finish();
      col.release();
      return out;
    };
    const rows: PartRows = {
      part: this.#builder.exportLeadPart(),
      keyHash: take(this.#keyHash),
      keyCheck: take(this.#keyCheck),
      line: take(this.#line),
      flag: take(this.#flag),
    };
    this.#builder = this.#newBuilder();
    this.#keyHash = float64();
    this.#keyCheck = int32();
    this.#line = int32();
    this.#flag = uint8();
    this.#emit(rows);
  }

  putCost(_row: Cost): number {
    throw new Error('PartSink takes leads only');
  }

  async writeLeads(rows: readonly Lead[]): Promise<void> {
    // Only the compiled path (putLead, with row numbers) is used: the writer never batches here.
    if (rows.length > 0) throw new Error('PartSink takes leads one by one (putLead)');
  }

  async writeCosts(): Promise<void> {
    throw new Error('PartSink takes leads only');
  }

  async knownCampaignKeys(): Promise<ReadonlySet<string>> {
    return new Set();
  }
}
