import { type CodedLead, newCodedLead } from '../ingest/sink.ts';
import { campaignKey } from '../model/campaign.ts';
import { foldLabel, MARKETING_CHANNELS } from '../model/channel.ts';
import { COST_KINDS, type Cost } from '../model/cost.ts';
import {
  COST_DIMENSIONS,
  type CostDimension,
  DIMENSIONS,
  type Dimension,
  LEAD_DIMENSIONS,
  type LeadDimension,
} from '../model/dimension.ts';
import type { Lead } from '../model/lead.ts';
import type { Currency } from '../model/money.ts';
import { dayFromIso, NULL_DAY } from '../shared/days.ts';
import { ZoneDays } from '../shared/zone-days.ts';
import { ChunkPool, type Column, Dictionary, float64, int32, uint8 } from './columns.ts';
import type { LeadPart } from './lead-part.ts';
import { LeadStage } from './lead-stage.ts';
import { type DayIndex, type DayRank, dayIndex, dayRank, scatterDays } from './order.ts';

export interface SnapshotOptions {
  timeZone: string;
  currency: Currency;
  dataVersion: string;
}

/** Lead columns, sorted by creation day: row i of every array is the same lead. Days are epoch days in the workspace zone. */
export interface LeadColumns {
  count: number;
  codes: Readonly<Record<LeadDimension, Int32Array>>;
  created: Int32Array;
  mql: Int32Array;
  sql: Int32Array;
  opportunity: Int32Array;
  customer: Int32Array;
  lost: Int32Array;
  activated: Int32Array;
  /** 1 when the lead has a valid email or phone. */
  valid: Uint8Array;
  /** 1 when the lead's channel is a marketing channel. */
  marketing: Uint8Array;
  /** Won amount (0 when absent). */
  amount: Float64Array;
  /**
   * Whether any lead carries a revenue amount at all. Without one no loaded source has a revenue
   * column, and revenue, ROI, profit… are n/a ("no revenue in the data"), never 0.
   */
  revenueData: boolean;
  /** Open opportunity value (0 when absent). */
  pipeline: Float64Array;
  /** Customer code: leads sharing a customerId share it; others get their own. */
  customerCode: Int32Array;
  /** Rows sorted by each stage's day (rows are themselves sorted by `created`). */
  index: {
    mql: DayIndex;
    sql: DayIndex;
    activated: DayIndex;
    customer: DayIndex;
    lost: DayIndex;
    /** Marketing-channel leads with a pipeline amount, by the day their opportunity opened. */
    opened: DayIndex;
  };
}

/** Cost columns sorted by day (rows with an impossible date left out); `kind` indexes COST_KINDS. */
export interface CostColumns {
  count: number;
  codes: Readonly<Record<CostDimension, Int32Array>>;
  day: Int32Array;
  /** The last day of each row's span (= day for a one-day row): a campaign grid's rows span a range. */
  endDay: Int32Array;
  /** The longest span in days (1 when every row is one day's): how far before a period a row may start. */
  maxSpan: number;
  amount: Float64Array;
  impressions: Float64Array;
  clicks: Float64Array;
  /** Results the platform reported (NaN where the export had none: blank is not 0). */
  platformLeads: Float64Array;
  conversions: Float64Array;
  kind: Uint8Array;
}

/** Cost rows as columns, for SnapshotBuilder.addCostColumns (every array of the same length). */
export type CostBatch = Omit<CostColumns, 'count' | 'codes' | 'maxSpan'> & {
  /** The codes of COST_DIMENSIONS[d] at index d. */
  codes: readonly Int32Array[];
};

/** The columnar, immutable in-memory copy of the store the engine queries. */
export interface Snapshot {
  timeZone: string;
  currency: Currency;
  dataVersion: string;
  /** One dictionary per dimension, shared by leads and costs. */
  dictionaries: Readonly<Record<Dimension, Dictionary>>;
  leads: LeadColumns;
  costs: CostColumns;
  /** Number of distinct customer codes. */
  customerCodes: number;
  /** Data bounds in epoch days (created dates and cost dates); null when empty. */
  minDay: number | null;
  maxDay: number | null;
}

export const MEDIA_KIND = COST_KINDS.indexOf('media');
/** Costs of kind `other` count in `cost` but not in acquisition cost (CAC). */
export const OTHER_KIND = COST_KINDS.indexOf('other');
const KIND_CODE: ReadonlyMap<string, number> = new Map(COST_KINDS.map((kind, i) => [kind, i]));

/** How a dimension's values are matched (its dictionary's key). */
export const keyOf = (dimension: Dimension) => (dimension === 'campaign' ? campaignKey : foldLabel);

