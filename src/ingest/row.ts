import type { MessageKey, MessageParams } from '../i18n/catalogue.ts';
import { type Channel, channelFrom } from '../model/channel.ts';
import type { Cost } from '../model/cost.ts';
import { CostSchema } from '../model/cost-schema.ts';
import { type Lead, LeadSchema } from '../model/lead.ts';
import type { Currency } from '../model/money.ts';
import { dateOrderEvidence, type NumericOrder, serialToParts, toInstant, toIsoDay } from './dates.ts';
import { REQUIRED_FIELDS } from './fields.ts';
import { rawIdentity } from './identity.ts';
import type { ColumnPlan, PlannedColumn } from './map.ts';
import { isValidEmail, isValidPhone, parseDateTime, parseHour, parseNumber } from './normalise.ts';
import { inferStageDate } from './stage.ts';

/** What mapping one row needs to know about its file and workspace. */
export interface RowContext {
  plan: ColumnPlan;
  origin: string;
  order: NumericOrder | null;
  decimal: ',' | '.' | null;
  timeZone: string;
  currency: Currency;
  /** The currency of amounts whose cell and header name none (config `sources[].currency`). */
  sourceCurrency: Currency | null;
  rates: Readonly<Record<string, number>>;
  /** The grain every cost row of the file gets (ingest/level.ts `grainKey`). */
  grain?: string | null;
  /**
   * The days a campaign grid's rows cover (the file's range line, else `--period` /
   * `sources[].period`): rows with no date column span them. Null when none is known.
   */
  gridSpan?: DaySpan | null;
  /** `--period` / `sources[].period`: stretches rows dated by a span's start (LinkedIn) over it. */
  period?: DaySpan | null;
}

/** A span of calendar days, first and last inclusive, as YYYY-MM-DD. */
export interface DaySpan {
  from: string;
  to: string;
}

export type RowOutcome =
  | { ok: true; row: Lead | Cost; inferred: string | null }
  | { ok: false; field: string | null; key: MessageKey; params: MessageParams };

type Failure = Extract<RowOutcome, { ok: false }>;
const fail = (field: string | null, key: MessageKey, params: MessageParams = {}): Failure => ({
  ok: false,
  field,
  key,
  params,
});

/** Reads one cell as its column's type; a Failure when the cell holds something else. */
export function readCell(
  column: PlannedColumn,
  cell: unknown,
  ctx: RowContext,
  kind: 'lead' | 'cost',
  rowCurrency: Currency | null,
) {
  if (cell == null) return null;
  const text = typeof cell === 'string' ? cell.trim() : cell;
  if (text === '') return null;
  switch (column.type) {
    case 'text':
      // Google Ads writes " --" where a report has no value (an ad group of a Performance Max row).
      return text === '--' ? null : String(text);
    case 'hour':
      if (text === '--') return null;
      return parseHour(String(text)) ?? fail(column.field, 'ingest.skip.hour', { value: String(text) });
    case 'date':
    case 'datetime': {
      const parts = typeof text === 'number' ? serialToParts(text) : parseDateTime(String(text), ctx.order);
      if (parts === null) {
        const evidence = typeof text === 'string' ? dateOrderEvidence(text) : 'none';
        if (ctx.order !== null && (evidence === 'dmy' || evidence === 'mdy') && evidence !== ctx.order) {
          return fail(column.field, 'ingest.skip.dateOrder', { value: String(text), order: ctx.order });
        }
        return fail(column.field, 'ingest.skip.date', { value: String(text) });
      }
      return kind === 'cost' && (column.field === 'date' || column.field === 'endDate')
        ? toIsoDay(parts)
        : toInstant(parts, ctx.timeZone);
    }
    default: {
      const parsed =
        typeof text === 'number'
          ? { ok: true as const, value: text, currency: null, percent: false }
          : parseNumber(String(text), ctx.decimal);
      if (!parsed.ok) return fail(column.field, 'ingest.skip.number', { value: String(text) });
      if (parsed.value === null) return null;
      let value = parsed.percent || column.type === 'percent' ? parsed.value / 100 : parsed.value;
      if (column.type === 'integer') value = Math.round(value);
      if (column.type === 'money') {
        // One path for every way an amount names its currency: a symbol in the cell, the row's
        // currency column ("Currency code", "Moeda"), the header ("Amount spent (AUD)"), the config.
        const currency = parsed.currency ?? rowCurrency ?? column.currency ?? ctx.sourceCurrency;
        if (currency !== null && currency !== ctx.currency) {
          const rate = ctx.rates[currency];
          if (rate === undefined) {
            return fail(column.field, 'ingest.skip.currency', {
              value: String(text),
              currency,
            });
          }
          value *= rate;
        }
      }
      return value;
    }
  }
}

