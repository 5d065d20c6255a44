import { COST_KINDS, type Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import { type Currency, CurrencySchema } from '../model/money.ts';
import { wallToInstant } from './dates.ts';
import { REQUIRED_FIELDS } from './fields.ts';
import { rawIdentity } from './identity.ts';
import type { PlannedColumn } from './map.ts';
import { isValidEmail, isValidPhone } from './normalise.ts';
import {
  channelOf,
  currencyCode,
  mapRow,
  platformLeadsOf,
  type RowContext,
  type RowOutcome,
  readCell,
  spanOf,
} from './row.ts';
import { inferStageDate } from './stage.ts';

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
export type CompiledRowMapper = (cells: readonly unknown[]) => RowOutcome;

type Failure = Extract<RowOutcome, { ok: false }>;
type CellReader = (cell: unknown, rowCurrency: Currency | null) => unknown;

const PLAIN = /^-?\d{1,15}(\.\d{1,15})?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const COST_KIND_SET: ReadonlySet<string> = new Set(COST_KINDS);
/** Fields inferStageDate and spanOf may set on a row's values, besides the plan's own. */
const DERIVED_FIELDS = ['date', 'endDate', 'mqlAt', 'sqlAt', 'opportunityAt', 'customerAt', 'lostAt'];

export function compileRowMapper(ctx: RowContext): CompiledRowMapper {
  const { plan } = ctx;
  const kind = plan.preset.kind;
  const columns = plan.columns;
  const indexes = Int32Array.from(columns, (c) => c.index);
  const readers = columns.map((c) => cellReader(c, ctx));
  const currencyIndex = plan.byField.get('currency')?.index ?? -1;
  const defaults = plan.preset.defaults ?? {};
  const fields = [...new Set([...columns.map((c) => c.field), ...DERIVED_FIELDS])];
  const values: Record<string, unknown> = Object.fromEntries(fields.map((f) => [f, undefined]));
  const hasContact = plan.byField.has('email') || plan.byField.has('phone');
  const recordIdColumn = plan.byField.has('recordId') || defaults.recordId !== undefined;
  const required = REQUIRED_FIELDS[kind];
  // What the schema checks once per file rather than per row: anything off goes to mapRow.
  const constantsOk = ctx.origin.length > 0 && CurrencySchema.safeParse(ctx.currency).success;
  const slow = (cells: readonly unknown[]) => mapRow(cells, ctx);
  const pick = (field: string): string | null => {
    const v = values[field];
    return v == null ? (defaults[field] ?? null) : String(v);
  };
  const lead = {} as Lead;
  const cost = {} as Cost;
  const ok = { ok: true as const, row: lead as Lead | Cost, inferred: null as string | null };

  return (cells) => {
    if (!constantsOk) return slow(cells);
    for (const f of fields) values[f] = undefined;
    const rowCurrency = currencyIndex >= 0 ? currencyCode(cells[currencyIndex]) : null;
    for (let i = 0; i < readers.length; i++) {
      const value = readers[i]!(cells[indexes[i]!], rowCurrency);
      if (value !== null && typeof value === 'object') return value as Failure;
      const column = columns[i]!;
      if (column.fallback) {
        if (values[column.field] == null) values[column.field] = value;
      } else if (column.join === undefined) values[column.field] = value;
      else {
        const before = values[column.field];
        values[column.field] =
          before == null ? value : value == null ? before : `${String(before)}${column.join}${String(value)}`;
      }
    }
    if (kind === 'cost') spanOf(values, plan, ctx);
    for (const field of required) {
      if (values[field] == null) return { ok: false, field, key: 'ingest.skip.required', params: { field } };
    }
    if (kind === 'lead') {
      const inferred = inferStageDate(values, pick('stage') ?? pick('status'));
      const email = pick('email');
      const phone = pick('phone');
      const createdAt = values.createdAt;
      const mqlAt = values.mqlAt ?? null;
      const sqlAt = values.sqlAt ?? null;
      const opportunityAt = values.opportunityAt ?? null;
      const customerAt = values.customerAt ?? null;
      const lostAt = values.lostAt ?? null;
      const activatedAt = values.activatedAt ?? null;
      const won = customerAt !== null;
      const lost = !won && lostAt !== null;
      const dealValue = values.amount ?? null;
      const amount = won ? dealValue : null;
      const pipelineAmount = values.pipelineAmount ?? (won || lost ? null : dealValue);
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
      const id = recordIdColumn ? pick('recordId') : null;
      const recordId = id ?? rawIdentity(cells, '');
      if (recordId.length === 0) return slow(cells);
      lead.origin = ctx.origin;
      lead.recordId = recordId;
      lead.createdAt = createdAt;
      lead.channel = channelOf(pick('channel'));
      lead.source = pick('source');
      lead.campaign = pick('campaign');
      lead.ad = pick('ad');
      lead.audience = pick('audience');
      lead.form = pick('form');
      lead.keyword = pick('keyword');
      lead.owner = pick('owner');
      lead.segment = pick('segment');
      lead.product = pick('product');
      lead.country = pick('country');
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
      lead.customerId = pick('customerId');
      ok.row = lead;
      ok.inferred = inferred;
      return ok;
    }
    const date = values.date;
    const endDate = values.endDate ?? null;
    const amount = values.amount;
    const impressions = values.impressions ?? null;
    const clicks = values.clicks ?? null;
    const platformLeads = platformLeadsOf(values);
    const conversions = values.conversions ?? null;
    const costKind = pick('kind') ?? 'media';
    if (
      typeof date !== 'string' ||
      !ISO_DAY.test(date) ||
      (endDate !== null && (typeof endDate !== 'string' || !ISO_DAY.test(endDate))) ||
      typeof amount !== 'number' ||
      !Number.isFinite(amount) ||
      !isOptionalCount(impressions) ||
      !isOptionalCount(clicks) ||
      !isOptionalCount(platformLeads) ||
      !isOptionalCount(conversions) ||
      !COST_KIND_SET.has(costKind)
    )
      return slow(cells);
    const recordId = pick('recordId') ?? rawIdentity(cells, date);
    if (recordId.length === 0) return slow(cells);
    cost.origin = ctx.origin;
    cost.recordId = recordId;
    cost.date = date;
    cost.channel = channelOf(pick('channel'));
    cost.source = pick('source');
    cost.campaign = pick('campaign');
    cost.ad = pick('ad');
    cost.audience = pick('audience');
    cost.keyword = pick('keyword');
    cost.country = pick('country');
    cost.age = pick('age');
    cost.gender = pick('gender');
    cost.device = pick('device');
    cost.placement = pick('placement');
    cost.hour = pick('hour');
    cost.endDate = endDate;
    cost.grain = ctx.grain ?? null;
    cost.amount = amount;
    cost.currency = ctx.currency;
    cost.kind = costKind as Cost['kind'];
    cost.impressions = impressions;
    cost.clicks = clicks;
    cost.platformLeads = platformLeads;
    cost.conversions = conversions;
    ok.row = cost;
    ok.inferred = null;
    return ok;
  };
}

const isInstant = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isOptionalInstant = (v: unknown): v is number | null => v === null || isInstant(v);
const isOptionalFinite = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isFinite(v));
const isOptionalCount = (v: unknown): v is number | null =>
  v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/** The reader of one planned column: its type's fast path, else readCell (same result). */
