import { COST_KINDS } from '../model/cost.ts';
import { COST_DIMENSIONS } from '../model/dimension.ts';
import {
  campaignJoins,
  hashIdCell,
  type LaneReport,
  mayMap,
  NUMERIC_TYPES,
  type NumberReading,
  numberReading,
  plainSettings,
  type RecordLane,
  readPlain,
  TextCells,
} from './byte-cells.ts';
import { ByteDict } from './byte-dict.ts';
import type { ByteRecords } from './byte-records.ts';
import { DayMemo } from './compiled-row.ts';
import { keyHashes } from './id-set.ts';
import { hashRawIdentityAt, type KeyHash } from './identity.ts';
import { countMerged } from './report.ts';
import { channelOf, RESULT_IS_LEAD, type RowContext } from './row.ts';
import {
  CODED_DATE,
  CODED_END_DATE,
  CODED_GRAIN,
  CODED_KIND,
  type CodedCost,
  type IngestSink,
  newCodedCost,
} from './sink.ts';

/**
 * The cost lane: maps the common record of a spend file straight from its bytes (a ByteRecords
 * batch) to the columnar sink's coded entry point (IngestSink.putCostCoded), doing what
 * RowWriter.add, the compiled row mapper (compiled-row.ts), identity.ts hashRawIdentity and
 * SpendRows.put do for it, without a string per cell, a Cost object or a text lookup per cell:
 * a text cell is a code of its column's byte dictionary (byte-dict.ts), and what a value gives
 * (its text, channel, the sink's code, whether its campaign joins the leads) is worked out once.
 *
 * Only for a plain daily file: a date column (no span start, no grid), no row currency, no
 * summary patterns, no report levels kept elsewhere (writer `covered`), defaults for dimensions
 * and the kind only. A record it cannot map exactly as the usual way does (a date or number of
 * another shape, a required cell empty, a negative count, a record that may be blank or a
 * summary, a cell whose text is not its bytes, a lone or extra cell…) is left to the usual way,
 * with nothing counted or written for it, in its place in the file.
 * test/data/cost-lane.property.test.ts holds the two ways to the same report and columns.
 */

/** What a planned column is read for. */
const TEXT = 0;
const ID = 1;
const DATE = 2;
const END_DATE = 3;
const NUMBER = 4;
const RESULT_TYPE = 5;

/** The number fields a spend row reads, in slot order. */
const NUMBERS = ['amount', 'impressions', 'clicks', 'platformLeads', 'conversions', 'results'] as const;
const AMOUNT = 0;
const IMPRESSIONS = 1;
const CLICKS = 2;
const PLATFORM_LEADS = 3;
const CONVERSIONS = 4;
const RESULTS = 5;

const DIM_INDEX: ReadonlyMap<string, number> = new Map(COST_DIMENSIONS.map((d, i) => [d, i]));
const CHANNEL = DIM_INDEX.get('channel')!;
const CAMPAIGN = DIM_INDEX.get('campaign')!;
const KINDS: ReadonlySet<string> = new Set(COST_KINDS);
/**
 * Records whose days are read and keys hashed together, their keys' slots then read ahead
 * (#prepare, as lead-lane.ts does): enough for the cache misses to overlap, few enough for the
 * slots to stay cached until their rows claim them.
 */
const AHEAD = 1024;

interface LaneColumn {
  index: number;
  role: number;
  /** TEXT: the dimension's index in COST_DIMENSIONS. */
  dim: number;
  /** TEXT / RESULT_TYPE: its values. */
  text: TextCells | null;
  /** NUMBER: its slot and how it is read. */
  slot: number;
  reading: NumberReading | null;
}

type CodedSink = IngestSink & Required<Pick<IngestSink, 'putCostCoded' | 'spendCode'>>;

/** What the lane adds to besides the report: the writer's total of the accepted rows' amounts. */
export interface SpendTotal {
  amount: number;
}

/**
 * The lane for a spend file, or null when its plan, its settings or the sink have something the
 * lane does not do (then every record goes the usual way).
 */
