import { TZDate } from '@date-fns/tz';
// One module per function: the 'date-fns' barrel loads every function (~900 modules) at start-up.
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import { isAppError } from '../../shared/errors.ts';
import type { IngestOptions } from '../options.ts';
import type { Preset } from '../preset.ts';
import { emptyReport, type IngestReport } from '../report.ts';
import { ingestRows } from '../rows.ts';
import type { IngestSink } from '../sink.ts';
import type { InsightRow, MetaApi } from './client.ts';

/** A Meta Ads source as ingest reads it (config `sources[]` of type `meta-ads` satisfies it). */
export interface MetaSourceSpec {
  name: string;
  accountId: string;
  since?: string | undefined;
  restateDays: number;
}

/** Days pulled through: the next refresh re-pulls the restatement window before it. */
export interface MetaCursor {
  syncedThrough: string;
}

const HEADER = ['recordId', 'date', 'campaign', 'amount', 'impressions', 'clicks', 'platformLeads'] as const;

/** Daily campaign insights from the Graph API, read by the same row mapper as the exports. */
export const metaApiInsights: Preset = {
  id: 'meta-api-insights',
  label: 'Meta Ads insights (API)',
  kind: 'cost',
  columns: [
    { field: 'recordId', headers: ['recordId'], type: 'text' },
    { field: 'date', headers: ['date'], type: 'date' },
    { field: 'campaign', headers: ['campaign'], type: 'text' },
    { field: 'amount', headers: ['amount'], type: 'money' },
    { field: 'impressions', headers: ['impressions'], type: 'integer' },
    { field: 'clicks', headers: ['clicks'], type: 'integer' },
    // Meta's own lead count (leadCount): blank when the campaign has no lead action.
    { field: 'platformLeads', headers: ['platformLeads'], type: 'number' },
  ],
  required: ['recordId', 'date', 'amount'],
  defaults: { channel: 'paid_social', source: 'facebook', kind: 'media' },
  dateOrder: 'ymd',
};

/**
 * Leads as Ads Manager's "Leads" column counts them: the `lead` action (all lead types
 * together) when Meta sends it, else on-Facebook lead forms plus website (pixel) leads.
 * Null when the campaign reports no lead action at all (not applicable, not zero).
 */
export function leadCount(actions: InsightRow['actions']): number | null {
  if (!actions) return null;
  const value = (type: string) => {
    const found = actions.find((a) => a.action_type === type);
    return found ? Number(found.value) : null;
  };
  const all = value('lead');
  if (all !== null) return all;
  const onsite = value('onsite_conversion.lead_grouped');
  const pixel = value('offsite_conversion.fb_pixel_lead');
  return onsite === null && pixel === null ? null : (onsite ?? 0) + (pixel ?? 0);
}

function row(r: InsightRow): string[] {
  const leads = leadCount(r.actions);
  return [
    // One row per campaign and day: a restated day replaces its row.
    `${r.campaign_id ?? r.campaign_name ?? '?'}:${r.date_start}`,
    r.date_start,
    r.campaign_name ?? '',
    r.spend ?? '0',
    r.impressions ?? '',
    r.clicks ?? '',
    leads === null ? '' : String(leads),
  ];
}

const day = (d: Date) => format(d, 'yyyy-MM-dd');
const CHUNK_DAYS = 31;
/** The earlier of two YYYY-MM-DD days (they sort as text). */
const earlier = (a: string, b: string): string => (a.localeCompare(b) <= 0 ? a : b);

export interface MetaPullResult {
  report: IngestReport;
  cursor: MetaCursor | null;
  /** The days pulled (inclusive). */
  range: { since: string; until: string } | null;
}

/**
 * Pulls an ad account's daily campaign insights: the first time from `since` (default 90 days
 * back), then from the last day pulled minus `restateDays` (Meta restates recent days), to
 * today in the account's time zone, a month per request chain. Spend is in the account's
 * currency, converted with the workspace rates or refused like a file in that currency.
 */
export async function ingestMetaSource(
  source: MetaSourceSpec,
  base: Omit<IngestOptions, 'preset' | 'dateOrder' | 'origin'>,
  sink: IngestSink,
  deps: { api: MetaApi; now: number; cursor: MetaCursor | null },
): Promise<MetaPullResult> {
  const name = `${source.name} (Meta Ads ${source.accountId})`;
  const rows: string[][] = [];
  let range: MetaPullResult['range'] = null;
  let currency: string;
  try {
    const account = await deps.api.account();
    currency = account.currency;
    const today = day(new TZDate(deps.now, account.timeZone));
    const first = deps.cursor
      ? day(addDays(parseISO(earlier(deps.cursor.syncedThrough, today)), 1 - source.restateDays))
      : (source.since ?? day(addDays(parseISO(today), -89)));
    range = { since: first, until: today };
    for (let from = parseISO(first); day(from) <= today; from = addDays(from, CHUNK_DAYS)) {
      const to = earlier(day(addDays(from, CHUNK_DAYS - 1)), today);
      let after: string | null = null;
      do {
        const page = await deps.api.insights(day(from), to, after);
        for (const r of page.rows) rows.push(row(r));
        after = page.after;
      } while (after !== null);
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    const report = emptyReport(name, base.currency);
    report.error = error;
    return { report, cursor: deps.cursor, range };
  }
  const options: IngestOptions = {
    ...base,
    origin: source.name,
    preset: metaApiInsights,
    sourceCurrency: currency,
  };
  const report = await ingestRows(name, HEADER, rows, options, sink);
  return { report, cursor: report.error ? deps.cursor : { syncedThrough: range.until }, range };
}