type DimColumns<D extends string> = Record<D, Column<Int32Array>>;
const dimColumns = <D extends string>(dims: readonly D[]): DimColumns<D> =>
  Object.fromEntries(dims.map((d) => [d, int32()])) as DimColumns<D>;

/** The lead fields addLeadRows reads. */
export type LeadRowField =
  | LeadDimension
  | 'createdAt'
  | 'mqlAt'
  | 'sqlAt'
  | 'opportunityAt'
  | 'customerAt'
  | 'lostAt'
  | 'activatedAt'
  | 'valid'
  | 'amount'
  | 'pipelineAmount'
  | 'customerId';
/** The cost fields addCostRows reads. */
export type CostRowField =
  | CostDimension
  | 'date'
  | 'endDate'
  | 'amount'
  | 'impressions'
  | 'clicks'
  | 'platformLeads'
  | 'conversions'
  | 'kind';
/** The fields addLeadRows and addCostRows read, to ask the store for. */
export const LEAD_ROW_FIELDS: readonly LeadRowField[] = [
  ...LEAD_DIMENSIONS,
  'createdAt',
  'mqlAt',
  'sqlAt',
  'opportunityAt',
  'customerAt',
  'lostAt',
  'activatedAt',
  'valid',
  'amount',
  'pipelineAmount',
  'customerId',
];
export const COST_ROW_FIELDS: readonly CostRowField[] = [
  ...COST_DIMENSIONS,
  'date',
  'endDate',
  'amount',
  'impressions',
  'clicks',
  'platformLeads',
  'conversions',
  'kind',
];

/** A lead's values besides its codes and key, as addLeadCoded takes them (days, not instants). */
type LeadValues = Omit<CodedLead, 'codes' | 'keyHash' | 'keyCheck'>;

