import { fnv32, hash52, RowIndex } from '../ingest/id-set.ts';
import type { IngestReport } from '../ingest/report.ts';
import type { IngestSink } from '../ingest/sink.ts';
import { float64, int32 } from '../kpi/columns.ts';
import type { LeadPart } from '../kpi/lead-part.ts';
import { SnapshotBuilder } from '../kpi/snapshot.ts';
import { UNPAID_CHANNELS } from '../model/channel.ts';
import type { Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import type { Currency } from '../model/money.ts';

/** The unpaid channels by number (a row's `firstSeen.flag` names one so). */
export const UNPAID_LIST: readonly string[] = [...UNPAID_CHANNELS];
/** firstSeen.flag of a row counted as attributed, and as unattributed (else an UNPAID_LIST index). */
export const ATTRIBUTED = -1;
export const UNATTRIBUTED = -2;

/**
 * What a part says about the rows the writer counted as accepted (the first row of each record
 * id in the part), in order: each id's hash52, row number in the part and how it was counted
 * (ATTRIBUTED, UNATTRIBUTED, or the UNPAID_LIST index of an unpaid channel). The merge needs it
 * to count again a row an earlier part already had (then it is merged, not accepted).
 */
export interface FirstSeen {
  hash: Float64Array;
  line: Int32Array;
  flag: Int8Array;
}

/** A part's rows: its columns, each row's key hashes (hash52, fnv32 of its record id) and its first-seen rows. */
export interface PartRows {
  part: LeadPart;
  keyHash: Float64Array;
  keyCheck: Int32Array;
  firstSeen: FirstSeen;
}

/**
 * The sink of one byte range of a lead file (data/lead-part-worker.ts): what ColumnSink does
 * with a lead (a later row of the same record id replaces the earlier one, in the snapshot's
 * column builders), for the range alone, keeping beside each row its key's hashes and, for
 * each row the writer accepted, how the report counted it.
 */
export class PartSink implements IngestSink {
  readonly #builder: SnapshotBuilder;
  readonly #report: IngestReport;
  readonly #keys = new RowIndex();
  readonly #keyHash = float64();
  readonly #keyCheck = int32();
  readonly #seenHash = float64();
  readonly #seenLine = int32();
  readonly #seenFlag: number[] = [];
  #accepted = 0;
  #unattributed = 0;

  constructor(opts: { timeZone: string; currency: Currency }, report: IngestReport) {
    this.#builder = new SnapshotBuilder({ ...opts, dataVersion: '0' });
    this.#report = report;
  }

  putLead(row: Lead, line: number): void {
    const id = row.recordId;
    const hash = hash52(id);
    const check = fnv32(id);
    const report = this.#report;
    if (report.accepted !== this.#accepted) {
      // The writer counted this row as the first of its id (the report counts before the put).
      this.#accepted = report.accepted;
      let flag = ATTRIBUTED;
      if (report.unattributed.rows !== this.#unattributed) {
        this.#unattributed = report.unattributed.rows;
        flag = UNATTRIBUTED;
      } else if (UNPAID_CHANNELS.has(row.channel)) flag = UNPAID_LIST.indexOf(row.channel);
      this.#seenHash.push(hash);
      this.#seenLine.push(line);
      this.#seenFlag.push(flag);
    }
    const at = this.#keys.claimHashed(0, hash, check, this.#builder.leadCount);
    if (at >= 0) {
      this.#builder.replaceLead(at, row);
      return;
    }
    this.#builder.addLead(row);
    this.#keyHash.push(hash);
    this.#keyCheck.push(check);
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

  /** The part, its key hashes and first-seen rows; the sink is spent afterwards. */
  finish(): PartRows {
    this.#keys.clear();
    const keyHash = this.#keyHash.finish();
    this.#keyHash.release();
    const keyCheck = this.#keyCheck.finish();
    this.#keyCheck.release();
    const firstSeen: FirstSeen = {
      hash: this.#seenHash.finish(),
      line: this.#seenLine.finish(),
      flag: Int8Array.from(this.#seenFlag),
    };
    this.#seenHash.release();
    this.#seenLine.release();
    this.#seenFlag.length = 0;
    return { part: this.#builder.exportLeadPart(), keyHash, keyCheck, firstSeen };
  }
}
