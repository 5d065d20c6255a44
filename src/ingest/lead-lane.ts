import { type Channel, MARKETING_CHANNELS, UNPAID_CHANNELS } from '../model/channel.ts';
import { LEAD_DIMENSIONS } from '../model/dimension.ts';
import { NULL_DAY } from '../shared/days.ts';
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
import { DayMemo, readText } from './compiled-row.ts';
import { keyHashes } from './id-set.ts';
import {
  isPlainUtf8Local,
  isValidEmail,
  isValidPhone,
  PLACEHOLDER_EMAIL_LOCAL,
  usableDomain,
} from './normalise.ts';
import { countMerged } from './report.ts';
import { channelOf, type RowContext } from './row.ts';
import { type CodedLead, type IngestSink, newCodedLead } from './sink.ts';
import { impliedStage } from './stage.ts';

/**
 * The lead lane: maps the common record of a lead file straight from its bytes (a ByteRecords
 * batch) to the columnar sink's coded entry point (IngestSink.putLeadCoded), doing what
 * RowWriter.add, the compiled row mapper (compiled-row.ts), putLead and SnapshotBuilder.addLead
 * do for it, without a string per cell, a Lead object or a dictionary lookup per row: a text
 * cell is a code of its column's byte dictionary (byte-dict.ts), and everything a value gives
 * (its text, channel, dictionary code, implied stage, campaign key) is worked out once per value.
 *
 * A record it cannot map exactly as the usual way does (a cell of another shape than it reads,
 * a missing required field, a record that may be blank or a summary, a cell whose text is not
 * its bytes, a lone or extra cell…) is left to the usual way, with nothing counted or written
 * for it: `row` returns false and the writer maps that record as before, in its place in the
 * file. test/ingest/lead-lane.property.test.ts holds the two ways to the same report and columns.
 */

/** What a planned column is read for. */
const IGNORED = 0;
const DIM = 1;
const STAGE = 2;
const STATUS = 3;
const CUSTOMER = 4;
const EMAIL = 5;
const PHONE = 6;
const ID = 7;
const INSTANT = 8;
const NUMBER = 9;

/** The instant fields a lead reads, in slot order. */
const INSTANTS = [
  'createdAt',
  'mqlAt',
  'sqlAt',
  'opportunityAt',
  'customerAt',
  'lostAt',
  'activatedAt',
  'closedAt',
  'updatedAt',
] as const;
const CREATED = 0;
const CUSTOMER_AT = 4;
const LOST_AT = 5;
const ACTIVATED = 6;
const CLOSED = 7;
const UPDATED = 8;
/** An implied stage's instant slot (stage.ts: mql, sql, opportunity, customer, lost). */
const STAGE_SLOT = { mql: 1, sql: 2, opportunity: 3, customer: 4, lost: 5 } as const;
const NUMBERS = ['amount', 'pipelineAmount'] as const;
/**
 * Records whose keys are hashed and read ahead together (#prepare): enough for their cache
 * misses to overlap, few enough for their slots to stay cached until their rows claim them.
 */
const AHEAD = 1024;

const TEXT_ROLES: Readonly<Record<string, number>> = {
  stage: STAGE,
  status: STATUS,
  customerId: CUSTOMER,
  email: EMAIL,
  phone: PHONE,
  recordId: ID,
};
/** Fields a preset's defaults may fill for the lane to run: the dimensions (text, no cell to read). */
const DIM_INDEX: ReadonlyMap<string, number> = new Map(LEAD_DIMENSIONS.map((d, i) => [d, i]));

/** A text column: its values by their bytes (sinkCodes: the sink's dictionary code of a dimension's value). */
class TextColumn extends TextCells {
  readonly role: number;
  /** DIM: the dimension's index in LEAD_DIMENSIONS. */
  readonly dim: number;
  constructor(role: number, dim: number, fallback: string | null) {
    super(fallback);
    this.role = role;
    this.dim = dim;
  }
}

interface LaneColumn {
  index: number;
  role: number;
  /** DIM / STAGE / STATUS / CUSTOMER: its text column. */
  text: TextColumn | null;
  /** INSTANT: its slot (-1: read, not kept); NUMBER: its slot (-1 likewise). */
  slot: number;
  /** NUMBER: how its values are read. */
  reading: NumberReading | null;
}