export function costLane(
  ctx: RowContext,
  sink: IngestSink,
  out: LaneReport,
  total: SpendTotal,
  levelsKept: boolean,
): CostLane | null {
  const { plan } = ctx;
  const { preset } = plan;
  if (preset.kind !== 'cost' || !sink.putCostCoded || !sink.spendCode || !sink.putCost || levelsKept)
    return null;
  if (!plainSettings(ctx)) return null;
  const defaults = (preset.defaults ?? {}) as Record<string, string | undefined>;
  for (const field of Object.keys(defaults)) if (!DIM_INDEX.has(field) && field !== 'kind') return null;
  if (!KINDS.has(defaults.kind ?? 'media')) return null;
  const date = plan.byField.get('date');
  if (!date || date.spanStart || plan.byField.has('currency')) return null;
  const columns: LaneColumn[] = [];
  const seen = new Set<string>();
  for (const column of plan.columns) {
    const { field, type } = column;
    if (column.fallback || column.join !== undefined || seen.has(field)) return null;
    seen.add(field);
    const base = { index: column.index, dim: -1, text: null, slot: -1, reading: null };
    const dim = DIM_INDEX.get(field);
    const slot = (NUMBERS as readonly string[]).indexOf(field);
    if (dim !== undefined && type === 'text')
      columns.push({ ...base, role: TEXT, dim, text: new TextCells(defaults[field] ?? null) });
    else if (field === 'recordId' && type === 'text') columns.push({ ...base, role: ID });
    else if (field === 'resultType' && type === 'text')
      columns.push({ ...base, role: RESULT_TYPE, text: new TextCells(null) });
    else if ((field === 'date' || field === 'endDate') && (type === 'date' || type === 'datetime'))
      columns.push({ ...base, role: field === 'date' ? DATE : END_DATE });
    else if (slot >= 0 && NUMERIC_TYPES.has(type)) {
      const reading = numberReading(column, ctx);
      if (reading === null) return null;
      columns.push({ ...base, role: NUMBER, slot, reading });
    } else return null;
  }
  return new CostLane(ctx, sink as CodedSink, out, total, columns);
}

export class CostLane implements RecordLane {
  readonly #sink: CodedSink;
  readonly #origin: string;
  readonly #width: number;
  readonly #columns: LaneColumn[];
  readonly #memo = new DayMemo();
  readonly #out: LaneReport;
  readonly #total: SpendTotal;
  /** The days by their first ten bytes, and each one's sink code (-1 until written). */
  readonly #days = new ByteDict();
  readonly #dayCodes: number[] = [];
  /** The last date cell of ten bytes read (a day alone) and its day's code, -1 before any. */
  readonly #lastDayBytes = new Uint8Array(10);
  #lastDay = -1;
  /** Per code of the campaign column: whether its key joins the other side (not unattributed). */
  readonly #attributed: boolean[] = [];
  readonly #constAttributed: boolean;
  readonly #campaign: TextCells | null;
  /** Per code of the result type column: whether its results are leads (compiled-row.ts platformLeads). */
  readonly #resultIsLead: boolean[] = [];
  readonly #resultType: TextCells | null;
  /** The result type column's place in #columns, -1 without. */
  readonly #resultTypeK: number;
  readonly #key: KeyHash = { hash: 0, check: 0 };
  /** The date and record id columns' positions in a record (-1: no id column). */
  readonly #dateIndex: number;
  readonly #idIndex: number;
  /**
   * Records #readyFrom..#readyTo - 1 of #ready, prepared (#prepare): per record (at i -
   * #readyFrom) its day's code in #days, -1 when mayMap refuses it or its date is no day; else
   * #h52 / #fnv hold its key's hashes.
   */
  #ready: ByteRecords | null = null;
  #readyFrom = 0;
  #readyTo = 0;
  readonly #dayOf = new Int32Array(AHEAD);
  readonly #h52 = new Float64Array(AHEAD);
  readonly #fnv = new Int32Array(AHEAD);
  // One record's values (reused).
  readonly #num = new Float64Array(NUMBERS.length);
  readonly #lane: Int32Array;
  readonly #cost: CodedCost;

