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

/** The unpaid channels by number (FirstSeen.flag names one so). */
export const UNPAID_LIST: readonly string[] = [...UNPAID_CHANNELS];
/** FirstSeen.flag of a row counted as attributed, and as unattributed (else UNPAID_LIST index + 2). */
export const ATTRIBUTED = 0;
export const UNATTRIBUTED = 1;

/**
 * The rows the writer counted as accepted (the first row of each record id in the range), in
 * order: each id's hash52, row number in the range and how it was counted (ATTRIBUTED,
 * UNATTRIBUTED, or 2 + the UNPAID_LIST index of an unpaid channel). The merge counts such a
 * row again when an earlier range already had its id (then it is merged, not accepted).
 */
export interface FirstSeen {
  hash: Float64Array;
  line: Int32Array;
  flag: Uint8Array;
}

/** A run of rows of a range as written (one row per put, in order), with each row's key hashes. */
export interface PartRows {
  part: LeadPart;
  /** hash52 and fnv32 of each row's record id (ColumnSink's RowIndex key). */
  keyHash: Float64Array;
  keyCheck: Int32Array;
  firstSeen: FirstSeen;
}

/** Rows per run handed over: small enough that a range's thread never holds its rows, large enough to cost little. */
export const RUN_ROWS = 1 << 16;

/**
 * The sink of one byte range of a lead file (data/lead-part-worker.ts): each lead the writer
 * puts goes into the snapshot's column builders as a new row, and every RUN_ROWS rows the run
 * is handed over (`emit`), so the range's thread keeps no more than one run. Which rows replace
 * earlier ones (same record id) is left to the merge, as ColumnSink would decide it in the
 * same order. Beside each row: its key's hashes; beside each row the writer accepted: how the
 * report counted it; beside each of the report's merged examples: its id's hash.
 */
export class PartSink implements IngestSink {
  readonly #opts: { timeZone: string; currency: Currency };
  readonly #report: IngestReport;
  readonly #emit: (rows: PartRows) => void;
  #builder: SnapshotBuilder;
  #keyHash = float64();
  #keyCheck = int32();
  #seenHash = float64();
  #seenLine = int32();
  #seenFlag = uint8();
  #accepted = 0;
  #unattributed = 0;
  /** hash52 of the id of each of the report's merged examples. */
  readonly mergedHashes: number[] = [];

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

  putLead(row: Lead, line: number): void {
    const id = row.recordId;
    const hash = hash52(id);
    const report = this.#report;
    if (report.accepted !== this.#accepted) {
      // The writer counted this row as the first of its id (the report counts before the put).
      this.#accepted = report.accepted;
      let flag = ATTRIBUTED;
      if (report.unattributed.rows !== this.#unattributed) {
        this.#unattributed = report.unattributed.rows;
        flag = UNATTRIBUTED;
      } else if (UNPAID_CHANNELS.has(row.channel)) flag = 2 + UNPAID_LIST.indexOf(row.channel);
      this.#seenHash.push(hash);
      this.#seenLine.push(line);
      this.#seenFlag.push(flag);
    } else if (report.mergedExamples.length > this.mergedHashes.length) this.mergedHashes.push(hash);
    this.#builder.addLead(row);
    this.#keyHash.push(hash);
    this.#keyCheck.push(fnv32(id));
    if (this.#builder.leadCount >= RUN_ROWS) this.flush();
  }

  /** Hands over the rows put since the last run (none: nothing). */
  flush(): void {
    if (this.#keyHash.length === 0 && this.#seenHash.length === 0) return;
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
      firstSeen: { hash: take(this.#seenHash), line: take(this.#seenLine), flag: take(this.#seenFlag) },
    };
    this.#builder = this.#newBuilder();
    this.#keyHash = float64();
    this.#keyCheck = int32();
    this.#seenHash = float64();
    this.#seenLine = int32();
    this.#seenFlag = uint8();
    this.#emit(rows);
  }

  putCost(_row: Cost): void {
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
