import { campaignKey } from '../model/campaign.ts';
import type { Cost, CostGrainDay } from '../model/cost.ts';
import { COST_DIMENSIONS } from '../model/dimension.ts';
import type { Lead } from '../model/lead.ts';
import { NULL_DAY } from '../shared/days.ts';
import type { KeyHash } from './identity.ts';
import type { FileRegion, SettledIngest } from './parts.ts';
import type { RecordKind } from './preset.ts';
import type { IngestReport } from './report.ts';

/**
 * Where ingest writes canonical rows. Writes are awaited (backpressure): the reader does not
 * parse the next batch before the sink has taken the previous one. A row whose `origin` +
 * `recordId` is already stored replaces it (later wins), so re-importing never duplicates.
 */
export interface IngestSink {
  writeLeads(rows: readonly Lead[]): Promise<void>;
  writeCosts(rows: readonly Cost[]): Promise<void>;
  /** Campaign keys (model/campaign.ts `campaignKey`) of the rows of this kind already stored. */
  knownCampaignKeys(kind: RecordKind): Promise<ReadonlySet<string>>;
  /**
   * Stored spend at a grain other than `grain` (ingest/level.ts) from `from` to `to` (ISO days),
   * one entry per platform, campaign, day, grain and origin: what a file at `grain` would count
   * twice. Without `from`/`to`, at most one entry (is there any?). A sink without it is not checked.
   */
  otherGrainDays?(grain: string, range?: { from: string; to: string }): Promise<readonly GrainDay[]>;
  /** Deletes stored spend at grains other than `grain` on these platform / campaign / days; returns the rows deleted. */
  dropOtherGrains?(grain: string, days: readonly GrainDay[]): Promise<number>;
  /**
   * A columnar sink takes rows one at a time, synchronously, instead of in batches: the row
   * object is reused for the next row (the compiled mapper's, ingest/compiled-row.ts), so the
   * sink copies what it keeps. With `putLead` and `putCost` the writer maps rows through the
   * compiled mapper and calls these instead of writeLeads / writeCosts. Such a sink also tells
   * the duplicates of a file, keeping its keys anyway (no second set of ids in the writer): each
   * put returns 0 when the row's key is new since the last `startPass` (the writer calls it
   * once per file), else the line (`line`) the key was first put on since then. It keeps no
   * record ids: a row without one comes keyed by the text of its cells (identity.ts
   * rawIdentityText), not by their SHA-1; a spend row without one comes with that text's
   * hashes (`key`, identity.ts hashRawIdentity) and an empty recordId.
   */
  startPass?(): void;
  putLead?(row: Lead, line: number): number;
  putCost?(row: Cost, line: number, key?: KeyHash | null): number;
  /**
   * putLead for a lead read by the byte lane (lead-lane.ts), coded: the same rows, counts and
   * verdict as putLead of the Lead it stands for. With it, `leadCode` codes a dimension's value.
   */
  putLeadCoded?(origin: string, lead: CodedLead, line: number): number;
  /**
   * A hint before putLeadCoded of the keys (hash52 of the record ids) `h52[from..to)` of
   * `origin`, in that order: the sink may read their places ahead. Changes nothing.
   */
  touchLeadKeys?(origin: string, h52: Float64Array, from: number, to: number): void;
  /** The time zone putLeadCoded's leads count their days in (the columns' own). */
  readonly leadDayZone?: string;
  /** The code a lead dimension's value (LEAD_DIMENSIONS[d], as putLead's Lead holds it) is written with. */
  leadCode?(d: number, raw: string | null): number;
  /**
   * putCost for a spend row read by the byte lane (cost-lane.ts), coded: the same rows, counts
   * and verdict as putCost of the Cost it stands for. With it, `spendCode` codes a text.
   */
  putCostCoded?(origin: string, cost: CodedCost, line: number): number;
  /** The code a spend row's text (a dimension's value, a day, a grain, a kind) is written with; -1 for null. */
  spendCode?(text: string | null): number;
  /**
   * A hint before putCostCoded of the keys (hash52 of the record ids or raw identities)
   * `h52[from..to)` of `origin`, in that order: the sink may read their places ahead. Changes nothing.
   */
  touchCostKeys?(origin: string, h52: Float64Array, from: number, to: number): void;
  /** About how many rows of this kind the file about to be written holds (a hint to size tables). */
  reserve?(kind: RecordKind, rows: number): void;
  /**
   * A sink that maps a file's records itself, in byte ranges on several threads, through the
   * same writer and row mapper (data/lead-parts.ts), filling the report as the writer would
   * (all but what RowWriter.finish adds). Resolves false when it does not (then the records
   * are written as usual).
   */
  mapInParts?(file: FileRegion, settled: SettledIngest, report: IngestReport): Promise<boolean>;
  /**
   * The file about to be ingested, once its kind is known and before its settings are settled
   * (decimal, currency, date order): a sink that maps in parts may start its threads now.
   */
  prepareParts?(file: FileRegion, kind: RecordKind): void;
  /**
   * Before a lead file is written on this thread (not in parts): a way to drop everything the
   * file wrote, leaving the sink as if the file had never been started, or null when the sink
   * cannot (or would map the file in parts). Lets run.ts map the rows before the date order is
   * settled and still refuse the file with nothing of it kept, as when settled first.
   */
  markFile?(file: FileRegion | undefined): (() => void) | null;
  /**
   * Before a lead file is written on this thread: the sink may take every row as new and claim
   * the rows' keys only once the file is over (settleKeys), returning a way to drop what the
   * file wrote (as markFile); null when it does not.
   */
  deferKeys?(file: FileRegion | undefined): (() => void) | null;
  /**
   * The file whose keys were deferred is over (`clean`: true when its record ids are known to be
   * distinct and all readable, null when unknown): false when a row's key repeats an earlier
   * row's, and the file must be written again (after the drop), its keys claimed as they come.
   */
  settleKeys?(clean: boolean | null): boolean;
}

