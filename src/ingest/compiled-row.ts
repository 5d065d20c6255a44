import { COST_KINDS, type Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import { type Currency, CurrencySchema } from '../model/money.ts';
import { DAY_MS } from '../shared/days.ts';
import { ZoneDays } from '../shared/zone-days.ts';
import { steadyOffset, wallToInstant } from './dates.ts';
import { REQUIRED_FIELDS } from './fields.ts';
import { hashRawIdentity, type KeyHash, rawIdentity, rawIdentityText } from './identity.ts';
import type { PlannedColumn } from './map.ts';
import { isValidEmail, isValidPhone } from './normalise.ts';
import {
  channelOf,
  currencyCode,
  mapRow,
  RESULT_IS_LEAD,
  type RowContext,
  type RowOutcome,
  readCell,
} from './row.ts';
import { impliedStage } from './stage.ts';

/**
 * A file's row mapper, compiled once from its plan (preset + header) and context: the column
 * indexes are resolved, each column gets the reader of its type, and the common cell shapes
 * (ISO dates, plain numbers, text) are read without regular expressions or objects, dates
 * through a memo of their day. The row it returns is ONE object reused for every call: the
 * caller copies what it keeps before mapping the next record.
 *
 * It gives exactly what `mapRow` gives (test/ingest/compiled-row.property.test.ts): any cell
 * the fast readers do not recognise goes through mapRow's own `readCell`, and instead of a zod
 * parse per row the schema's rules are checked by hand; a row that breaks one is handed to
 * `mapRow`, whose zod parse words the error exactly as before.
 */
export interface CompiledRowMapper {
  (cells: readonly unknown[]): RowOutcome;
  /**
   * In 'text' mode, the key of the spend row just mapped when it has no record id: its
   * rawIdentityText's hashes (identity.ts hashRawIdentity), the text itself not built, and the
   * row's recordId left ''. `hash` is 0 when the row's key is its recordId.
   */
  readonly key: KeyHash;
}

type Failure = Extract<RowOutcome, { ok: false }>;
type CellReader = (cell: unknown, rowCurrency: Currency | null) => unknown;

const COST_KIND_SET: ReadonlySet<string> = new Set(COST_KINDS);
/** Fields inferStageDate and spanOf may set on a row's values, besides the plan's own. */
const DERIVED_FIELDS = ['date', 'endDate', 'mqlAt', 'sqlAt', 'opportunityAt', 'customerAt', 'lostAt'];

/** How a column's value joins its field's: set, fill when empty (fallback), or joined to it. */
const SET = 0;
const FALLBACK = 1;
const JOIN = 2;
/** The date field a stage implies (stage.ts inferStageDate). */
const STAGE_FIELD = {
  mql: 'mqlAt',
  sql: 'sqlAt',
  opportunity: 'opportunityAt',
  customer: 'customerAt',
  lost: 'lostAt',
} as const;

/**
 * `identity`: what a row without a record id column gets as its id: the SHA-1 of its cells
 * (rawIdentity, what mapRow gives and stores keep), or the text itself
 * (rawIdentityText, for a sink that keeps no ids and hashes them itself; a spend row's text is
 * hashed here instead, into the mapper's `key`).
 */
export function compileRowMapper(ctx: RowContext, identity: 'hash' | 'text' = 'hash'): CompiledRowMapper {
  const rawId = identity === 'hash' ? rawIdentity : rawIdentityText;
  const { plan } = ctx;
  const kind = plan.preset.kind;
  const columns = plan.columns;
  const indexes = Int32Array.from(columns, (c) => c.index);
  const readers = columns.map((c) => cellReader(c, ctx));
  const currencyIndex = plan.byField.get('currency')?.index ?? -1;
  const defaults = plan.preset.defaults ?? {};
  // Each field's value sits in a slot of one array (no keyed property per field and row).
  const fields = [...new Set([...columns.map((c) => c.field), ...DERIVED_FIELDS])];
  const slotOf = new Map(fields.map((f, i) => [f, i]));
  const v: unknown[] = new Array(fields.length).fill(undefined);
  const slots = Int32Array.from(columns, (c) => slotOf.get(c.field)!);
  const modes = Uint8Array.from(columns, (c) => (c.fallback ? FALLBACK : c.join === undefined ? SET : JOIN));
  const joins = columns.map((c) => c.join ?? '');
  /** A field's value (undefined when the plan has no column for it and nothing derives it). */
  const at = (field: string): number => slotOf.get(field) ?? -1;
  /** The picker of a field: its text, else the preset's default, else null (mapRow's `pick`). */
  const picker = (field: string): (() => string | null) => {
    const slot = at(field);
    const fallback = defaults[field] ?? null;
    if (slot < 0) return () => fallback;
    return () => {
      const value = v[slot];
      return value == null ? fallback : String(value);
    };
  };
  const value = (field: string): (() => unknown) => {
    const slot = at(field);
    return slot < 0 ? () => undefined : () => v[slot];
  };
  const hasContact = plan.byField.has('email') || plan.byField.has('phone');
  const recordIdColumn = plan.byField.has('recordId') || defaults.recordId !== undefined;
  const required = Int32Array.from(REQUIRED_FIELDS[kind], at);
  const requiredNames = REQUIRED_FIELDS[kind];
  // What the schema checks once per file rather than per row: anything off goes to mapRow.
  const constantsOk = ctx.origin.length > 0 && CurrencySchema.safeParse(ctx.currency).success;
  const slow = (cells: readonly unknown[]) => mapRow(cells, ctx);
  const lead = {} as Lead;
  const cost = {} as Cost;
  const ok = { ok: true as const, row: lead as Lead | Cost, inferred: null as string | null };
  const pick = {
    recordId: picker('recordId'),
    channel: picker('channel'),
    source: picker('source'),
    campaign: picker('campaign'),
    ad: picker('ad'),
    audience: picker('audience'),
    form: picker('form'),
    keyword: picker('keyword'),
    owner: picker('owner'),
    segment: picker('segment'),
    product: picker('product'),
    country: picker('country'),
    email: picker('email'),
    phone: picker('phone'),
    customerId: picker('customerId'),
    stage: picker('stage'),
    status: picker('status'),
    age: picker('age'),
    gender: picker('gender'),
    device: picker('device'),
    placement: picker('placement'),
    hour: picker('hour'),
    kind: picker('kind'),
  };
  const get = {
    createdAt: value('createdAt'),
    activatedAt: value('activatedAt'),
    amount: value('amount'),
    pipelineAmount: value('pipelineAmount'),
    closedAt: value('closedAt'),
    updatedAt: value('updatedAt'),
    impressions: value('impressions'),
    clicks: value('clicks'),
    conversions: value('conversions'),
    platformLeads: value('platformLeads'),
    results: value('results'),
    resultType: value('resultType'),
  };
  // Derived fields always have a slot.
  const S = {
    date: at('date'),
    endDate: at('endDate'),
    mqlAt: at('mqlAt'),
    sqlAt: at('sqlAt'),
    opportunityAt: at('opportunityAt'),
    customerAt: at('customerAt'),
    lostAt: at('lostAt'),
  };
  const stageSlot = (field: string) => slotOf.get(field)!;
  // Whether any row may imply a stage: a stage or status column, or a default for one.
  const mayStage =
    at('stage') >= 0 || at('status') >= 0 || defaults.stage !== undefined || defaults.status !== undefined;
  const dateColumn = plan.byField.get('date');

  /** stage.ts inferStageDate, on the slots. */
  const inferStage = (): string | null => {
    const stage = impliedStage(pick.stage() ?? pick.status());
    if (stage === null) return null;
    const field = STAGE_FIELD[stage];
    const slot = stageSlot(field);
    if (v[slot] != null) return null;
    const closing = stage === 'customer' || stage === 'lost';
    const when = (closing ? get.closedAt() : null) ?? get.updatedAt() ?? get.createdAt();
    if (typeof when !== 'number') return null;
    v[slot] = when;
    return field;
  };

  /** row.ts spanOf, on the slots. */
  const span = (): void => {
    if (!dateColumn) {
      if (ctx.gridSpan) {
        v[S.date] = ctx.gridSpan.from;
        v[S.endDate] = ctx.gridSpan.to;
      }
    } else if (dateColumn.spanStart) {
      if (v[S.endDate] == null && ctx.period) {
        v[S.date] = ctx.period.from;
        v[S.endDate] = ctx.period.to;
      }
    } else v[S.endDate] = null;
    const end = v[S.endDate] as string | null | undefined;
    const date = v[S.date];
    if (end == null || typeof date !== 'string' || end <= date) v[S.endDate] = null;
  };

  /** row.ts platformLeadsOf, on the slots. */
  const platformLeads = (): number | null => {
    const leads = get.platformLeads() as number | null | undefined;
    if (leads != null) return leads;
    const results = get.results() as number | null | undefined;
    const type = get.resultType();
    return results != null && typeof type === 'string' && RESULT_IS_LEAD.test(type) ? results : null;
  };

  const key: KeyHash = { hash: 0, check: 0 };
  const hashKey = identity === 'text';
  const mapper = (cells: readonly unknown[]): RowOutcome => {
    key.hash = 0;
    if (!constantsOk) return slow(cells);
    v.fill(undefined);
    const rowCurrency = currencyIndex >= 0 ? currencyCode(cells[currencyIndex]) : null;
    for (let i = 0; i < readers.length; i++) {
      const value = readers[i]!(cells[indexes[i]!], rowCurrency);
      if (value !== null && typeof value === 'object') return value as Failure;
      const slot = slots[i]!;
      const mode = modes[i]!;
      if (mode === SET) v[slot] = value;
      else if (mode === FALLBACK) {
        if (v[slot] == null) v[slot] = value;
      } else {
        const before = v[slot];
        v[slot] =
          before == null ? value : value == null ? before : `${String(before)}${joins[i]}${String(value)}`;
      }
    }
    if (kind === 'cost') span();
    for (let r = 0; r < required.length; r++) {
      const slot = required[r]!;
      if (slot < 0 || v[slot] == null) {
        const field = requiredNames[r]!;
        return { ok: false, field, key: 'ingest.skip.required', params: { field } };
      }
    }
    if (kind === 'lead') {
      const inferred = mayStage ? inferStage() : null;
      const email = pick.email();
      const phone = pick.phone();
      const createdAt = get.createdAt();
      const mqlAt = v[S.mqlAt] ?? null;
      const sqlAt = v[S.sqlAt] ?? null;
      const opportunityAt = v[S.opportunityAt] ?? null;
      const customerAt = v[S.customerAt] ?? null;
      const lostAt = v[S.lostAt] ?? null;
      const activatedAt = get.activatedAt() ?? null;
      const won = customerAt !== null;
      const lost = !won && lostAt !== null;
      const dealValue = get.amount() ?? null;
      const amount = won ? dealValue : null;
      const pipelineAmount = get.pipelineAmount() ?? (won || lost ? null : dealValue);
      if (
        !isInstant(createdAt) ||
        !isOptionalInstant(mqlAt) ||
        !isOptionalInstant(sqlAt) ||
        !isOptionalInstant(opportunityAt) ||
        !isOptionalInstant(customerAt) ||
        !isOptionalInstant(lostAt) ||
        !isOptionalInstant(activatedAt) ||
        !isOptionalFinite(amount) ||
        !isOptionalFinite(pipelineAmount)
      )
        return slow(cells);
      const id = recordIdColumn ? pick.recordId() : null;
      const recordId = id ?? rawId(cells, '');
      if (recordId.length === 0) return slow(cells);
      lead.origin = ctx.origin;
      lead.recordId = recordId;
      lead.createdAt = createdAt;
      lead.channel = channelOf(pick.channel());
      lead.source = pick.source();
      lead.campaign = pick.campaign();
      lead.ad = pick.ad();
      lead.audience = pick.audience();
      lead.form = pick.form();
      lead.keyword = pick.keyword();
      lead.owner = pick.owner();
      lead.segment = pick.segment();
      lead.product = pick.product();
      lead.country = pick.country();
      lead.email = email;
      lead.phone = phone;
      lead.valid = hasContact ? isValidEmail(email) || isValidPhone(phone) : true;
      lead.mqlAt = mqlAt;
      lead.sqlAt = sqlAt;
      lead.opportunityAt = opportunityAt;
      lead.customerAt = customerAt;
      lead.lostAt = lostAt;
      lead.activatedAt = activatedAt;
      lead.amount = amount;
      lead.pipelineAmount = pipelineAmount;
      lead.currency = amount !== null || pipelineAmount !== null ? ctx.currency : null;
      lead.customerId = pick.customerId();
      ok.row = lead;
      ok.inferred = inferred;
      return ok;
    }
    const date = v[S.date];
    const endDate = v[S.endDate] ?? null;
    const amount = get.amount();
    const impressions = get.impressions() ?? null;
    const clicks = get.clicks() ?? null;
    const leads = platformLeads();
    const conversions = get.conversions() ?? null;
    const costKind = pick.kind() ?? 'media';
    if (
      typeof date !== 'string' ||
      !isIsoDay(date) ||
      (endDate !== null && (typeof endDate !== 'string' || !isIsoDay(endDate))) ||
      typeof amount !== 'number' ||
      !Number.isFinite(amount) ||
      !isOptionalCount(impressions) ||
      !isOptionalCount(clicks) ||
      !isOptionalCount(leads) ||
      !isOptionalCount(conversions) ||
      !COST_KIND_SET.has(costKind)
    )
      return slow(cells);
    let recordId = pick.recordId();
    if (recordId === null && hashKey) {
      hashRawIdentity(cells, date, key);
      recordId = '';
    } else {
      recordId ??= rawId(cells, date);
      if (recordId.length === 0) return slow(cells);
    }
    cost.origin = ctx.origin;
    cost.recordId = recordId;
    cost.date = date;
    cost.channel = channelOf(pick.channel());
    cost.source = pick.source();
    cost.campaign = pick.campaign();
    cost.ad = pick.ad();
    cost.audience = pick.audience();
    cost.keyword = pick.keyword();
    cost.country = pick.country();
    cost.age = pick.age();
    cost.gender = pick.gender();
    cost.device = pick.device();
    cost.placement = pick.placement();
    cost.hour = pick.hour();
    cost.endDate = endDate;
    cost.grain = ctx.grain ?? null;
    cost.amount = amount;
    cost.currency = ctx.currency;
    cost.kind = costKind as Cost['kind'];
    cost.impressions = impressions;
    cost.clicks = clicks;
    cost.platformLeads = leads;
    cost.conversions = conversions;
    ok.row = cost;
    ok.inferred = null;
    return ok;
  };
  return Object.assign(mapper, { key });
}

const isInstant = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isOptionalInstant = (v: unknown): v is number | null => v === null || isInstant(v);
const isOptionalFinite = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isFinite(v));
const isOptionalCount = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/**
 * How a text column's string cell is read (the byte lanes read a cell's text with it too):
 * '' and '--' (after trimming) are no value.
 */