/** Maps one record to a canonical Lead or Cost, validated with its zod schema. */
export function mapRow(cells: readonly unknown[], ctx: RowContext): RowOutcome {
  const { plan } = ctx;
  const kind = plan.preset.kind;
  const values: Record<string, unknown> = {};
  const currencyColumn = plan.byField.get('currency');
  const rowCurrency = currencyColumn ? currencyCode(cells[currencyColumn.index]) : null;
  for (const column of plan.columns) {
    const value = readCell(column, cells[column.index], ctx, kind, rowCurrency);
    if (value !== null && typeof value === 'object') return value;
    if (column.fallback) {
      if (values[column.field] == null) values[column.field] = value;
    } else if (column.join === undefined) values[column.field] = value;
    else {
      const before = values[column.field];
      values[column.field] =
        before == null ? value : value == null ? before : `${String(before)}${column.join}${String(value)}`;
    }
  }
  const defaults = plan.preset.defaults ?? {};
  const pick = (field: string): string | null => {
    const v = values[field];
    return v == null ? (defaults[field] ?? null) : String(v);
  };
  if (kind === 'cost') spanOf(values, plan, ctx);
  for (const field of REQUIRED_FIELDS[kind]) {
    if (values[field] == null) return fail(field, 'ingest.skip.required', { field });
  }
  let inferred: string | null = null;
  let row: Record<string, unknown>;
  if (kind === 'lead') {
    inferred = inferStageDate(values, pick('stage') ?? pick('status'));
    const email = pick('email');
    const phone = pick('phone');
    const hasContact = plan.byField.has('email') || plan.byField.has('phone');
    const instant = (field: string) => (values[field] as number | null | undefined) ?? null;
    // A deal export has one "Amount" column for every deal, won or not. `amount` is won revenue:
    // an open deal's value is pipeline (unless the export gives that apart), a lost deal's is neither.
    const won = instant('customerAt') !== null;
    const lost = !won && instant('lostAt') !== null;
    const dealValue = (values.amount as number | null | undefined) ?? null;
    const amount = won ? dealValue : null;
    const pipelineAmount =
      (values.pipelineAmount as number | null | undefined) ?? (won || lost ? null : dealValue);
    // Written out field by field (no spreads): this runs once per row of multi-million-row files.
    row = {
      origin: ctx.origin,
      recordId: '',
      createdAt: values.createdAt,
      channel: channelOf(pick('channel')),
      source: pick('source'),
      campaign: pick('campaign'),
      ad: pick('ad'),
      audience: pick('audience'),
      form: pick('form'),
      keyword: pick('keyword'),
      owner: pick('owner'),
      segment: pick('segment'),
      product: pick('product'),
      country: pick('country'),
      email,
      phone,
      // No contact column at all (a deals export): validity is unknown, so not held against the lead.
      valid: hasContact ? isValidEmail(email) || isValidPhone(phone) : true,
      mqlAt: instant('mqlAt'),
      sqlAt: instant('sqlAt'),
      opportunityAt: instant('opportunityAt'),
      customerAt: instant('customerAt'),
      lostAt: instant('lostAt'),
      activatedAt: instant('activatedAt'),
      amount,
      pipelineAmount,
      currency: amount !== null || pipelineAmount !== null ? ctx.currency : null,
      customerId: pick('customerId'),
    };
  } else {
    row = {
      origin: ctx.origin,
      recordId: '',
      date: values.date,
      channel: channelOf(pick('channel')),
      source: pick('source'),
      campaign: pick('campaign'),
      ad: pick('ad'),
      audience: pick('audience'),
      keyword: pick('keyword'),
      country: pick('country'),
      age: pick('age'),
      gender: pick('gender'),
      device: pick('device'),
      placement: pick('placement'),
      hour: pick('hour'),
      endDate: values.endDate ?? null,
      grain: ctx.grain ?? null,
      amount: values.amount,
      currency: ctx.currency,
      kind: pick('kind') ?? 'media',
      impressions: values.impressions ?? null,
      clicks: values.clicks ?? null,
      platformLeads: platformLeadsOf(values),
      conversions: values.conversions ?? null,
    };
  }
  const id = pick('recordId');
  row.recordId = id ?? rawIdentity(cells, kind === 'cost' ? (row.date as string) : '');
  const schema = kind === 'lead' ? LeadSchema : CostSchema;
  const result = schema.safeParse(row);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path[0] === undefined ? null : String(issue.path[0]);
    return fail(field, 'ingest.skip.invalid', { reason: issue?.message ?? '?' });
  }
  return { ok: true, row: result.data, inferred };
}

