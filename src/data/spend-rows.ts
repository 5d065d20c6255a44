import { hashKey, keyHashes, RowIndex } from '../ingest/id-set.ts';
import type { KeyHash } from '../ingest/identity.ts';
import {
  CODED_DATE,
  CODED_END_DATE,
  CODED_GRAIN,
  CODED_KIND,
  type CodedCost,
  type GrainDay,
  newCodedCost,
} from '../ingest/sink.ts';
import { type CostBatch, SnapshotBuilder } from '../kpi/snapshot.ts';
import { campaignKey } from '../model/campaign.ts';
import type { Cost } from '../model/cost.ts';
import { COST_DIMENSIONS } from '../model/dimension.ts';
import { NULL_DAY } from '../shared/days.ts';

const DIMS = COST_DIMENSIONS;
const NONE = -1;
/** A row's ints: its dimensions' text codes (COST_DIMENSIONS order), then these. */
const ORIGIN = DIMS.length;
const DATE = ORIGIN + 1;
const END_DATE = ORIGIN + 2;
const GRAIN = ORIGIN + 3;
const KIND = ORIGIN + 4;
/** The file the row came from (the level check names it). */
const NAME = ORIGIN + 5;
const INTS = ORIGIN + 6;
/** A row's numbers (a null count is NaN: the schema keeps counts finite). */
const AMOUNT = 0;
const IMPRESSIONS = 1;
const CLICKS = 2;
const PLATFORM_LEADS = 3;
const CONVERSIONS = 4;
const NUMS = 5;
const CAMPAIGN = DIMS.indexOf('campaign');
const SOURCE = DIMS.indexOf('source');

/**
 * The spend rows of a ColumnSink, kept as numbers (no object, no string key per row): each text
 * is a code into one table of the texts seen (days, campaigns and ads repeat on thousands of
 * rows), a row's codes side by side in one Int32Array, its amounts in one Float64Array. A row
 * whose origin + record id is already held replaces it in place, a row dropped by the report
 * levels' check is left out; the rows go into the snapshot's builder at `addTo`, in the order
 * they were first written, as MemorySink's Map of rows would give them.
 */
export class SpendRows {
  readonly #keys = new RowIndex();
  /** Text → code, and back. */
  readonly #codes = new Map<string, number>();
  readonly #texts: string[] = [];
  #ints = new Int32Array(1024 * INTS);
  #nums = new Float64Array(1024 * NUMS);
  /** 0 once dropped by the level check. */
  #alive = new Uint8Array(1024);
  /** Text code of a campaign → its campaignKey's text code (NONE when null), memoised. */
  readonly #campaignKeys = new Map<number, number>();
  #count = 0;
  /** put's row, coded (reused). */
  readonly #coded = newCodedCost();
  /**
   * Per dimension, nonzero once a row was written with a text for it (code + 1 OR-ed in):
   * addTo codes only those; a dimension no file fills is no value on every row.
   */
  readonly #filled = new Int32Array(DIMS.length);
  /** Per origin number: its rows held and not dropped (rowsOf, without a pass over the rows). */
  readonly #originRows: number[] = [];
  /** The file name last written, and its text code. */
  #name = '';
  #nameCode = NONE;

  /** Rows held (dropped ones counted). */
  get length(): number {
    return this.#count;
  }

  /** Makes room for `more` rows at once. */
  reserve(more: number): void {
    this.#keys.reserve(more);
    this.#room(this.#count + more, true);
  }