export function readText(cell: string): string | null {
  if (cell === '') return null;
  const text = cell.trim();
  return text === '' || text === '--' ? null : text;
}

/** The reader of one planned column: its type's fast path, else readCell (same result). */
function cellReader(column: PlannedColumn, ctx: RowContext): CellReader {
  const kind = ctx.plan.preset.kind;
  const general: CellReader = (cell, rowCurrency) => readCell(column, cell, ctx, kind, rowCurrency);
  switch (column.type) {
    case 'text':
      return (cell, rowCurrency) => {
        return typeof cell === 'string' ? readText(cell) : general(cell, rowCurrency);
      };
    case 'date':
    case 'datetime': {
      const isoDay = kind === 'cost' && (column.field === 'date' || column.field === 'endDate');
      const memo = new DayMemo(ctx.timeZone);
      if (isoDay) {
        return (cell, rowCurrency) => {
          if (cell === '') return null;
          if (typeof cell === 'string' && !Number.isNaN(memo.wall(cell))) return cell.slice(0, 10);
          return general(cell, rowCurrency);
        };
      }
      return (cell, rowCurrency) => {
        if (cell === '') return null;
        if (typeof cell === 'string') {
          const instant = memo.instant(cell);
          if (!Number.isNaN(instant)) return instant;
        }
        return general(cell, rowCurrency);
      };
    }
    case 'number':
    case 'integer':
    case 'money':
    case 'percent': {
      if (ctx.decimal === ',') return general;
      const { type } = column;
      return (cell, rowCurrency) => {
        if (typeof cell !== 'string') return general(cell, rowCurrency);
        if (cell === '') return null;
        let value = plainNumber(cell);
        if (Number.isNaN(value)) return general(cell, rowCurrency);
        value ||= 0;
        if (type === 'percent') value /= 100;
        else if (type === 'integer') value = Math.round(value);
        else if (type === 'money') {
          const currency = rowCurrency ?? column.currency ?? ctx.sourceCurrency;
          if (currency !== null && currency !== ctx.currency) {
            const rate = ctx.rates[currency];
            if (rate === undefined) return general(cell, rowCurrency);
            value *= rate;
          }
        }
        return value;
      };
    }
    default:
      return general;
  }
}

