import { hashKey, keyHashes } from '../ingest/id-set.ts';
import type { IngestReport } from '../ingest/report.ts';
import type { CodedLead, IngestSink } from '../ingest/sink.ts';
import { float64, int32, uint8 } from '../kpi/columns.ts';
import type { LeadPart } from '../kpi/lead-part.ts';
import { SnapshotBuilder } from '../kpi/snapshot.ts';
import { UNPAID_CHANNELS } from '../model/channel.ts';
import type { Cost } from '../model/cost.ts';
import { LEAD_DIMENSIONS } from '../model/dimension.ts';
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

/** The channel's place in LEAD_DIMENSIONS (a coded lead's codes[CHANNEL] is its channel's). */
const CHANNEL = LEAD_DIMENSIONS.indexOf('channel');

/** The flag of a new row of channel `channel`, before the writer counts it unattributed. */
const flagOf = (channel: string | null): number => {
  const unpaid = channel === null ? -1 : UNPAID_LIST.indexOf(channel);
  return unpaid < 0 ? ATTRIBUTED : 2 + unpaid;
};

/**
 * The sink of one byte range of a lead file (data/lead-part-map.ts): each lead the writer puts
 * becomes a new row of the snapshot's column builders, and every RUN_ROWS rows the run is
 * handed over (`emit`), so the range's thread keeps no more than one run. Which rows are
 * duplicates (and replace an earlier row) is left to the merge, which tells them in file order
 * as ColumnSink would: every put answers "new", so the writer counts every row as accepted and
 * tells, after the put, whether it is unattributed: that is kept with the row, for the merge
 * to count the rows that are accepted in the whole file.
 *
 * It takes the lead lane's coded leads too (putLeadCoded, leadCode), as ColumnSink does. The
 * lane asks a value's code once and keeps it for the whole range, while each run has a builder
 * (and dictionaries) of its own: leadCode numbers the values for the range (RangeCodes), and
 * each run codes a value in its builder when a row of the run first holds it, in row order, as
 * the builder's own addLead would.
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
  /** Per lead dimension: the values leadCode numbered, and their codes in this run's builder. */
  readonly #codes = LEAD_DIMENSIONS.map(() => new RangeCodes());
  /** Per range code of a channel: the flag of a new row of it. */
  readonly #channelFlag: number[] = [];
  /** A coded lead's codes in this run's builder. */
  readonly #runCodes = new Int32Array(LEAD_DIMENSIONS.length);
  /** Rows put through putLeadCoded (the lead lane's). */
  coded = 0;

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
    this.#builder.addLead(row);
    hashKey(row.recordId);
    this.#keyHash.push(keyHashes.h52);
    this.#keyCheck.push(keyHashes.fnv);
    this.#line.push(line);
    this.#flag.push(flagOf(row.channel));
    return 0;
  }

  /** The zone the lead lane counts a coded lead's days in: the snapshot's, as ColumnSink's. */
  get leadDayZone(): string {
    return this.#opts.timeZone;
  }

  /** The code of a lead dimension's value for this range (the lane keeps it for the whole range). */
  leadCode(d: number, raw: string | null): number {
    const code = this.#codes[d]!.add(raw);
    if (d === CHANNEL) this.#channelFlag[code] = flagOf(raw);
    return code;
  }

  putLeadCoded(_origin: string, lead: CodedLead, line: number): number {
    this.#settleLast();
    if (this.#builder.leadCount >= RUN_ROWS) this.flush();
    // The lane's lead with this run's codes for the builder, then as the lane gave it (the lane
    // reuses the object; every other field is written as given).
    const builder = this.#builder;
    const given = lead.codes;
    const codes = this.#runCodes;
    for (let d = 0; d < codes.length; d++) codes[d] = this.#codes[d]!.inRun(builder, d, given[d]!);
    lead.codes = codes;
    builder.addLeadCoded(lead);
    lead.codes = given;
    this.#keyHash.push(lead.keyHash);
    this.#keyCheck.push(lead.keyCheck);
    this.#line.push(line);
    this.#flag.push(this.#channelFlag[given[CHANNEL]!]!);
    this.coded++;
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
    for (const codes of this.#codes) codes.newRun();
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

/**
 * One lead dimension's values as PartSink.leadCode numbered them for a range (0, 1, 2… in the
 * order asked), and each one's code in the current run's builder (-1 until a row of the run
 * holds it).
 */
class RangeCodes {
  readonly #values: (string | null)[] = [];
  #inRun = new Int32Array(64).fill(-1);

  /** A new range code for `raw` (the lane asks once per value it reads). */
  add(raw: string | null): number {
    const code = this.#values.length;
    this.#values.push(raw);
    if (code === this.#inRun.length) {
      const grown = new Int32Array(code * 2).fill(-1);
      grown.set(this.#inRun);
      this.#inRun = grown;
    }
    return code;
  }

  /** The builder's code of range code `code`, coded in it (SnapshotBuilder.leadCode) when first met in the run. */
  inRun(builder: SnapshotBuilder, d: number, code: number): number {
    let at = this.#inRun[code]!;
    if (at < 0) {
      at = builder.leadCode(d, this.#values[code]!);
      this.#inRun[code] = at;
    }
    return at;
  }

  /** A new run (builder): no value coded in it yet. */
  newRun(): void {
    this.#inRun.fill(-1, 0, this.#values.length);
  }
}