type CodedSink = IngestSink & Required<Pick<IngestSink, 'putLeadCoded' | 'leadCode' | 'leadDayZone'>>;

/**
 * The lane for a file, or null when its plan has something the lane does not read (then every
 * record goes the usual way): a lead file with a record id column, each field from one column
 * (no fallback, no join), text, date / datetime and number columns (numbers only with a decimal
 * point), no row currency column, amounts in the workspace currency or one with a rate, no
 * summary patterns, defaults for dimensions only; and a sink with the coded entry point (and
 * the zone its days are counted in).
 */
export function leadLane(ctx: RowContext, sink: IngestSink, out: LaneReport): LeadLane | null {
  const { plan } = ctx;
  const { preset } = plan;
  if (preset.kind !== 'lead' || !sink.putLeadCoded || !sink.leadCode || !sink.putLead) return null;
  if (sink.leadDayZone === undefined) return null;
  if (!plainSettings(ctx)) return null;
  const defaults = preset.defaults ?? {};
  for (const field of Object.keys(defaults)) if (!DIM_INDEX.has(field)) return null;
  if (!plan.byField.has('recordId') || !plan.byField.has('createdAt') || plan.byField.has('currency'))
    return null;
  const columns: LaneColumn[] = [];
  const seen = new Set<string>();
  for (const column of plan.columns) {
    if (column.fallback || column.join !== undefined || seen.has(column.field)) return null;
    seen.add(column.field);
    // Each field the lead reads is of the type the lane reads it as (a mapping may say otherwise).
    const isText = column.type === 'text';
    const isDate = column.type === 'date' || column.type === 'datetime';
    if ((DIM_INDEX.has(column.field) || column.field in TEXT_ROLES) && !isText) return null;
    if ((INSTANTS as readonly string[]).includes(column.field) && !isDate) return null;
    if ((NUMBERS as readonly string[]).includes(column.field) && !NUMERIC_TYPES.has(column.type)) return null;
    const base = { index: column.index, text: null, slot: -1, reading: null };
    if (column.type === 'text') {
      const dim = DIM_INDEX.get(column.field);
      if (dim !== undefined) {
        const fallback = (defaults as Record<string, string | undefined>)[column.field] ?? null;
        columns.push({ ...base, role: DIM, text: new TextColumn(DIM, dim, fallback) });
        continue;
      }
      const role = TEXT_ROLES[column.field] ?? IGNORED;
      const text =
        role === STAGE || role === STATUS || role === CUSTOMER ? new TextColumn(role, -1, null) : null;
      columns.push({ ...base, role, text });
    } else if (column.type === 'date' || column.type === 'datetime') {
      columns.push({ ...base, role: INSTANT, slot: (INSTANTS as readonly string[]).indexOf(column.field) });
    } else if (NUMERIC_TYPES.has(column.type)) {
      const reading = numberReading(column, ctx);
      if (reading === null) return null;
      const slot = (NUMBERS as readonly string[]).indexOf(column.field);
      columns.push({ ...base, role: NUMBER, slot, reading });
    } else return null;
  }
  return new LeadLane(ctx, sink as CodedSink, out, columns);
}

export class LeadLane implements RecordLane {
  readonly #sink: CodedSink;
  readonly #origin: string;
  readonly #width: number;
  readonly #columns: LaneColumn[];
  readonly #dims: (TextColumn | null)[];
  /** Per dimension with no column: its value (the default). */
  readonly #constValue: (string | null)[];
  /** Whether #lead's codes hold those of the dimensions with no column (#codeConstants). */
  #constCoded = false;
  /** The positions in #columns of the dimension columns. */
  readonly #dimKs: Int32Array;
  readonly #customer: TextColumn | null;
  readonly #hasContact: boolean;
  readonly #memo: DayMemo;
  readonly #out: LaneReport;
  /** Per code of the channel column: the channel; #constChannel without one. */
  readonly #channels: Channel[] = [];
  /** Per code of the channel column: whether its channel is a marketing one, an unpaid one. */
  readonly #marketing: boolean[] = [];
  readonly #unpaid: boolean[] = [];
  /** The columns (positions in #columns) of the stage, status and customer id; -1 without. */
  readonly #stageK: number;
  readonly #statusK: number;
  readonly #customerK: number;
  readonly #constChannel: Channel;
  /** Per code of the campaign column: whether its key joins the other side (not unattributed). */
  readonly #attributed: boolean[] = [];
  readonly #constAttributed: boolean;
  /** Per code of a stage / status column: the instant slot of the stage it implies, -1 for none. */
  readonly #implied = new Map<TextColumn, number[]>();
  /** E-mail domains by their bytes: whether usable (normalise.ts usableDomain). */
  readonly #domains = new ByteDict();
  readonly #domainOk: boolean[] = [];
  // One record's values (reused): its instants as their days in the sink's zone (NaN: none).
  readonly #inst = new Float64Array(INSTANTS.length);
  readonly #num = new Float64Array(NUMBERS.length);
  readonly #lane: Int32Array;
  readonly #lead: CodedLead;
  #email = -1;
  #phone = -1;
  /** The record id's position in a record. */
  readonly #idIndex: number;