/** Powers of ten up to 10^15, each exact as a double. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Number(s) for a cell /^-?\d{1,15}(\.\d{1,15})?$/ matches (normalise.ts PLAIN), NaN for any
 * other cell; by hand, without a regular expression or a string-to-number conversion per cell.
 * With at most 15 digits in all, the digits make an exact integer and dividing it by an exact
 * power of ten rounds once, to the double nearest the decimal: what Number gives (the
 * classic fast path of decimal parsing). Longer ones go to Number.
 */
export function plainNumber(s: string): number {
  const n = s.length;
  const negative = s.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const start = i;
  let m = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
  }
  const whole = i - start;
  if (whole < 1 || whole > 15) return Number.NaN;
  let fraction = 0;
  if (i < n) {
    if (s.charCodeAt(i) !== 46) return Number.NaN;
    const point = ++i;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Number.NaN;
      m = m * 10 + d;
    }
    fraction = i - point;
    if (fraction < 1 || fraction > 15) return Number.NaN;
  }
  // Past 15 digits `m` may have rounded: Number reads the text itself.
  if (whole + fraction > 15) return Number(s);
  const value = fraction === 0 ? m : m / POW10[fraction]!;
  return negative ? -value : value;
}

/**
 * plainNumber of the text of bytes start..end, read from the bytes (each byte a character: a
 * byte from 0x80 is no digit, as no non-ASCII character is): the same number or NaN, no string
 * (but for more than 15 digits, read by Number as plainNumber reads them).
 */