  /** Room for `rows` rows: exactly (a reserve), else doubling. */
  #room(rows: number, exact = false): void {
    if (rows <= this.#alive.length) return;
    let capacity = Math.max(1024, this.#alive.length);
    if (exact) capacity = rows;
    else while (capacity < rows) capacity *= 2;
    const ints = new Int32Array(capacity * INTS);
    ints.set(this.#ints);
    this.#ints = ints;
    const nums = new Float64Array(capacity * NUMS);
    nums.set(this.#nums);
    this.#nums = nums;
    const alive = new Uint8Array(capacity);
    alive.set(this.#alive);
    this.#alive = alive;
  }

  /** A text's code (NONE for null), the text added when new: what a coded row's texts hold. */
  code(text: string | null | undefined): number {
    if (text == null) return NONE;
    let code = this.#codes.get(text);
    if (code === undefined) {
      code = this.#texts.length;
      this.#texts.push(text);
      this.#codes.set(text, code);
    }
    return code;
  }

  #text(code: number): string | null {
    return code === NONE ? null : this.#texts[code]!;
  }

  #int(row: number, field: number): number {
    return this.#ints[row * INTS + field]!;
  }

  /**
   * Writes a row of origin number `origin`, from file `name` (the row object may be reused
   * after); returns what ColumnSink.putCost does (0, or the line its key first came on in `pass`).
   * `key`: the hashes of the row's key when it comes hashed (its recordId is then not read).
   */
  put(
    origin: number,
    row: Cost,
    name: string,
    pass: number,
    line: number,
    key: KeyHash | null = null,
  ): number {
    const coded = this.#coded;
    const t = coded.texts;
    // Field by field, in COST_DIMENSIONS order (checked below): named loads, not keyed ones.
    t[0] = this.code(row.channel);
    t[1] = this.code(row.source);
    t[2] = this.code(row.campaign);
    t[3] = this.code(row.ad);
    t[4] = this.code(row.audience);
    t[5] = this.code(row.keyword);
    t[6] = this.code(row.country);
    t[7] = this.code(row.age);
    t[8] = this.code(row.gender);
    t[9] = this.code(row.device);
    t[10] = this.code(row.placement);
    t[11] = this.code(row.hour);
    t[CODED_DATE] = this.code(row.date);
    t[CODED_END_DATE] = this.code(row.endDate);
    t[CODED_GRAIN] = this.code(row.grain);
    t[CODED_KIND] = this.code(row.kind);
    coded.amount = row.amount;
    coded.impressions = row.impressions ?? Number.NaN;
    coded.clicks = row.clicks ?? Number.NaN;
    coded.platformLeads = row.platformLeads ?? Number.NaN;
    coded.conversions = row.conversions ?? Number.NaN;
    if (key) {
      coded.keyHash = key.hash;
      coded.keyCheck = key.check;
    } else {
      hashKey(row.recordId);
      coded.keyHash = keyHashes.h52;
      coded.keyCheck = keyHashes.fnv;
    }
    return this.putCoded(origin, coded, name, pass, line);
  }

  /** Reads ahead the slots of keys `h52[from..to)` of origin number `origin` (RowIndex.touch). */
  touch(origin: number, h52: Float64Array, from: number, to: number): void {
    this.#keys.touch(origin, h52, from, to);
  }

  /** put for a row given coded (its texts' codes from `code`, its key hashed). */
  putCoded(origin: number, row: CodedCost, name: string, pass: number, line: number): number {
    const keys = this.#keys;
    const at = keys.claimSeenHashed(origin, row.keyHash, row.keyCheck, this.#count, pass, line);
    const first = keys.firstLine;
    if (name !== this.#name) {
      this.#name = name;
      this.#nameCode = this.code(name);
    }
    if (at >= 0 && this.#alive[at] === 1) {
      this.#write(at, origin, row);
      return first;
    }
    // A new key, or one whose row the level check dropped: written after the rows held (as a
    // Map deleted from, then set again, orders it).
    if (at >= 0) keys.moveHashed(origin, row.keyHash, row.keyCheck, this.#count);
    this.#room(this.#count + 1);
    this.#alive[this.#count] = 1;
    this.#originRows[origin] = (this.#originRows[origin] ?? 0) + 1;
    this.#write(this.#count++, origin, row);
    return first;
  }

  #write(at: number, origin: number, row: CodedCost): void {
    const ints = this.#ints;
    const i = at * INTS;
    const t = row.texts;
    const filled = this.#filled;
    for (let d = 0; d < DIMS.length; d++) {
      ints[i + d] = t[d]!;
      filled[d]! |= t[d]! + 1;
    }
    ints[i + ORIGIN] = origin;
    ints[i + DATE] = t[CODED_DATE]!;
    ints[i + END_DATE] = t[CODED_END_DATE]!;
    ints[i + GRAIN] = t[CODED_GRAIN]!;
    ints[i + KIND] = t[CODED_KIND]!;
    ints[i + NAME] = this.#nameCode;
    const nums = this.#nums;
    const n = at * NUMS;
    nums[n + AMOUNT] = row.amount;
    nums[n + IMPRESSIONS] = row.impressions;
    nums[n + CLICKS] = row.clicks;
    nums[n + PLATFORM_LEADS] = row.platformLeads;
    nums[n + CONVERSIONS] = row.conversions;
  }

  #campaignKey(row: number): string | null {
    const campaign = this.#int(row, CAMPAIGN);
    if (campaign === NONE) return null;
    let key = this.#campaignKeys.get(campaign);
    if (key === undefined) {
      key = this.code(campaignKey(this.#text(campaign)));
      this.#campaignKeys.set(campaign, key);
    }
    return this.#text(key);
  }

  #source(row: number): string | null {
    return this.#text(this.#int(row, SOURCE));
  }

  /** The campaign keys of the rows held (MemorySink.knownCampaignKeys). */
  campaignKeys(): Set<string> {
    const keys = new Set<string>();
    for (let row = 0; row < this.#count; row++) {
      if (this.#alive[row] === 0) continue;
      const key = this.#campaignKey(row);
      if (key !== null) keys.add(key);
    }
    return keys;
  }

  /**
   * MemorySink.otherGrainDays, each entry named by the file that last wrote a row of its origin
   * and grain (`origins` gives an origin number's text).
   */
  otherGrainDays(grain: string, range: { from: string; to: string } | undefined, origins: readonly string[]) {
    const found = new Map<string, GrainDay>();
    for (let row = 0; row < this.#count; row++) {
      const g = this.#text(this.#int(row, GRAIN));
      if (this.#alive[row] === 0 || g == null || g === grain) continue;
      const date = this.#text(this.#int(row, DATE))!;
      const endDate = this.#text(this.#int(row, END_DATE));
      if (range && (date > range.to || (endDate ?? date) < range.from)) continue;
      const origin = origins[this.#int(row, ORIGIN)]!;
      const day: GrainDay = {
        source: this.#source(row),
        campaignKey: this.#campaignKey(row),
        date,
        endDate,
        grain: g,
        origin,
        name: origin,
      };
      found.set(
        `${day.source}\u0000${day.campaignKey}\u0000${day.date}\u0000${day.endDate}\u0000${day.grain}\u0000${day.origin}`,
        day,
      );
      if (!range) break;
    }
    const days = [...found.values()];
    if (days.length === 0) return days;
    // The file that brought an origin's spend at a grain: the last one that wrote such a row.
    const names = new Map<string, string>();
    for (let row = 0; row < this.#count; row++) {
      if (this.#alive[row] === 0) continue;
      const key = `${origins[this.#int(row, ORIGIN)]}\u0000${this.#text(this.#int(row, GRAIN))}`;
      names.set(key, this.#text(this.#int(row, NAME))!);
    }
    return days.map((d): GrainDay => ({ ...d, name: names.get(`${d.origin}\u0000${d.grain}`) ?? d.origin }));
  }

  /** MemorySink.dropOtherGrains: drops the rows at another grain on these days; returns how many. */
  dropOtherGrains(grain: string, days: readonly GrainDay[]): number {
    const keys = new Set(
      days.map((d) => `${d.source}\u0000${d.campaignKey}\u0000${d.date}\u0000${d.endDate}`),
    );
    let dropped = 0;
    for (let row = 0; row < this.#count; row++) {
      const g = this.#text(this.#int(row, GRAIN));
      if (this.#alive[row] === 0 || g == null || g === grain) continue;
      const key = `${this.#source(row)}\u0000${this.#campaignKey(row)}\u0000${this.#text(this.#int(row, DATE))}\u0000${this.#text(this.#int(row, END_DATE))}`;
      if (!keys.has(key)) continue;
      this.#alive[row] = 0;
      this.#originRows[this.#int(row, ORIGIN)]!--;
      dropped++;
    }
    return dropped;
  }

  /** Rows held of origin number `origin`. */
  rowsOf(origin: number): number {
    return this.#originRows[origin] ?? 0;
  }

  /** Each origin number's first and last day (endDate counted), in the order origins first appear. */
  spans(): Map<number, { first: string; last: string }> {
    const spans = new Map<number, { first: string; last: string }>();
    for (let row = 0; row < this.#count; row++) {
      if (this.#alive[row] === 0) continue;
      const date = this.#text(this.#int(row, DATE))!;
      const end = this.#text(this.#int(row, END_DATE)) ?? date;
      const origin = this.#int(row, ORIGIN);
      const span = spans.get(origin);
      if (!span) spans.set(origin, { first: date, last: end });
      else {
        if (date < span.first) span.first = date;
        if (end > span.last) span.last = end;
      }
    }
    return spans;
  }

  /**
   * Adds the rows held to the builder, as SnapshotBuilder.addCosts would the Cost rows: each
   * dimension's values coded in the same order (so a label's first spelling is the same). One
   * pass over the rows, each row's ints read once (a row is 72 bytes: a pass per column would
   * read every row's cache line once per column); each text is coded once per dimension and
   * each date text read once.
   */
  addTo(builder: SnapshotBuilder): void {
    const ints = this.#ints;
    const nums = this.#nums;
    const alive = this.#alive;
    const count = this.#count;
    let n = 0;
    for (let row = 0; row < count; row++) n += alive[row]!;
    const codes = new CostCodes(builder, this.#texts, n, this.#filled);
    const dates = new DateCodes(builder, this.#texts);
    const batch: CostBatch = {
      codes: codes.columns,
      day: new Int32Array(n),
      endDay: new Int32Array(n),
      amount: new Float64Array(n),
      impressions: new Float64Array(n),
      clicks: new Float64Array(n),
      platformLeads: new Float64Array(n),
      conversions: new Float64Array(n),
      kind: new Uint8Array(n),
    };
    for (let row = 0, k = 0; row < count; row++) {
      if (alive[row] === 0) continue;
      const i = row * INTS;
      codes.put(ints, i, k);
      batch.day[k] = dates.day(ints[i + DATE]!);
      batch.endDay[k] = dates.day(ints[i + END_DATE]!);
      batch.kind[k] = dates.kind(ints[i + KIND]!);
      const m = row * NUMS;
      batch.amount[k] = nums[m + AMOUNT]!;
      batch.impressions[k] = nums[m + IMPRESSIONS]!;
      batch.clicks[k] = nums[m + CLICKS]!;
      batch.platformLeads[k] = nums[m + PLATFORM_LEADS]!;
      batch.conversions[k] = nums[m + CONVERSIONS]!;
      k++;
    }
    builder.addCostColumns(batch);
  }

  /** Forgets every row. */
  clear(): void {
    this.#keys.clear();
    this.#codes.clear();
    this.#texts.length = 0;
    this.#campaignKeys.clear();
    this.#originRows.length = 0;
    this.#filled.fill(0);
    this.#ints = new Int32Array(0);
    this.#nums = new Float64Array(0);
    this.#alive = new Uint8Array(0);
    this.#count = 0;
    this.#name = '';
    this.#nameCode = NONE;
  }
}

/**
 * The dimensions' dictionary codes of the rows kept, a row at a time (SpendRows.addTo): each
 * dimension's texts coded in row order, each text once per dimension (the builder's
 * dictionaries are one per dimension, so coding them row by row rather than column by column
 * gives the same codes and labels). A dimension no row has a text for is its code of no value
 * throughout, written once.
 */
class CostCodes {
  readonly columns: Int32Array[];
  readonly #builder: SnapshotBuilder;
  readonly #texts: readonly string[];
  /** The dimensions some row has a text for, and their columns. */
  readonly #dims: Int32Array;
  readonly #out: Int32Array[];
  /** Dimension d's code of text t at d * #stride + t + 1 (-2: not coded yet); at d * #stride, its code of NONE. */
  readonly #memo: Int32Array;
  readonly #stride: number;

  constructor(builder: SnapshotBuilder, texts: readonly string[], rows: number, filled: Int32Array) {
    this.#builder = builder;
    this.#texts = texts;
    this.#stride = texts.length + 1;
    this.#memo = new Int32Array(DIMS.length * this.#stride).fill(-2);
    this.columns = DIMS.map((dim, d) => {
      const none = builder.codeOf(dim, null);
      this.#memo[d * this.#stride] = none;
      const column = new Int32Array(rows);
      if (filled[d] === 0 && none !== 0) column.fill(none);
      return column;
    });
    const dims = [...DIMS.keys()].filter((d) => filled[d] !== 0);
    this.#dims = Int32Array.from(dims);
    this.#out = dims.map((d) => this.columns[d]!);
  }

  /** Codes the dimensions of the row whose ints start at `i` into row `k` of the columns. */
  put(ints: Int32Array, i: number, k: number): void {
    const memo = this.#memo;
    const stride = this.#stride;
    const dims = this.#dims;
    const out = this.#out;
    for (let j = 0; j < dims.length; j++) {
      const d = dims[j]!;
      // NONE (-1) lands on the dimension's first slot, its code of no value.
      const at = d * stride + ints[i + d]! + 1;
      let code = memo[at]!;
      if (code === -2) code = this.#code(d, at);
      out[j]![k] = code;
    }
  }

  #code(d: number, at: number): number {
    const code = this.#builder.codeOf(DIMS[d]!, this.#texts[at - d * this.#stride - 1]!);
    this.#memo[at] = code;
    return code;
  }
}

/** A text code's epoch day (isoDay) and kind code (SnapshotBuilder.kindCode), each worked out once per text. */
class DateCodes {
  readonly #builder: SnapshotBuilder;
  readonly #texts: readonly string[];
  /** Text code → epoch day (NaN: not read yet). */
  readonly #days: Float64Array;
  /** Text code → kind code (-1: not read yet). */
  readonly #kinds: Int32Array;

  constructor(builder: SnapshotBuilder, texts: readonly string[]) {
    this.#builder = builder;
    this.#texts = texts;
    this.#days = new Float64Array(texts.length).fill(Number.NaN);
    this.#kinds = new Int32Array(texts.length).fill(-1);
  }

  day(text: number): number {
    if (text === NONE) return NULL_DAY;
    let day = this.#days[text]!;
    if (Number.isNaN(day)) {
      day = this.#builder.isoDay(this.#texts[text]!);
      this.#days[text] = day;
    }
    return day;
  }

  kind(text: number): number {
    let kind = this.#kinds[text]!;
    if (kind === -1) {
      kind = SnapshotBuilder.kindCode(this.#texts[text]!);
      this.#kinds[text] = kind;
    }
    return kind;
  }
}

// put lists the dimensions by name: in this order.
if (DIMS.join() !== 'channel,source,campaign,ad,audience,keyword,country,age,gender,device,placement,hour')
  throw new Error(`spend-rows.ts: COST_DIMENSIONS changed (${DIMS.join()}): update put`);