  get keyCell(): number {
    return this.#idIndex;
  }
  /**
   * Records #readyFrom..#readyTo - 1 of #ready, prepared (#prepare): per record (at i -
   * #readyFrom) 0 when mayMap refuses it, 1 when it has no record id, 2 when #h52 / #fnv hold
   * its key's hashes.
   */
  #ready: ByteRecords | null = null;
  #readyFrom = 0;
  #readyTo = 0;
  readonly #state = new Uint8Array(AHEAD);
  readonly #h52 = new Float64Array(AHEAD);
  readonly #fnv = new Int32Array(AHEAD);

  constructor(ctx: RowContext, sink: CodedSink, out: LaneReport, columns: LaneColumn[]) {
    this.#sink = sink;
    this.#out = out;
    this.#origin = ctx.origin;
    this.#width = ctx.plan.header.length;
    this.#columns = columns;
    this.#idIndex = columns.find((c) => c.role === ID)!.index;
    this.#lane = new Int32Array(columns.length);
    this.#memo = new DayMemo(ctx.timeZone, sink.leadDayZone);
    const defaults = (ctx.plan.preset.defaults ?? {}) as Record<string, string | undefined>;
    this.#dimKs = Int32Array.from(columns.flatMap((c, k) => (c.role === DIM ? [k] : [])));
    this.#dims = LEAD_DIMENSIONS.map(() => null);
    for (const c of columns) if (c.role === DIM) this.#dims[c.text!.dim] = c.text;
    this.#constValue = LEAD_DIMENSIONS.map((d) => defaults[d] ?? null);
    const find = (role: number) => columns.find((c) => c.role === role)?.text ?? null;
    this.#customer = find(CUSTOMER);
    this.#stageK = columns.findIndex((c) => c.role === STAGE);
    this.#statusK = columns.findIndex((c) => c.role === STATUS);
    this.#customerK = columns.findIndex((c) => c.role === CUSTOMER);
    const plan = ctx.plan;
    this.#hasContact = plan.byField.has('email') || plan.byField.has('phone');
    this.#constChannel = channelOf(defaults.channel ?? null);
    this.#constValue[0] = this.#constChannel;
    this.#constAttributed = this.#joins(defaults.campaign ?? null);
    this.#lead = newCodedLead(LEAD_DIMENSIONS.length);
    // The dimensions with no column are coded once (#codeConstants): the builder copies them once.
    this.#lead.varying = Int32Array.from(this.#dimKs, (k) => columns[k]!.text!.dim);
  }

  /** writer.ts countUnattributed's test of a campaign: its key is known on the other side. */
  #joins(campaign: string | null): boolean {
    return campaignJoins(campaign, this.#out.otherKeys);
  }