function cellReader(column: PlannedColumn, ctx: RowContext): CellReader {
  const kind = ctx.plan.preset.kind;
  const general: CellReader = (cell, rowCurrency) => readCell(column, cell, ctx, kind, rowCurrency);
  switch (column.type) {
    case 'text':
      return (cell, rowCurrency) => {
        if (typeof cell !== 'string') return general(cell, rowCurrency);
        if (cell === '') return null;
        const text = cell.trim();
        return text === '' || text === '--' ? null : text;
      };
    case 'date':
    case 'datetime': {
      const isoDay = kind === 'cost' && (column.field === 'date' || column.field === 'endDate');
      const memo = new DayMemo();
      const { timeZone } = ctx;
      return (cell, rowCurrency) => {
        if (cell === '') return null;
        if (typeof cell === 'string') {
          const wall = memo.wall(cell);
          if (!Number.isNaN(wall)) return isoDay ? cell.slice(0, 10) : wallToInstant(wall, timeZone);
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
        if (!PLAIN.test(cell)) return general(cell, rowCurrency);
        let value = Number(cell) || 0;
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

const DIGIT = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
};
const two = (s: string, i: number): number => DIGIT(s, i) * 10 + DIGIT(s, i + 1);

/**
 * The wall clock (epoch ms read as UTC) of a cell written `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or
 * `YYYY-MM-DD[T ]HH:MM:SS` (dates.ts's FAST_ISO shapes, nothing around them), NaN for any other
 * cell or an impossible date or time. The day part's validity and epoch are kept per day: an
 * export repeats its days on thousands of rows.
 */
export class DayMemo {
  readonly #days = new Map<number, number>();

  wall(s: string): number {
    const n = s.length;
    if (n !== 10 && n !== 16 && n !== 19) return Number.NaN;
    if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
    const y = two(s, 0) * 100 + two(s, 2);
    const m = two(s, 5);
    const d = two(s, 8);
    if (y < 0 || m < 0 || d < 0) return Number.NaN;
    const key = y * 10_000 + m * 100 + d;
    let day = this.#days.get(key);
    if (day === undefined) {
      day = dayEpoch(y, m, d);
      if (this.#days.size > 100_000) this.#days.clear();
      this.#days.set(key, day);
    }
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
}

/** Date.UTC of a calendar day, NaN when dates.ts would refuse it (month, day, year 1900–2200). */
function dayEpoch(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return Number.NaN;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return Number.NaN;
  return Date.UTC(y, m - 1, d);
}