// Channel labels repeat on every row ("Paid Search", "cpc"): fold each one once.
const CHANNELS = new Map<string, Channel>();
export function channelOf(raw: string | null): Channel {
  if (raw === null) return 'other';
  let channel = CHANNELS.get(raw);
  if (channel === undefined) {
    if (CHANNELS.size > 10_000) CHANNELS.clear();
    channel = channelFrom(raw);
    CHANNELS.set(raw, channel);
  }
  return channel;
}

/** A currency code cell ("USD", " eur "); null for anything else (" --" on a total row). */
export function currencyCode(cell: unknown): Currency | null {
  if (typeof cell !== 'string') return null;
  const code = cell.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? (code as Currency) : null;
}

/**
 * Sets the row's first and last day. A grid row (no date column) spans the grid's range; a row
 * dated by a span's start spans to its end column, else over `--period` when given; any other
 * row is one day's. A span ending before it starts is kept as its first day only.
 */
export function spanOf(values: Record<string, unknown>, plan: ColumnPlan, ctx: RowContext): void {
  const dateColumn = plan.byField.get('date');
  if (!dateColumn) {
    if (ctx.gridSpan) {
      values.date = ctx.gridSpan.from;
      values.endDate = ctx.gridSpan.to;
    }
  } else if (dateColumn.spanStart) {
    if (values.endDate == null && ctx.period) {
      values.date = ctx.period.from;
      values.endDate = ctx.period.to;
    }
  } else values.endDate = null;
  const end = values.endDate as string | null | undefined;
  if (end == null || typeof values.date !== 'string' || end <= values.date) values.endDate = null;
}

/** A result type whose results are leads ("Leads", "Prospects", "Cadastros"). */
export const RESULT_IS_LEAD = /lead|prospect|cadastro/i;

/** Results a platform counted as leads: its "Leads" column, else "Results" when the result is a lead. */
export function platformLeadsOf(values: Record<string, unknown>): number | null {
  const leads = values.platformLeads as number | null | undefined;
  if (leads != null) return leads;
  const results = values.results as number | null | undefined;
  const type = values.resultType;
  return results != null && typeof type === 'string' && RESULT_IS_LEAD.test(type) ? results : null;
}

/** The amount of a totals row, read and converted like a record's; null when it has none. */
export function readAmount(cells: readonly unknown[], ctx: RowContext): number | null {
  const column = ctx.plan.byField.get('amount');
  if (!column) return null;
  const currencyColumn = ctx.plan.byField.get('currency');
  const rowCurrency = currencyColumn ? currencyCode(cells[currencyColumn.index]) : null;
  const value = readCell(column, cells[column.index], ctx, ctx.plan.preset.kind, rowCurrency);
  return typeof value === 'number' ? value : null;
}