/**
 * A lead as the byte lane (lead-lane.ts) hands it to a columnar sink: what putLead's Lead
 * would become in the columns, already coded. The object is reused for the next lead.
 */
export interface CodedLead {
  /** The code (IngestSink.leadCode) of each lead dimension's value, in LEAD_DIMENSIONS order. */
  codes: Int32Array;
  /**
   * The epoch days (shared/days.ts) in the zone IngestSink.leadDayZone of the lead's instants
   * (createdAt, mqlAt…): what the columns keep of them. NULL_DAY for an absent one.
   */
  created: number;
  mql: number;
  sql: number;
  opportunity: number;
  customer: number;
  lost: number;
  activated: number;
  valid: boolean;
  /** Whether the lead's channel is a marketing channel (model/channel.ts MARKETING_CHANNELS). */
  marketing: boolean;
  amount: number | null;
  pipelineAmount: number | null;
  customerId: string | null;
  /** hash52 and fnv32 of the record id (id-set.ts), the key putLead would hash. */
  keyHash: number;
  keyCheck: number;
  /**
   * The dimensions whose codes vary from lead to lead, or null (all may): the others' codes are
   * the same on every lead given with this array (a lane's defaults), and are copied once.
   */
  varying: Int32Array | null;
}

/** CodedCost.texts: the cost dimensions' codes (COST_DIMENSIONS order), then these. */
export const CODED_DATE = COST_DIMENSIONS.length;
export const CODED_END_DATE = CODED_DATE + 1;
export const CODED_GRAIN = CODED_DATE + 2;
export const CODED_KIND = CODED_DATE + 3;
export const CODED_TEXTS = CODED_DATE + 4;

/**
 * A spend row as the byte lane (cost-lane.ts) hands it to a columnar sink: what putCost's Cost
 * would become in the columns, already coded. The object is reused for the next row.
 */
export interface CodedCost {
  /** IngestSink.spendCode of each text, at its place (CODED_DATE…; -1: null); CODED_TEXTS long. */
  texts: Int32Array;
  amount: number;
  /** The counts, NaN for none. */
  impressions: number;
  clicks: number;
  platformLeads: number;
  conversions: number;
  /** hash52 and fnv32 (id-set.ts) of the row's key, as putCost would hash it (its record id, else its raw identity). */
  keyHash: number;
  keyCheck: number;
}