export function plainNumberAt(b: Buffer, start: number, end: number): number {
  const negative = b[start] === 45;
  let i = negative ? start + 1 : start;
  const from = i;
  let m = 0;
  for (; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
  }
  const whole = i - from;
  if (whole < 1 || whole > 15) return Number.NaN;
  let fraction = 0;
  if (i < end) {
    if (b[i] !== 46) return Number.NaN;
    const point = ++i;
    for (; i < end; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) return Number.NaN;
      m = m * 10 + d;
    }
    fraction = i - point;
    if (fraction < 1 || fraction > 15) return Number.NaN;
  }
  if (whole + fraction > 15) return Number(b.toString('latin1', start, end));
  const value = fraction === 0 ? m : m / POW10[fraction]!;
  return negative ? -value : value;
}

/** /^\d{4}-\d{2}-\d{2}$/.test(s) (the schema's IsoDateSchema), by hand. */
export function isIsoDay(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7 && !isDigit(s.charCodeAt(i))) return false;
  return true;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const DIGIT = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
};
const two = (s: string, i: number): number => DIGIT(s, i) * 10 + DIGIT(s, i + 1);
const DIGIT_AT = (b: Uint8Array, i: number): number => {
  const c = b[i]! - 48;
  return c >= 0 && c <= 9 ? c : -1000;
};
const twoAt = (b: Uint8Array, i: number): number => DIGIT_AT(b, i) * 10 + DIGIT_AT(b, i + 1);