  /** The code of a text cell in its column, working out what a value gives when new. */
  #textCode(col: TextColumn, bytes: Uint8Array, start: number, end: number): number {
    const known = col.values.length;
    const code = col.code(bytes, start, end);
    if (code === known) {
      const value = col.values[code] ?? null;
      if (col.role === DIM && col.dim === 0) {
        const channel = channelOf(value);
        this.#channels.push(channel);
        this.#marketing.push(MARKETING_CHANNELS.has(channel));
        this.#unpaid.push(UNPAID_CHANNELS.has(channel));
        col.values[code] = channel;
      } else if (col.role === DIM && col.dim === 2) this.#attributed.push(this.#joins(value));
      else if (col.role === STAGE || col.role === STATUS) {
        let implied = this.#implied.get(col);
        if (implied === undefined) {
          implied = [];
          this.#implied.set(col, implied);
        }
        const stage = impliedStage(value);
        implied.push(stage === null ? -1 : STAGE_SLOT[stage]);
      }
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
    const state = this.#state[ready]!;
    if (state === 0) return false;
    const first = batch.firstCell[i]!;
    const bytes = batch.bytes;
    const starts = batch.starts;
    const ends = batch.ends;
    const inst = this.#inst;
    const num = this.#num;
    const lane = this.#lane;
    // By hand: TypedArray fill is a call into the runtime, dearer than these few stores.
    for (let k = 0; k < inst.length; k++) inst[k] = Number.NaN;
    num[0] = Number.NaN;
    num[1] = Number.NaN;
    const columns = this.#columns;
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k]!;
      const cell = first + column.index;
      const s = starts[cell]!;
      const e = ends[cell]!;
      switch (column.role) {
        case DIM:
        case STAGE:
        case STATUS:
        case CUSTOMER:
          lane[k] = this.#textCode(column.text!, bytes, s, e);
          break;
        case EMAIL:
          this.#email = cell;
          break;
        case PHONE:
          this.#phone = cell;
          break;
        case INSTANT: {
          if (s === e) break;
          // The instant's day: a stage's inferred instant below is another's, so its day too.
          const day = this.#memo.dayAt(bytes, s, e);
          if (Number.isNaN(day)) return false;
          if (column.slot >= 0) inst[column.slot] = day;
          break;
        }
        case NUMBER: {
          if (s === e) break;
          const value = readPlain(bytes, s, e, column.reading!);
          if (Number.isNaN(value)) return false;
          if (column.slot >= 0) num[column.slot] = value;
          break;
        }
      }
    }
    const createdAt = inst[CREATED]!;
    if (Number.isNaN(createdAt)) return false;
    // The record id, hashed as putLead hashes it (#prepare).
    if (state !== 2) return false;
    // stage.ts inferStageDate.
    let inferred = -1;
    const implied = this.#impliedSlot(lane);
    if (implied >= 0 && Number.isNaN(inst[implied]!)) {
      const closing = implied === CUSTOMER_AT || implied === LOST_AT;
      let when = closing ? inst[CLOSED]! : Number.NaN;
      if (Number.isNaN(when)) when = inst[UPDATED]!;
      if (Number.isNaN(when)) when = createdAt;
      inst[implied] = when;
      inferred = implied;
    }
    const lead = this.#lead;
    lead.keyHash = this.#h52[ready]!;
    lead.keyCheck = this.#fnv[ready]!;
    lead.created = createdAt;
    lead.mql = dayOrNull(inst[1]!);
    lead.sql = dayOrNull(inst[2]!);
    lead.opportunity = dayOrNull(inst[3]!);
    lead.customer = dayOrNull(inst[CUSTOMER_AT]!);
    lead.lost = dayOrNull(inst[LOST_AT]!);
    lead.activated = dayOrNull(inst[ACTIVATED]!);
    const won = lead.customer !== NULL_DAY;
    const lost = !won && lead.lost !== NULL_DAY;
    const dealValue = orNull(num[0]!);
    lead.amount = won ? dealValue : null;
    lead.pipelineAmount = orNull(num[1]!) ?? (won || lost ? null : dealValue);
    lead.valid = this.#hasContact ? this.#valid(batch) : true;
    // Everything checked: the dimensions are coded now, as the lead is written (a value is
    // never coded for a record that goes the usual way, which may skip it).
    const codes = lead.codes;
    let channel = this.#constChannel;
    let channelCode = -1;
    let attributed = this.#constAttributed;
    const dimKs = this.#dimKs;
    for (let j = 0; j < dimKs.length; j++) {
      const k = dimKs[j]!;
      const text = columns[k]!.text!;
      const code = lane[k]!;
      let sinkCode = text.sinkCodes[code]!;
      if (sinkCode < 0) {
        sinkCode = this.#sink.leadCode(text.dim, text.values[code]!);
        text.sinkCodes[code] = sinkCode;
      }
      codes[text.dim] = sinkCode;
      if (text.dim === 0) {
        channel = this.#channels[code]!;
        channelCode = code;
      } else if (text.dim === 2) attributed = this.#attributed[code]!;
    }
    // The dimensions with no column: the same codes on every lead (#lead is reused), written once.
    if (!this.#constCoded) this.#codeConstants(codes);
    lead.marketing = channelCode >= 0 ? this.#marketing[channelCode]! : MARKETING_CHANNELS.has(channel);
    const unpaid = channelCode >= 0 ? this.#unpaid[channelCode]! : UNPAID_CHANNELS.has(channel);
    lead.customerId = this.#customerK < 0 ? null : this.#customer!.values[lane[this.#customerK]!]!;
    // writer.ts: the counts of a written row.
    const { report, sampleErrors } = this.#out;
    report.rowsRead++;
    if (inferred >= 0) {
      const field = INSTANTS[inferred]!;
      report.inferred[field] = (report.inferred[field] ?? 0) + 1;
    }
    const line = batch.lines[i]!;
    const firstLine = this.#sink.putLeadCoded(this.#origin, lead, line);
    if (firstLine === 0) {
      report.accepted++;
      if (unpaid) report.unpaid[channel] = (report.unpaid[channel] ?? 0) + 1;
      else if (!attributed) report.unattributed.rows++;
    } else countMerged(report, sampleErrors, line, firstLine);
    return true;
  }

  /** The codes of the dimensions with no column (their defaults), into the reused lead's codes. */
  #codeConstants(codes: Int32Array): void {
    const dims = this.#dims;
    for (let d = 0; d < dims.length; d++) {
      if (dims[d] !== null) continue;
      codes[d] = this.#sink.leadCode(d, this.#constValue[d]!);
    }
    this.#constCoded = true;
  }

  /** The instant slot of the stage the record's stage (else status) implies, -1 for none. */
  #impliedSlot(lane: Int32Array): number {
    const columns = this.#columns;
    const stageK = this.#stageK;
    if (stageK >= 0) {
      const text = columns[stageK]!.text!;
      const code = lane[stageK]!;
      if (text.values[code] !== null) return this.#implied.get(text)![code]!;
    }
    const statusK = this.#statusK;
    if (statusK < 0) return -1;
    const text = columns[statusK]!.text!;
    const code = lane[statusK]!;
    return text.values[code] === null ? -1 : this.#implied.get(text)![code]!;
  }

  /** A batch's records are about to come (the batch object may hold other records than before). */
  begin(_batch: ByteRecords): void {
    this.#ready = null;
  }

  /**
   * Prepares the next AHEAD records of the batch from record `from`: which ones mayMap takes,
   * their record ids hashed as putLead hashes them (hashIdCell: nothing else changes), then
   * the sink reads their keys' places ahead (touchLeadKeys) while the rows are still to map.
   */
  #prepare(batch: ByteRecords, from: number): void {
    const to = Math.min(batch.length, from + AHEAD);
    const state = this.#state;
    const h52 = this.#h52;
    const fnv = this.#fnv;
    const width = this.#width;
    const id = this.#idIndex;
    for (let i = from; i < to; i++) {
      const k = i - from;
      h52[k] = 0;
      if (!mayMap(batch, i, width)) state[k] = 0;
      else if (!hashIdCell(batch, batch.firstCell[i]! + id)) state[k] = 1;
      else {
        state[k] = 2;
        h52[k] = keyHashes.h52;
        fnv[k] = keyHashes.fnv;
      }
    }
    this.#ready = batch;
    this.#readyFrom = from;
    this.#readyTo = to;
    this.#sink.touchLeadKeys?.(this.#origin, h52, 0, to - from);
  }

  /** compiled-row.ts: isValidEmail(email) || isValidPhone(phone). */
  #valid(batch: ByteRecords): boolean {
    if (this.#email >= 0) {
      const plain = this.#plainEmail(batch, this.#email);
      if (plain === 1) return true;
      if (plain < 0 && isValidEmail(readText(batch.text(this.#email)))) return true;
    }
    return this.#phone >= 0 && isValidPhone(readText(batch.text(this.#phone)));
  }

  /**
   * normalise.ts plainEmailValid on the cell's bytes: 1 valid, 0 not, -1 when the cell is not of
   * the plain shape (then isValidEmail reads its text). An empty cell is no e-mail (0).
   */
  #plainEmail(batch: ByteRecords, cell: number): number {
    const b = batch.bytes;
    const s = batch.starts[cell]!;
    const e = batch.ends[cell]!;
    if (s === e) return 0;
    // PLAIN_EMAIL: [a-z0-9_+-]{1,64}(\.[a-z0-9_+-]+)*@[a-z0-9._+-]+
    let j = s;
    while (j < e && isLocalByte(b[j]!)) j++;
    if (j === s || j - s > 64) return this.#otherEmail(b, s, e);
    while (j < e && b[j] === 0x2e) {
      const from = ++j;
      while (j < e && isLocalByte(b[j]!)) j++;
      if (j === from) return this.#otherEmail(b, s, e);
    }
    if (j === e || b[j] !== 0x40) return this.#otherEmail(b, s, e);
    const at = j - s;
    const domainStart = j + 1;
    for (j = domainStart; j < e; j++) if (!isLocalByte(b[j]!) && b[j] !== 0x2e) return -1;
    if (domainStart === e) return -1;
    if (!this.#usable(b, domainStart, e)) return 0;
    // PLACEHOLDER_EMAIL_LOCAL's words start with a, d, e, f, n, t or x.
    const c0 = b[s]!;
    if (
      (at <= 12 || c0 === 0x78) &&
      (c0 === 0x61 ||
        c0 === 0x64 ||
        c0 === 0x65 ||
        c0 === 0x66 ||
        c0 === 0x6e ||
        c0 === 0x74 ||
        c0 === 0x78) &&
      PLACEHOLDER_EMAIL_LOCAL.test(b.toString('latin1', s, s + at))
    )
      return 0;
    // test@test.com: the local part is the domain's first label.
    const n = e - s;
    const domainLength = n - at - 1;
    if (domainLength < at || (domainLength > at && b[s + at + 1 + at] !== 0x2e)) return 1;
    for (let i = 0; i < at; i++) {
      const c = b[s + i]!;
      if (c === 0x2e || c !== b[s + at + 1 + i]) return 1;
    }
    return startsWith(b, s, e, 'mail@') || startsWith(b, s, e, 'email@') ? 1 : 0;
  }

  /** Whether a domain (bytes start..end) is usable (normalise.ts usableDomain), once per domain. */
  #usable(b: Uint8Array, start: number, end: number): boolean {
    const d = this.#domains.code(b, start, end);
    if (d === this.#domainOk.length) this.#domainOk.push(usableDomain(this.#domains.texts[d]!));
    return this.#domainOk[d]!;
  }

  /**
   * normalise.ts emailValidGeneral for an address not of the plain shape whose domain is
   * ([a-z0-9._+-] after its only '@'), read on its local part's text alone: when trimming and
   * lowercasing leave the local part as it is and validator takes it as a plain UTF-8 local part
   * (isPlainUtf8Local: "léa.lefèvre"), the address is valid as its domain is usable and it is no
   * placeholder. -1 for any other cell (isValidEmail reads its text then). An ASCII byte ends any
   * UTF-8 sequence, so the local part's text is the text before the '@' of the cell's.
   */
  #otherEmail(b: Buffer, s: number, e: number): number {
    const at = b.indexOf(0x40, s);
    if (at <= s || at >= e - 1) return -1;
    for (let j = at + 1; j < e; j++) if (!isLocalByte(b[j]!) && b[j] !== 0x2e) return -1;
    if (b[s]! <= 0x20) return -1;
    const local = b.toString('utf8', s, at);
    const domainLength = e - at - 1;
    if (local.length + 1 + domainLength > 254) return -1;
    if (local.trimStart() !== local || local.toLowerCase() !== local || !isPlainUtf8Local(local)) return -1;
    if (!this.#usable(b, at + 1, e) || PLACEHOLDER_EMAIL_LOCAL.test(local)) return 0;
    // test@test.com: the local part is the domain's first label (emailValidGeneral's sameName).
    if (local.indexOf('.') >= 0 || domainLength < local.length) return 1;
    for (let i = 0; i < local.length; i++) if (local.charCodeAt(i) !== b[at + 1 + i]) return 1;
    if (domainLength !== local.length && b[at + 1 + local.length] !== 0x2e) return 1;
    return local === 'mail' || local === 'email' ? 1 : 0;
  }
}

/** [a-z0-9_+-] */
function isLocalByte(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2b || c === 0x2d;
}

function startsWith(b: Uint8Array, s: number, e: number, prefix: string): boolean {
  if (e - s < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[s + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
const dayOrNull = (day: number): number => (Number.isNaN(day) ? NULL_DAY : day);