/** A CodedLead to fill (no day, no amount, every code 0). */
export function newCodedLead(dimensions: number): CodedLead {
  return {
    codes: new Int32Array(dimensions),
    created: NULL_DAY,
    mql: NULL_DAY,
    sql: NULL_DAY,
    opportunity: NULL_DAY,
    customer: NULL_DAY,
    lost: NULL_DAY,
    activated: NULL_DAY,
    valid: false,
    marketing: false,
    amount: null,
    pipelineAmount: null,
    customerId: null,
    keyHash: 0,
    keyCheck: 0,
    varying: null,
  };
}

/** A CodedCost to fill (texts all null). */
export function newCodedCost(): CodedCost {
  return {
    texts: new Int32Array(CODED_TEXTS).fill(-1),
    amount: 0,
    impressions: 0,
    clicks: 0,
    platformLeads: 0,
    conversions: 0,
    keyHash: 0,
    keyCheck: 0,
  };
}

/** Spend stored for one platform, campaign and day at one grain, and the import that brought it. */
export interface GrainDay extends CostGrainDay {
  /** The file (or sheet, upload) the rows came from, as the import history names it. */
  name: string;
}

/** An in-memory sink for tests, dry runs and previews. Upserts on origin + recordId. */
export class MemorySink implements IngestSink {
  readonly leads = new Map<string, Lead>();
  readonly costs = new Map<string, Cost>();
  /** How many write calls were made (batches). */
  batches = 0;

  async writeLeads(rows: readonly Lead[]): Promise<void> {
    this.batches += 1;
    for (const row of rows) this.leads.set(`${row.origin}\u0000${row.recordId}`, row);
  }

  async writeCosts(rows: readonly Cost[]): Promise<void> {
    this.batches += 1;
    for (const row of rows) this.costs.set(`${row.origin}\u0000${row.recordId}`, row);
  }

  async knownCampaignKeys(kind: RecordKind): Promise<ReadonlySet<string>> {
    const keys = new Set<string>();
    const rows: Iterable<Lead | Cost> = kind === 'lead' ? this.leads.values() : this.costs.values();
    for (const row of rows) {
      const key = campaignKey(row.campaign);
      if (key !== null) keys.add(key);
    }
    return keys;
  }

  async otherGrainDays(grain: string, range?: { from: string; to: string }): Promise<readonly GrainDay[]> {
    const found = new Map<string, GrainDay>();
    for (const c of this.costs.values()) {
      if (c.grain == null || c.grain === grain) continue;
      if (range && (c.date > range.to || (c.endDate ?? c.date) < range.from)) continue;
      const day: GrainDay = {
        source: c.source,
        campaignKey: campaignKey(c.campaign),
        date: c.date,
        endDate: c.endDate ?? null,
        grain: c.grain,
        origin: c.origin,
        name: c.origin,
      };
      found.set(
        `${day.source}\u0000${day.campaignKey}\u0000${day.date}\u0000${day.endDate}\u0000${day.grain}\u0000${day.origin}`,
        day,
      );
      if (!range) break;
    }
    return [...found.values()];
  }

  async dropOtherGrains(grain: string, days: readonly GrainDay[]): Promise<number> {
    const keys = new Set(
      days.map((d) => `${d.source}\u0000${d.campaignKey}\u0000${d.date}\u0000${d.endDate}`),
    );
    let dropped = 0;
    for (const [key, c] of this.costs) {
      if (c.grain == null || c.grain === grain) continue;
      if (!keys.has(`${c.source}\u0000${campaignKey(c.campaign)}\u0000${c.date}\u0000${c.endDate ?? null}`))
        continue;
      this.costs.delete(key);
      dropped++;
    }
    return dropped;
  }

  leadList(): Lead[] {
    return [...this.leads.values()];
  }

  costList(): Cost[] {
    return [...this.costs.values()];
  }
}