/** A day's offset not asked yet (offsets are whole ms: never this). */
const UNKNOWN = 0.5;
/** A day's direct day not asked yet, or asked and none (days 1900–2200 are never these). */
const DIRECT_UNKNOWN = -2_147_483_648;
const NOT_DIRECT = -2_147_483_647;
/** The years a day may be of (dates.ts reads no other). */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;
/** Days of a year's block: 31 per month, impossible ones too. */
const YEAR_DAYS = 12 * 31;

/** The days of one year DayMemo has read (each at (m - 1) * 31 + d - 1). */
interface YearDays {
  /** Date.UTC of each day, NaN for an impossible one. */
  epoch: Float64Array;
  /** The day's offset in ms when the zone keeps one from the day before to the day after, else NaN (UNKNOWN until asked). */
  shift: Float64Array;
  /** dayAt's answer for every wall time of the day when one answers them all (#directDay), else NOT_DIRECT. */
  direct: Int32Array;
}

/**
 * The wall clock (epoch ms read as UTC) of a cell written `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or
 * `YYYY-MM-DD[T ]HH:MM:SS` (dates.ts's FAST_ISO shapes, nothing around them), NaN for any other
 * cell or an impossible date or time; its instant in a zone, and that instant's day in another.
 * What a day gives is kept per day (an export repeats its days on thousands of rows), in an
 * array per year: a map lookup per cell would cost more than the rest of its reading.
 */