/** Appends batches of leads and costs (from the store's streaming reads) into columns. */
export class SnapshotBuilder {
  readonly #opts: SnapshotOptions;
  readonly #dicts: Record<Dimension, Dictionary>;
  readonly #customers = new Map<string, number>();
  #customerCodes = 0;
  readonly #days: ZoneDays;
  readonly #isoDays = new Map<string, number>();
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  readonly #lead = {
    codes: dimColumns(LEAD_DIMENSIONS),
    created: int32(),
    // Most leads never reach a stage: a column of NULL_DAY only is kept as no array at all.
    mql: int32(NULL_DAY),
    sql: int32(NULL_DAY),
    opportunity: int32(NULL_DAY),
    customer: int32(NULL_DAY),
    lost: int32(NULL_DAY),
    activated: int32(NULL_DAY),
    valid: uint8(),
    marketing: uint8(),
    amount: float64(),
    pipeline: float64(),
    customerCode: int32(),
  };
  readonly #cost = {
    codes: dimColumns(COST_DIMENSIONS),
    day: int32(),
    endDay: int32(),
    amount: float64(),
    impressions: float64(),
    clicks: float64(),
    platformLeads: float64(),
    conversions: float64(),
    kind: uint8(),
  };

  constructor(opts: SnapshotOptions) {
    this.#opts = opts;
    this.#days = new ZoneDays(opts.timeZone);
    this.#dicts = Object.fromEntries(DIMENSIONS.map((d) => [d, new Dictionary(keyOf(d))])) as Record<
      Dimension,
      Dictionary
    >;
  }

  /** Epoch day of an instant in the workspace zone (NULL_DAY for none). */
  #day(ms: number | null): number {
    return ms === null ? NULL_DAY : this.#days.day(ms);
  }

  #note(day: number): void {
    if (day < this.#min) this.#min = day;
    if (day > this.#max) this.#max = day;
  }

  addLeads(batch: Iterable<Lead>): this {
    for (const lead of batch) this.addLead(lead);
    return this;
  }

  /** Appends one lead (read at once: the object may be reused by the caller); returns its row. */

  addLead(lead: Lead): number {
    this.#flushStage();
    const c = this.#lead;
    const row = c.created.length;
    // Field by field (named loads of the lead, not a keyed load per dimension and row).
    const k = c.codes;
    const d = this.#dicts;
    k.channel.push(d.channel.code(lead.channel));
    k.source.push(d.source.code(lead.source));
    k.campaign.push(d.campaign.code(lead.campaign));
    k.ad.push(d.ad.code(lead.ad));
    k.audience.push(d.audience.code(lead.audience));
    k.form.push(d.form.code(lead.form));
    k.keyword.push(d.keyword.code(lead.keyword));
    k.owner.push(d.owner.code(lead.owner));
    k.segment.push(d.segment.code(lead.segment));
    k.product.push(d.product.code(lead.product));
    k.country.push(d.country.code(lead.country));
    const created = this.#day(lead.createdAt);
    this.#note(created);
    c.created.push(created);
    c.mql.push(this.#day(lead.mqlAt));
    c.sql.push(this.#day(lead.sqlAt));
    c.opportunity.push(this.#day(lead.opportunityAt));
    c.customer.push(this.#day(lead.customerAt));
    c.lost.push(this.#day(lead.lostAt));
    c.activated.push(this.#day(lead.activatedAt));
    c.valid.push(lead.valid ? 1 : 0);
    c.marketing.push(MARKETING_CHANNELS.has(lead.channel) ? 1 : 0);
    c.amount.push(lead.amount ?? 0);
    if (lead.amount != null) this.#withAmount++;
    this.#hasAmount.push(lead.amount != null ? 1 : 0);
    c.pipeline.push(lead.pipelineAmount ?? 0);
    c.customerCode.push(this.#customerCode(lead.customerId));
    return row;
  }

  /**
   * addLead for a lead given coded (ingest/lead-lane.ts): its dimensions' codes (leadCode, in
   * LEAD_DIMENSIONS order) and days (in this builder's zone), written as addLead
   * writes the same lead.
   */
  addLeadCoded(lead: CodedLead): number {
    const st = this.#stage;
    // Another set of varying dimensions (another lane, or none): the staged rows go first.
    if (lead.varying !== st.varying || (lead.varying !== null && st.size === 0)) {
      this.#flushStage();
      st.writeOnly(lead.varying, lead.codes);
    }
    const at = st.size;
    const row = this.#lead.created.length + at;
    const codes = lead.codes;
    const varying = lead.varying;
    if (varying === null) for (let d = 0; d < codes.length; d++) st.codes[d]![at] = codes[d]!;
    else for (let j = 0; j < varying.length; j++) st.codes[varying[j]!]![at] = codes[varying[j]!]!;
    const created = lead.created;
    this.#note(created);
    st.created[at] = created;
    st.mql[at] = lead.mql;
    st.sql[at] = lead.sql;
    st.opportunity[at] = lead.opportunity;
    st.customer[at] = lead.customer;
    st.lost[at] = lead.lost;
    st.activated[at] = lead.activated;
    st.valid[at] = lead.valid ? 1 : 0;
    st.marketing[at] = lead.marketing ? 1 : 0;
    st.amount[at] = lead.amount ?? 0;
    if (lead.amount != null) this.#withAmount++;
    st.hasAmount[at] = lead.amount != null ? 1 : 0;
    st.pipeline[at] = lead.pipelineAmount ?? 0;
    st.customerCode[at] = this.#customerCode(lead.customerId);
    st.size = at + 1;
    if (st.full) this.#flushStage();
    return row;
  }

  /** Rows addLeadCoded staged (lead-stage.ts), appended to the lead columns. */
  readonly #stage = new LeadStage(LEAD_DIMENSIONS.length);

  /** Appends the staged rows: before anything else reads or writes the lead columns. */
  #flushStage(): void {
    if (this.#stage.size === 0) return;
    const l = this.#lead;
    this.#stage.flush({ ...l, codes: LEAD_DIMENSIONS.map((d) => l.codes[d]), hasAmount: this.#hasAmount });
  }

  /** replaceLead for a lead given coded (addLeadCoded). */
  replaceLeadCoded(row: number, lead: CodedLead): void {
    this.#flushStage();
    this.#replaced = true;
    const c = this.#lead;
    const codes = lead.codes;
    for (let d = 0; d < LEAD_DIMENSIONS.length; d++) c.codes[LEAD_DIMENSIONS[d]!].set(row, codes[d]!);
    this.#replaceValues(row, lead);
  }

  /** The code of lead dimension LEAD_DIMENSIONS[d]'s value (adding it when new), as addLead codes it. */
  leadCode(d: number, raw: string | null): number {
    return this.#dicts[LEAD_DIMENSIONS[d]!].code(raw);
  }

  /**
   * Overwrites lead `row` with a later version of it (the store's upsert: a re-imported lead
   * replaces the stored one, never adds to it). Values only the replaced row had stay in the
   * dictionaries (no row carries them); the data bounds are taken again from the rows at build.
   */
  replaceLead(row: number, lead: Lead): void {
    this.#flushStage();
    this.#replaced = true;
    const c = this.#lead;
    for (const d of LEAD_DIMENSIONS) c.codes[d].set(row, this.#dicts[d].code(lead[d]));
    const v = this.#values;
    v.created = this.#day(lead.createdAt);
    v.mql = this.#day(lead.mqlAt);
    v.sql = this.#day(lead.sqlAt);
    v.opportunity = this.#day(lead.opportunityAt);
    v.customer = this.#day(lead.customerAt);
    v.lost = this.#day(lead.lostAt);
    v.activated = this.#day(lead.activatedAt);
    v.valid = lead.valid;
    v.marketing = MARKETING_CHANNELS.has(lead.channel);
    v.amount = lead.amount;
    v.pipelineAmount = lead.pipelineAmount;
    v.customerId = lead.customerId;
    this.#replaceValues(row, v);
  }

  /** replaceLead's lead as replaceLeadCoded's (reused). */
  readonly #values: LeadValues = newCodedLead(0);

  /** What replaceLead and replaceLeadCoded both overwrite besides the dimension codes. */
  #replaceValues(row: number, lead: LeadValues): void {
    const c = this.#lead;
    const created = lead.created;
    this.#note(created);
    c.created.set(row, created);
    c.mql.set(row, lead.mql);
    c.sql.set(row, lead.sql);
    c.opportunity.set(row, lead.opportunity);
    c.customer.set(row, lead.customer);
    c.lost.set(row, lead.lost);
    c.activated.set(row, lead.activated);
    c.valid.set(row, lead.valid ? 1 : 0);
    c.marketing.set(row, lead.marketing ? 1 : 0);
    c.amount.set(row, lead.amount ?? 0);
    this.#withAmount += (lead.amount != null ? 1 : 0) - this.#hasAmount.get(row);
    this.#hasAmount.set(row, lead.amount != null ? 1 : 0);
    c.pipeline.set(row, lead.pipelineAmount ?? 0);
    c.customerCode.set(row, this.#customerCode(lead.customerId));
  }

  /**
   * The leads written so far, as one part of a file mapped in parts (data/lead-parts.ts): each
   * column trimmed and dropped from the builder at once. The builder is spent afterwards.
   */
  exportLeadPart(): LeadPart {
    this.#flushStage();
    const l = this.#lead;
    const take = <T extends Int32Array | Float64Array | Uint8Array>(col: Column<T>): T => {
      const out = col.finish();
      col.release();
      return out;
    };
    const codes = {} as Record<LeadDimension, Int32Array>;
    const spellings = {} as Record<LeadDimension, [string, number][]>;
    for (const d of LEAD_DIMENSIONS) {
      codes[d] = take(l.codes[d]);
      spellings[d] = this.#dicts[d].spellings();
    }
    const ids = [...this.#customers];
    this.#customers.clear();
    return {
      rows: l.created.length,
      codes,
      created: take(l.created),
      mql: take(l.mql),
      sql: take(l.sql),
      opportunity: take(l.opportunity),
      customer: take(l.customer),
      lost: take(l.lost),
      activated: take(l.activated),
      valid: take(l.valid),
      marketing: take(l.marketing),
      hasAmount: take(this.#hasAmount),
      amount: take(l.amount),
      pipeline: take(l.pipeline),
      customerCode: take(l.customerCode),
      customerCodes: this.#customerCodes,
      customerIdCodes: Int32Array.from(ids, ([, code]) => code),
      customerIds: ids.map(([id]) => id),
      spellings,
    };
  }

  /**
   * Appends a part of a file (exportLeadPart of the builder that mapped it): part row i becomes
   * a new row when target[i] is -1, else replaces row target[i] (a lead an earlier part
   * wrote), as addLead and replaceLead would have in the order the rows were written. The
   * dictionaries take the part's spellings and the customer ids take its codes in the order the
   * part first met them, so codes, labels and customer codes come out as if written here.
   */
  appendLeadPart(part: LeadPart, target: Int32Array): void {
    this.#flushStage();
    const l = this.#lead;
    const dims = LEAD_DIMENSIONS.map((d) => {
      const dict = this.#dicts[d];
      const spellings = part.spellings[d];
      let max = 0;
      for (const [, code] of spellings) if (code > max) max = code;
      const map = new Int32Array(max + 1);
      for (const [raw, code] of spellings) map[code] = dict.code(raw);
      return { col: l.codes[d], map, from: part.codes[d] };
    });
    const customers = new Int32Array(part.customerCodes);
    let keyed = 0;
    for (let code = 0; code < part.customerCodes; code++) {
      if (part.customerIdCodes[keyed] === code) {
        const id = part.customerIds[keyed++]!;
        let global = this.#customers.get(id);
        if (global === undefined) {
          global = this.#customerCodes++;
          this.#customers.set(id, global);
        }
        customers[code] = global;
      } else customers[code] = this.#customerCodes++;
    }
    // The part's codes in this builder's numbering (in place: the part is spent).
    for (const { map, from } of dims) for (let i = 0; i < from.length; i++) from[i] = map[from[i]!]!;
    const cc = part.customerCode;
    for (let i = 0; i < cc.length; i++) cc[i] = customers[cc[i]!]!;
    for (let i = 0; i < part.rows; i++) this.#note(part.created[i]!);
    // Runs of new rows are appended whole; a row an earlier part wrote is replaced in place.
    let i = 0;
    while (i < part.rows) {
      let j = i;
      while (j < part.rows && target[j]! < 0) j++;
      if (j > i) this.#appendRun(part, dims, i, j);
      if (j < part.rows) this.#replaceFromPart(part, dims, j, target[j]!);
      i = j + 1;
    }
  }

  /** Part rows [from, to) as new rows (codes already in this builder's numbering). */
  #appendRun(
    part: LeadPart,
    dims: readonly { col: Column<Int32Array>; from: Int32Array }[],
    from: number,
    to: number,
  ): void {
    const l = this.#lead;
    for (const d of dims) d.col.append(d.from.subarray(from, to));
    l.created.append(part.created.subarray(from, to));
    l.mql.append(part.mql.subarray(from, to));
    l.sql.append(part.sql.subarray(from, to));
    l.opportunity.append(part.opportunity.subarray(from, to));
    l.customer.append(part.customer.subarray(from, to));
    l.lost.append(part.lost.subarray(from, to));
    l.activated.append(part.activated.subarray(from, to));
    l.valid.append(part.valid.subarray(from, to));
    l.marketing.append(part.marketing.subarray(from, to));
    l.amount.append(part.amount.subarray(from, to));
    const has = part.hasAmount.subarray(from, to);
    for (let i = 0; i < has.length; i++) this.#withAmount += has[i]!;
    this.#hasAmount.append(has);
    l.pipeline.append(part.pipeline.subarray(from, to));
    l.customerCode.append(part.customerCode.subarray(from, to));
  }

  /** Part row `i` over row `at` (replaceLead's work, codes already in this builder's numbering). */
  #replaceFromPart(
    part: LeadPart,
    dims: readonly { col: Column<Int32Array>; from: Int32Array }[],
    i: number,
    at: number,
  ): void {
    const l = this.#lead;
    this.#replaced = true;
    for (const d of dims) d.col.set(at, d.from[i]!);
    l.created.set(at, part.created[i]!);
    l.mql.set(at, part.mql[i]!);
    l.sql.set(at, part.sql[i]!);
    l.opportunity.set(at, part.opportunity[i]!);
    l.customer.set(at, part.customer[i]!);
    l.lost.set(at, part.lost[i]!);
    l.activated.set(at, part.activated[i]!);
    l.valid.set(at, part.valid[i]!);
    l.marketing.set(at, part.marketing[i]!);
    l.amount.set(at, part.amount[i]!);
    const has = part.hasAmount[i]!;
    this.#withAmount += has - this.#hasAmount.get(at);
    this.#hasAmount.set(at, has);
    l.pipeline.set(at, part.pipeline[i]!);
    l.customerCode.set(at, part.customerCode[i]!);
  }

  /** Leads added so far (rows, replaced ones counted once). */
  get leadCount(): number {
    return this.#lead.created.length + this.#stage.size;
  }

  /** The creation day (epoch day in the workspace zone) of lead `row`. */
  leadCreatedDay(row: number): number {
    this.#flushStage();
    return this.#lead.created.get(row);
  }

  /** The campaign keys (model/campaign.ts campaignKey) the leads added so far carry. */
  leadCampaignKeys(): Set<string> {
    this.#flushStage();
    const used = new Uint8Array(this.#dicts.campaign.size);
    // A column with no campaign stores nothing (no part): only code 0, which is no key.
    for (const part of this.#lead.codes.campaign.parts())
      for (let i = 0; i < part.length; i++) used[part[i]!] = 1;
    const keys = new Set<string>();
    for (let code = 1; code < used.length; code++) if (used[code]) keys.add(this.#dicts.campaign.keys[code]!);
    return keys;
  }

  #customerCode(id: string | null): number {
    if (id === null || id.trim() === '') return this.#customerCodes++;
    const key = id.trim();
    let code = this.#customers.get(key);
    if (code === undefined) {
      code = this.#customerCodes++;
      this.#customers.set(key, code);
    }
    return code;
  }

  addCosts(batch: Iterable<Cost>): this {
    const c = this.#cost;
    for (const cost of batch) {
      for (const d of COST_DIMENSIONS) c.codes[d].push(this.#dicts[d].code(cost[d]));
      this.#pushCost(
        cost.date,
        cost.endDate ?? null,
        cost.amount,
        cost.impressions,
        cost.clicks,
        cost.platformLeads ?? null,
        cost.conversions ?? null,
        cost.kind,
      );
    }
    return this;
  }

  /** The dictionary code of a dimension's value (adding it when new), as addCosts codes it. */
  codeOf(dimension: Dimension, raw: string | null): number {
    return this.#dicts[dimension].code(raw);
  }

  /**
   * Cost rows given as columns, as addCosts would add them one by one: `codes[d]` holds the
   * rows' codes (codeOf) of COST_DIMENSIONS[d]; `day` and `endDay` their epoch days (isoDay;
   * NULL_DAY for an impossible or absent date), `kind` their COST_KINDS index; counts NaN where
   * absent. The arrays are the builder's afterwards (endDay, impressions and clicks are written;
   * the columns may keep them as their storage: Column.take).
   */
  addCostColumns(cols: CostBatch): void {
    const c = this.#cost;
    for (let d = 0; d < COST_DIMENSIONS.length; d++) c.codes[COST_DIMENSIONS[d]!].take(cols.codes[d]!);
    const { day, endDay, impressions, clicks } = cols;
    for (let i = 0; i < day.length; i++) {
      const first = day[i]!;
      let end = endDay[i]!;
      if (end === NULL_DAY || first === NULL_DAY || end < first) end = first;
      endDay[i] = end;
      if (first !== NULL_DAY) {
        this.#note(first);
        if (end !== first) this.#note(end);
        if (end - first + 1 > this.#maxSpan) this.#maxSpan = end - first + 1;
      }
      // An absent count is 0 in these columns (NaN in platformLeads and conversions).
      if (Number.isNaN(impressions[i]!)) impressions[i] = 0;
      if (Number.isNaN(clicks[i]!)) clicks[i] = 0;
    }
    c.day.take(day);
    c.endDay.take(endDay);
    c.amount.take(cols.amount);
    c.impressions.take(impressions);
    c.clicks.take(clicks);
    c.platformLeads.take(cols.platformLeads);
    c.conversions.take(cols.conversions);
    c.kind.take(cols.kind);
  }

  /** The epoch day of an ISO date (YYYY-MM-DD), NULL_DAY when impossible, as cost rows read it. */
  isoDay(date: string): number {
    return this.#isoDay(date);
  }

  /** The COST_KINDS index a cost row of this kind gets. */
  static kindCode(kind: string): number {
    return KIND_CODE.get(kind) ?? KIND_CODE.get('other') ?? 0;
  }

  #isoDay(date: string): number {
    let day = this.#isoDays.get(date);
    if (day === undefined) {
      day = dayFromIso(date) ?? NULL_DAY;
      this.#isoDays.set(date, day);
    }
    return day;
  }

  /** One cost row's non-dimension columns; a span (endDate) keeps its last day beside its first. */
  #pushCost(
    date: string,
    endDate: string | null,
    amount: number,
    impressions: number | null,
    clicks: number | null,
    platformLeads: number | null,
    conversions: number | null,
    kind: string,
  ): void {
    const c = this.#cost;
    const day = this.#isoDay(date);
    let end = endDate === null ? day : this.#isoDay(endDate);
    if (end === NULL_DAY || day === NULL_DAY || end < day) end = day;
    if (day !== NULL_DAY) {
      this.#note(day);
      if (end !== day) this.#note(end);
      if (end - day + 1 > this.#maxSpan) this.#maxSpan = end - day + 1;
    }
    c.day.push(day);
    c.endDay.push(end);
    c.amount.push(amount);
    c.impressions.push(impressions ?? 0);
    c.clicks.push(clicks ?? 0);
    c.platformLeads.push(platformLeads ?? Number.NaN);
    c.conversions.push(conversions ?? Number.NaN);
    c.kind.push(SnapshotBuilder.kindCode(kind));
  }

  #maxSpan = 1;
  #revenueData = false;
  /** Whether a lead was replaced (then the data bounds are taken from the final rows). */
  #replaced = false;
  /** Leads added by addLead with an amount, and which ones (replaceLead keeps the count true). */
  #withAmount = 0;
  readonly #hasAmount = uint8();

  /**
   * The same as addLeads for rows read as arrays (the store's column-wise read, no Lead
   * objects): `at` gives each field's position in a row. Instants are epoch ms (number or
   * null), `valid` is 0/1 or a boolean.
   */
  addLeadRows(rows: Iterable<readonly unknown[]>, at: Readonly<Record<LeadRowField, number>>): this {
    this.#flushStage();
    const c = this.#lead;
    const dims = LEAD_DIMENSIONS.map((d) => [c.codes[d], this.#dicts[d], at[d]] as const);
    const { createdAt, mqlAt, sqlAt, opportunityAt, customerAt, lostAt, activatedAt } = at;
    for (const row of rows) {
      for (const [col, dict, i] of dims) col.push(dict.code(row[i] as string | null));
      const created = this.#day(row[createdAt] as number);
      this.#note(created);
      c.created.push(created);
      c.mql.push(this.#day(row[mqlAt] as number | null));
      c.sql.push(this.#day(row[sqlAt] as number | null));
      c.opportunity.push(this.#day(row[opportunityAt] as number | null));
      c.customer.push(this.#day(row[customerAt] as number | null));
      c.lost.push(this.#day(row[lostAt] as number | null));
      c.activated.push(this.#day(row[activatedAt] as number | null));
      c.valid.push(row[at.valid] ? 1 : 0);
      c.marketing.push(MARKETING_CHANNELS.has(row[at.channel] as Lead['channel']) ? 1 : 0);
      const amount = row[at.amount] as number | null;
      c.amount.push(amount ?? 0);
      if (amount != null) this.#revenueData = true;
      c.pipeline.push((row[at.pipelineAmount] as number | null) ?? 0);
      c.customerCode.push(this.#customerCode(row[at.customerId] as string | null));
    }
    return this;
  }

  /** The same as addCosts for rows read as arrays; `at` gives each field's position in a row. */
  addCostRows(rows: Iterable<readonly unknown[]>, at: Readonly<Record<CostRowField, number>>): this {
    const c = this.#cost;
    const dims = COST_DIMENSIONS.map((d) => [c.codes[d], this.#dicts[d], at[d]] as const);
    const num = (v: unknown): number | null => (v == null ? null : Number(v));
    for (const row of rows) {
      for (const [col, dict, i] of dims) col.push(dict.code(row[i] as string | null));
      this.#pushCost(
        row[at.date] as string,
        (row[at.endDate] as string | null | undefined) ?? null,
        row[at.amount] as number,
        num(row[at.impressions]),
        num(row[at.clicks]),
        num(row[at.platformLeads]),
        num(row[at.conversions]),
        row[at.kind] as string,
      );
    }
    return this;
  }

  #built: Snapshot | null = null;

  /**
   * The snapshot. Each builder column is written once to its sorted place and dropped at once,
   * so the peak holds the data about once (plus one column), not the builder's, a trimmed and a
   * sorted copy together. The builder is spent afterwards: build() again returns the same snapshot.
   */
  build(): Snapshot {
    this.#flushStage();
    if (this.#built) return this.#built;
    const l = this.#lead;
    const c = this.#cost;
    // Leads ordered by creation day, costs by day: a period is then a contiguous run of rows.
    // The sorted days are the counting sort's own (stable), each other column scattered to its rows' ranks.
    this.#hasAmount.release();
    // Each column's full chunks, once moved, hold the next column's output.
    const pool = new ChunkPool();
    const byCreated = dayRank(l.created.drain(pool));
    const created = byCreated.days;
    const leadCount = created.length;
    const lp = mover(byCreated, pool);
    // A stage's days moved with their index's first pass; a stage no lead reached has an empty index.
    const stage = (col: Column<Int32Array>): { days: Int32Array; index: DayIndex } => {
      if (col.holdsOnly(NULL_DAY)) return { days: lp(col), index: dayIndex(new Int32Array(0)) };
      const out = pool.array(Int32Array, leadCount);
      const { days, counts } = scatterDays(col.parts(), byCreated.rank, leadCount, out);
      col.release(pool);
      return { days, index: dayIndex(days, counts) };
    };
    const leadCodes = moveDims(l.codes, lp);
    // Without a pipeline amount no lead opened anything (opened is NULL_DAY throughout).
    const noPipeline = l.pipeline.holdsOnly(0);
    // Not indexed: moved as any column.
    const opportunity = lp(l.opportunity);
    const marketing = lp(l.marketing);
    const pipeline = lp(l.pipeline);
    const opened = noPipeline
      ? dayIndex(new Int32Array(0))
      : dayIndex(openedDays(created, marketing, pipeline, opportunity));
    const mql = stage(l.mql);
    const sql = stage(l.sql);
    const customer = stage(l.customer);
    const lost = stage(l.lost);
    const activated = stage(l.activated);
    const valid = lp(l.valid);
    const amount = lp(l.amount);
    const customerCode = lp(l.customerCode);
    const leads: LeadColumns = {
      count: leadCount,
      codes: leadCodes,
      created,
      mql: mql.days,
      sql: sql.days,
      opportunity,
      customer: customer.days,
      lost: lost.days,
      activated: activated.days,
      valid,
      marketing,
      amount,
      revenueData: this.#revenueData || this.#withAmount > 0,
      pipeline,
      customerCode,
      index: {
        mql: mql.index,
        sql: sql.index,
        activated: activated.index,
        customer: customer.index,
        lost: lost.index,
        opened,
      },
    };

    const byDay = dayRank(c.day.drain(pool));
    const cp = mover(byDay, pool);
    const costs: CostColumns = {
      count: byDay.days.length,
      codes: moveDims(c.codes, cp),
      day: byDay.days,
      endDay: cp(c.endDay),
      maxSpan: this.#maxSpan,
      amount: cp(c.amount),
      impressions: cp(c.impressions),
      clicks: cp(c.clicks),
      platformLeads: cp(c.platformLeads),
      conversions: cp(c.conversions),
      kind: cp(c.kind),
    };
    if (this.#replaced) {
      // A replaced lead's old creation day may have widened the bounds: take them from the rows.
      this.#min = Number.POSITIVE_INFINITY;
      this.#max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < created.length; i++) this.#note(created[i]!);
      for (let i = 0; i < costs.count; i++) {
        if (costs.day[i] === NULL_DAY) continue;
        this.#note(costs.day[i]!);
        this.#note(costs.endDay[i]!);
      }
    }
    const empty = this.#min > this.#max;
    this.#built = {
      timeZone: this.#opts.timeZone,
      currency: this.#opts.currency,
      dataVersion: this.#opts.dataVersion,
      dictionaries: this.#dicts,
      leads,
      costs,
      customerCodes: this.#customerCodes,
      minDay: empty ? null : this.#min,
      maxDay: empty ? null : this.#max,
    };
    // Only the dictionaries live on in the snapshot; the customer ids are not needed any more.
    this.#customers.clear();
    return this.#built;
  }
}

/** Moves a column to its sorted place and drops the builder's column once written. */
type Mover = <T extends Int32Array | Float64Array | Uint8Array>(col: Column<T>) => T;

/** The Mover of the rows ranked `by`: the column as it is when the rows came in day order. */
function mover(by: DayRank, pool: ChunkPool): Mover {
  const size = by.days.length;
  return (col) => {
    if (by.inOrder) return col.drain(pool);
    const out = col.scatter(by.rank, size, pool);
    col.release(pool);
    return out;
  };
}

/** Each dimension column in its sorted place. */
const moveDims = <D extends string>(cols: DimColumns<D>, move: Mover): Record<D, Int32Array> => {
  const out = {} as Record<D, Int32Array>;
  for (const d of Object.keys(cols) as D[]) out[d] = move(cols[d]);
  return out;
};

/**
 * The day each lead opened an opportunity with a pipeline amount, for a marketing-channel lead
 * (its opportunity day, else its creation day), NULL_DAY for the others.
 */
function openedDays(
  created: Int32Array,
  marketing: Uint8Array,
  pipeline: Float64Array,
  opportunity: Int32Array,
): Int32Array {
  const opened = new Int32Array(created.length);
  for (let i = 0; i < opened.length; i++) {
    opened[i] =
      marketing[i] === 1 && pipeline[i] !== 0
        ? opportunity[i] !== NULL_DAY
          ? opportunity[i]!
          : created[i]!
        : NULL_DAY;
  }
  return opened;
}

/** A snapshot of in-memory rows (tests, previews). */
export function buildSnapshot(leads: Iterable<Lead>, costs: Iterable<Cost>, opts: SnapshotOptions): Snapshot {
  return new SnapshotBuilder(opts).addLeads(leads).addCosts(costs).build();
}

/** Dimension → its distinct display values, sorted (did-you-mean, the modal's type-ahead). */
export function vocabulary(snapshot: Snapshot): Record<Dimension, string[]> {
  return Object.fromEntries(
    DIMENSIONS.map((d) => [d, snapshot.dictionaries[d].labels.slice(1).sort((a, b) => a.localeCompare(b))]),
  ) as Record<Dimension, string[]>;
}