  constructor(ctx: RowContext, sink: CodedSink, out: LaneReport, total: SpendTotal, columns: LaneColumn[]) {
    this.#sink = sink;
    this.#out = out;
    this.#total = total;
    this.#origin = ctx.origin;
    this.#width = ctx.plan.header.length;
    this.#columns = columns;
    this.#lane = new Int32Array(columns.length);
    this.#dateIndex = columns.find((c) => c.role === DATE)!.index;
    this.#idIndex = columns.find((c) => c.role === ID)?.index ?? -1;
    const defaults = (ctx.plan.preset.defaults ?? {}) as Record<string, string | undefined>;
    const cost = newCodedCost();
    const texts = cost.texts;
    // What no column gives: each dimension's default (channelOf'd), the grain, the kind; no end day
    // (a date column that opens no span ends none: compiled-row.ts span).
    COST_DIMENSIONS.forEach((d, i) => {
      const value = defaults[d] ?? null;
      texts[i] = sink.spendCode(i === CHANNEL ? channelOf(value) : value);
    });
    texts[CODED_END_DATE] = sink.spendCode(null);
    texts[CODED_GRAIN] = sink.spendCode(ctx.grain ?? null);
    texts[CODED_KIND] = sink.spendCode(defaults.kind ?? 'media');
    this.#cost = cost;
    const find = (test: (c: LaneColumn) => boolean) => columns.find(test)?.text ?? null;
    this.#campaign = find((c) => c.role === TEXT && c.dim === CAMPAIGN);
    this.#resultType = find((c) => c.role === RESULT_TYPE);
    this.#resultTypeK = columns.findIndex((c) => c.role === RESULT_TYPE);
    this.#constAttributed = this.#joins(defaults.campaign ?? null);
  }

  /** writer.ts countUnattributed's test of a campaign: its key is known on the other side. */
  #joins(campaign: string | null): boolean {
    return campaignJoins(campaign, this.#out.otherKeys);
  }