export class DayMemo {
  /** Per year from FIRST_YEAR, made when a day of it is first read. */
  readonly #years: (YearDays | undefined)[] = [];
  /** The year and day (in it) the last read gave. */
  #year: YearDays = newYear(FIRST_YEAR);
  #day = 0;
  readonly #timeZone: string;
  readonly #zoneDays: ZoneDays | null;

  /**
   * `timeZone`: the zone `instant` reads wall times in; `dayZone`: the zone `dayAt` counts the
   * instants' days in.
   */
  constructor(timeZone = 'UTC', dayZone: string | null = null) {
    this.#timeZone = timeZone;
    this.#zoneDays = dayZone === null ? null : new ZoneDays(dayZone);
  }

  wall(s: string): number {
    const n = s.length;
    if (n !== 10 && n !== 16 && n !== 19) return Number.NaN;
    if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
    const y = two(s, 0) * 100 + two(s, 2);
    const m = two(s, 5);
    const d = two(s, 8);
    if (y < 0 || m < 0 || d < 0) return Number.NaN;
    const day = this.#dayOf(y, m, d);
    if (Number.isNaN(day) || n === 10) return day;
    const sep = s.charCodeAt(10);
    if ((sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58) return Number.NaN;
    const hh = two(s, 11);
    const mi = two(s, 14);
    let ss = 0;
    if (n === 19) {
      if (s.charCodeAt(16) !== 58) return Number.NaN;
      ss = two(s, 17);
    }
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return Number.NaN;
    return day + ((hh * 60 + mi) * 60 + ss) * 1000;
  }

  /** wall() of the text of bytes start..end (each byte a character: any byte from 0x80 fails, as any non-ASCII text does). */
  wallAt(bytes: Uint8Array, start: number, end: number): number {
    const seconds = this.#secondsAt(bytes, start, end);
    return seconds < 0 ? Number.NaN : this.#year.epoch[this.#day]! + seconds * 1000;
  }

  /** instant() of the text of bytes start..end. */
  instantAt(bytes: Uint8Array, start: number, end: number): number {
    return this.#instantOf(this.wallAt(bytes, start, end));
  }

  /**
   * The epoch day in `dayZone` (ZoneDays.day) of instantAt(bytes, start, end), NaN when that is
   * no whole number of ms (an unread cell). Most days need neither the instant nor the zone per
   * cell: when every wall time of a day is read with one offset and its instants all counted
   * back with that same offset, each one's day is the wall date's own, kept per day.
   */
  dayAt(bytes: Uint8Array, start: number, end: number): number {
    const seconds = this.#secondsAt(bytes, start, end);
    if (seconds < 0) return Number.NaN;
    const year = this.#year;
    const i = this.#day;
    let day = year.direct[i]!;
    if (day === DIRECT_UNKNOWN) {
      day = this.#directDay(year, i);
      year.direct[i] = day;
    }
    if (day !== NOT_DIRECT) return day;
    const instant = this.#instantOf(year.epoch[i]! + seconds * 1000);
    return Number.isInteger(instant) ? this.#zoneDays!.day(instant) : Number.NaN;
  }

  /**
   * The seconds into its day of the wall time of bytes start..end (0 for a day alone), its day
   * kept as the last read; -1 when wall() would be NaN.
   */
  #secondsAt(bytes: Uint8Array, start: number, end: number): number {
    const n = end - start;
    if (n !== 10 && n !== 16 && n !== 19) return -1;
    if (bytes[start + 4] !== 45 || bytes[start + 7] !== 45) return -1;
    const y = twoAt(bytes, start) * 100 + twoAt(bytes, start + 2);
    const m = twoAt(bytes, start + 5);
    const d = twoAt(bytes, start + 8);
    if (y < 0 || m < 0 || d < 0 || Number.isNaN(this.#dayOf(y, m, d))) return -1;
    if (n === 10) return 0;
    const sep = bytes[start + 10];
    if ((sep !== 32 && sep !== 84) || bytes[start + 13] !== 58) return -1;
    const hh = twoAt(bytes, start + 11);
    const mi = twoAt(bytes, start + 14);
    let ss = 0;
    if (n === 19) {
      if (bytes[start + 16] !== 58) return -1;
      ss = twoAt(bytes, start + 17);
    }
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return -1;
    return (hh * 60 + mi) * 60 + ss;
  }

  /**
   * The day ZoneDays.day gives every instant of a wall time of day `i` of `year`, or NOT_DIRECT
   * when they may differ. With the day's steady shift (whole ms) every wall time w of it is the
   * instant w - shift; ZoneDays reads an instant with its UTC day's steady offset, and when that
   * is the same shift for every UTC day those instants fall on, it gives
   * floor((w - shift + shift) / DAY), the wall date itself (w - shift + shift is w exactly:
   * whole numbers far below 2^53).
   */
  #directDay(year: YearDays, i: number): number {
    const epoch = year.epoch[i]!;
    const shift = this.#shiftOf(year, i);
    if (!Number.isInteger(shift)) return NOT_DIRECT;
    const days = this.#zoneDays!;
    // The first and last wall times of the day (whole seconds) as instants.
    const last = Math.floor((epoch + DAY_MS - 1000 - shift) / DAY_MS);
    for (let utcDay = Math.floor((epoch - shift) / DAY_MS); utcDay <= last; utcDay++) {
      if (days.steadyOffset(utcDay) * 60_000 !== shift) return NOT_DIRECT;
    }
    return epoch / DAY_MS;
  }

  /**
   * wallToInstant(wall(s), timeZone): on a day whose zone offset is the same from the day
   * before to the day after (all but the days around a change), the wall time minus that offset.
   */
  instant(s: string): number {
    return this.#instantOf(this.wall(s));
  }

  /** The epoch of a calendar day (NaN when impossible), the day kept as the last read. */
  #dayOf(y: number, m: number, d: number): number {
    if (y < FIRST_YEAR || y > LAST_YEAR || m < 1 || m > 12 || d < 1 || d > 31) return Number.NaN;
    let year = this.#years[y - FIRST_YEAR];
    if (year === undefined) {
      year = newYear(y);
      this.#years[y - FIRST_YEAR] = year;
    }
    const i = (m - 1) * 31 + d - 1;
    this.#year = year;
    this.#day = i;
    return year.epoch[i]!;
  }

  /** The instant of a wall time the last read gave (its day is #year's #day). */
  #instantOf(wall: number): number {
    if (Number.isNaN(wall)) return wall;
    const shift = this.#shiftOf(this.#year, this.#day);
    return Number.isNaN(shift) ? wallToInstant(wall, this.#timeZone) : wall - shift;
  }

  /** A day's steady shift (dates.ts steadyOffset), asked once per day, when a wall time of it is read. */
  #shiftOf(year: YearDays, i: number): number {
    let shift = year.shift[i]!;
    if (shift === UNKNOWN) {
      shift = steadyOffset(this.#timeZone, year.epoch[i]!);
      year.shift[i] = shift;
    }
    return shift;
  }
}

/** Year y's days: each one's epoch, nothing asked yet. */
function newYear(y: number): YearDays {
  const epoch = new Float64Array(YEAR_DAYS);
  for (let i = 0; i < YEAR_DAYS; i++) epoch[i] = dayEpoch(y, Math.floor(i / 31) + 1, (i % 31) + 1);
  return {
    epoch,
    shift: new Float64Array(YEAR_DAYS).fill(UNKNOWN),
    direct: new Int32Array(YEAR_DAYS).fill(DIRECT_UNKNOWN),
  };
}

/** Date.UTC of a calendar day, NaN when dates.ts would refuse it (month, day, year 1900–2200). */
function dayEpoch(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return Number.NaN;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return Number.NaN;
  return Date.UTC(y, m - 1, d);
}