  /** The code of a text cell in its column, working out what a value gives when new. */
  #textCode(column: LaneColumn, bytes: Uint8Array, start: number, end: number): number {
    const text = column.text!;
    const known = text.values.length;
    const code = text.code(bytes, start, end);
    if (code === known) {
      const value = text.values[code] ?? null;
      if (column.dim === CHANNEL) text.values[code] = channelOf(value);
      else if (text === this.#campaign) this.#attributed.push(this.#joins(value));
      else if (text === this.#resultType)
        this.#resultIsLead.push(value !== null && RESULT_IS_LEAD.test(value));
    }
    return code;
  }

  /**
   * Maps record i of the batch when it can, writing and counting it as the usual way would;
   * false (nothing written or counted) when the record must go the usual way.
   */
  row(batch: ByteRecords, i: number): boolean {
    if (batch !== this.#ready || i < this.#readyFrom || i >= this.#readyTo) this.#prepare(batch, i);
    const ready = i - this.#readyFrom;
    const day = this.#dayOf[ready]!;
    if (day < 0) return false;
    const first = batch.firstCell[i]!;
    const bytes = batch.bytes;
    const starts = batch.starts;
    const ends = batch.ends;
    const num = this.#num;
    const lane = this.#lane;
    for (let k = 0; k < num.length; k++) num[k] = Number.NaN;
    const columns = this.#columns;
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k]!;
      const cell = first + column.index;
      const s = starts[cell]!;
      const e = ends[cell]!;
      switch (column.role) {
        case TEXT:
        case RESULT_TYPE:
          lane[k] = this.#textCode(column, bytes, s, e);
          break;
        // The record id and the date: read by #prepare.
        case END_DATE:
          // Read (a cell of another shape goes the usual way), not kept.
          if (s !== e && Number.isNaN(this.#memo.wallAt(bytes, s, e))) return false;
          break;
        case NUMBER: {
          if (s === e) break;
          const value = readPlain(bytes, s, e, column.reading!);
          if (Number.isNaN(value)) return false;
          num[column.slot] = value;
          break;
        }
      }
    }
    const amount = num[AMOUNT]!;
    // compiled-row.ts platformLeads: the platform's leads, else results of a lead type.
    let leads = num[PLATFORM_LEADS]!;
    if (Number.isNaN(leads) && this.#resultTypeK >= 0 && this.#resultIsLead[lane[this.#resultTypeK]!])
      leads = num[RESULTS]!;
    // The schema's rules (compiled-row.ts): an amount, and counts that are none or not negative.
    if (
      Number.isNaN(amount) ||
      num[IMPRESSIONS]! < 0 ||
      num[CLICKS]! < 0 ||
      leads < 0 ||
      num[CONVERSIONS]! < 0
    )
      return false;
    const cost = this.#cost;
    cost.keyHash = this.#h52[ready]!;
    cost.keyCheck = this.#fnv[ready]!;
    const texts = cost.texts;
    let attributed = this.#constAttributed;
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k]!;
      if (column.role !== TEXT) continue;
      const text = column.text!;
      const code = lane[k]!;
      let sinkCode = text.sinkCodes[code]!;
      if (sinkCode < 0) {
        sinkCode = this.#sink.spendCode(text.values[code] ?? null);
        text.sinkCodes[code] = sinkCode;
      }
      texts[column.dim] = sinkCode;
      if (text === this.#campaign) attributed = this.#attributed[code]!;
    }
    let dayCode = this.#dayCodes[day];
    if (dayCode === undefined) {
      dayCode = this.#sink.spendCode(this.#days.texts[day]!);
      this.#dayCodes[day] = dayCode;
    }
    texts[CODED_DATE] = dayCode;
    cost.amount = amount;
    cost.impressions = num[IMPRESSIONS]!;
    cost.clicks = num[CLICKS]!;
    cost.platformLeads = leads;
    cost.conversions = num[CONVERSIONS]!;
    // writer.ts: the counts of a written row.
    const { report, sampleErrors } = this.#out;
    report.rowsRead++;
    const line = batch.lines[i]!;
    const firstLine = this.#sink.putCostCoded(this.#origin, cost, line);
    if (firstLine === 0) {
      report.accepted++;
      this.#total.amount += amount;
      if (!attributed) {
        report.unattributed.rows++;
        report.unattributed.amount += amount;
      }
    } else countMerged(report, sampleErrors, line, firstLine);
    return true;
  }

  /** A batch's records are about to come (the batch object may hold other records than before). */
  begin(_batch: ByteRecords): void {
    this.#ready = null;
  }

  /**
   * Prepares the next AHEAD records of the batch from record `from`: which ones mayMap takes,
   * their days, their keys hashed (nothing else changes: a record `row` then refuses has its
   * key hashed for nothing), then the sink reads the keys' places ahead (touchCostKeys) while
   * the rows are still to map.
   */
  #prepare(batch: ByteRecords, from: number): void {
    const to = Math.min(batch.length, from + AHEAD);
    const dayOf = this.#dayOf;
    const h52 = this.#h52;
    const fnv = this.#fnv;
    const key = this.#key;
    const width = this.#width;
    const id = this.#idIndex;
    for (let i = from; i < to; i++) {
      const k = i - from;
      h52[k] = 0;
      const day = mayMap(batch, i, width) ? this.#dayAt(batch, batch.firstCell[i]! + this.#dateIndex) : -1;
      dayOf[k] = day;
      if (day < 0) continue;
      // The key: the record id, else the raw identity of the record with its day as context.
      if (id >= 0 && hashIdCell(batch, batch.firstCell[i]! + id)) {
        h52[k] = keyHashes.h52;
        fnv[k] = keyHashes.fnv;
      } else {
        hashRawIdentityAt(batch, i, this.#days.texts[day]!, key);
        h52[k] = key.hash;
        fnv[k] = key.check;
      }
    }
    this.#ready = batch;
    this.#readyFrom = from;
    this.#readyTo = to;
    this.#sink.touchCostKeys?.(this.#origin, h52, 0, to - from);
  }

  /**
   * The code in #days of a date cell's day, -1 when it is none. Required, and read as an ISO
   * day (a time after it is dropped: compiled-row.ts isoDay). A file dated by day repeats a day
   * on row after row: the last one read, told by its bytes.
   */
  #dayAt(batch: ByteRecords, cell: number): number {
    const bytes = batch.bytes;
    const s = batch.starts[cell]!;
    const e = batch.ends[cell]!;
    if (e - s === 10 && this.#lastDay >= 0 && sameBytes(bytes, s, this.#lastDayBytes)) return this.#lastDay;
    if (s === e || Number.isNaN(this.#memo.wallAt(bytes, s, e))) return -1;
    const day = this.#days.code(bytes, s, s + 10);
    if (e - s === 10) {
      this.#lastDayBytes.set(bytes.subarray(s, e));
      this.#lastDay = day;
    }
    return day;
  }
}

/** Whether the bytes from `start` are those of `same`. */
function sameBytes(bytes: Uint8Array, start: number, same: Uint8Array): boolean {
  for (let k = 0; k < same.length; k++) if (bytes[start + k] !== same[k]) return false;
  return true;
}
