import { type MessageKey, type MessageParams, t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { AppError } from '../shared/errors.ts';
import { listFormat, numberFormat } from '../shared/intl.ts';
import type { ReportGrain } from './level.ts';
import type { DateOrder, RecordKind } from './preset.ts';

/** A localizable line: a catalogue key and its parameters. */
export interface ReportMessage {
  key: MessageKey;
  params: MessageParams;
}

/** One skipped row: 1-based row number as a spreadsheet shows it, the field, and why. */
export interface SkipExample extends ReportMessage {
  row: number;
  field: string | null;
}

/** A row merged as a duplicate: its row number and the earlier row it repeats. */
export interface MergeExample {
  row: number;
  firstRow: number;
}

/** Why the date order is what it is. */
export interface DateOrderChoice {
  order: DateOrder | null;
  how: 'option' | 'preset' | 'data' | 'language' | 'none';
  /** The headers' language when `how` is `language` (pt, fr, de, es, it: day first). */
  language?: string;
  /** The deciding cell, when `how` is `data`. */
  row?: number;
  value?: string;
}

/** The ingest report of one file or sheet. Invariant: accepted + merged + summary + skipped == rowsRead. */
export interface IngestReport {
  name: string;
  kind: RecordKind | null;
  preset: { id: string; label: string; how: 'named' | 'detected' } | null;
  encoding: string | null;
  delimiter: string | null;
  decimal: ',' | '.' | null;
  headerRow: number | null;
  dateOrder: DateOrderChoice;
  /** A spend file's report level and breakdowns (ingest/level.ts); null for leads. */
  grain: ReportGrain | null;
  /** Non-blank records after the header. Blank rows are counted apart. */
  rowsRead: number;
  accepted: number;
  merged: number;
  summary: number;
  skipped: number;
  blank: number;
  skippedExamples: SkipExample[];
  /** The first rows merged as duplicates (a repeat of an earlier row, or of its record id). */
  mergedExamples: MergeExample[];
  unattributed: { rows: number; amount: number; checked: boolean };
  /** Leads of channels that never carry spend (organic, e-mail, referral, direct), per channel: not unattributed. */
  unpaid: Record<string, number>;
  /** The days a campaign grid's rows span, and where they come from (the file's range line, or --period). */
  span?: { from: string; to: string; how: 'file' | 'period' };
  /** The canonical fields this file fills, each with the header it was read from. */
  fields?: { field: string; header: string }[];
  /** Key fields this file does not provide, and so the metrics it cannot feed on its own. */
  lacking?: string[];
  /** The headers this file's format reads revenue from (named when `lacking` holds amount). */
  revenueHeaders?: string[];
  /** The file's own total row against the sum of its rows, when it has one. */
  totalCheck?: { label: string; stated: number; rows: number };
  /** Stage dates filled from a stage / status column, per field. */
  inferred: Record<string, number>;
  warnings: ReportMessage[];
  /** A file-level failure: the file was not (or not fully) imported. */
  error: AppError | null;
  currency: string;
  elapsedMs: number;
}

/** A row whose key came before in the file (on row `firstRow`): counted merged, the first few named. */
export function countMerged(report: IngestReport, sampleErrors: number, row: number, firstRow: number): void {
  report.merged++;
  if (report.mergedExamples.length < sampleErrors) report.mergedExamples.push({ row, firstRow });
}

export function emptyReport(name: string, currency: string): IngestReport {
  return {
    name,
    kind: null,
    preset: null,
    encoding: null,
    delimiter: null,
    decimal: null,
    headerRow: null,
    dateOrder: { order: null, how: 'none' },
    grain: null,
    rowsRead: 0,
    accepted: 0,
    merged: 0,
    summary: 0,
    skipped: 0,
    blank: 0,
    skippedExamples: [],
    mergedExamples: [],
    unattributed: { rows: 0, amount: 0, checked: false },
    unpaid: {},
    inferred: {},
    warnings: [],
    error: null,
    currency,
    elapsedMs: 0,
  };
}

const DELIMITER_NAMES: Readonly<Record<string, string>> = { '\t': 'tab', ',': '","', ';': '";"', '|': '"|"' };

/** The report as plain text (the CLI); Slack renders the same report type as Block Kit. */
export function formatIngestReport(report: IngestReport, locale: Locale): string {
  const lines: string[] = [];
  const na = t(locale, 'common.na');
  if (report.preset) {
    const how = t(
      locale,
      report.preset.how === 'named' ? 'ingest.report.how.named' : 'ingest.report.how.detected',
    );
    lines.push(t(locale, 'ingest.report.title', { name: report.name, preset: report.preset.label, how }));
  } else if (report.error) {
    lines.push(t(locale, 'ingest.report.failed', { name: report.name }));
  }
  if (report.error) lines.push(t(locale, report.error.messageKey, report.error.params));
  if (report.encoding && report.delimiter) {
    lines.push(
      t(locale, 'ingest.report.dialect', {
        encoding: report.encoding,
        delimiter: DELIMITER_NAMES[report.delimiter] ?? report.delimiter,
        decimal: report.decimal ? `"${report.decimal}"` : na,
        row: report.headerRow ?? na,
      }),
    );
  }
  if (report.preset && !report.error) lines.push(dateOrderLine(report.dateOrder, locale));
  if (report.span && !report.error) lines.push(spanText(report.span, locale));
  if (report.grain) lines.push(grainLine(report.grain, locale));
  if ((report.preset && !report.error) || report.rowsRead > 0) {
    lines.push(
      t(locale, 'ingest.report.counts', {
        read: report.rowsRead,
        accepted: report.accepted,
        merged: report.merged,
        summary: report.summary,
        skipped: report.skipped,
      }),
    );
  }
  for (const example of report.skippedExamples) {
    lines.push(
      t(locale, 'ingest.report.skipExample', {
        row: example.row,
        field: example.field ?? na,
        reason: t(locale, example.key, example.params),
      }),
    );
  }
  const more = report.skipped - report.skippedExamples.length;
  if (more > 0) lines.push(t(locale, 'ingest.report.moreSkipped', { count: more }));
  if (report.mergedExamples.length > 0) {
    const list = report.mergedExamples
      .map(({ row, firstRow }) => t(locale, 'ingest.report.mergedPair', { row, firstRow }))
      .join(', ');
    lines.push(t(locale, 'ingest.report.mergedExamples', { list }));
  }
  if (report.unattributed.rows > 0) {
    if (report.kind === 'cost') {
      const amount = numberFormat(locale, { style: 'currency', currency: report.currency }).format(
        report.unattributed.amount,
      );
      lines.push(t(locale, 'ingest.report.unattributedSpend', { amount, count: report.unattributed.rows }));
    } else {
      lines.push(t(locale, 'ingest.report.unattributedLeads', { count: report.unattributed.rows }));
    }
  }
  if (report.totalCheck) {
    lines.push(
      t(locale, 'ingest.report.warning', {
        text: totalCheckText(report.totalCheck, report.currency, locale),
      }),
    );
  }
  const unpaid = Object.entries(report.unpaid);
  if (unpaid.length > 0) {
    const list = unpaid.map(([channel, n]) => `${channel} ${n}`).join(', ');
    lines.push(t(locale, 'ingest.report.unpaid', { list }));
  }
  const inferred = Object.entries(report.inferred);
  if (inferred.length > 0) {
    const list = inferred.map(([field, n]) => `${field} ${n}`).join(', ');
    lines.push(t(locale, 'ingest.report.inferred', { list }));
  }
  if (report.fields && report.fields.length > 0 && !report.error) {
    const list = report.fields.map(({ field, header }) => `${field} ← "${header}"`).join(', ');
    lines.push(t(locale, 'ingest.report.fields', { list }));
  }
  for (const field of report.lacking ?? []) {
    lines.push(t(locale, 'ingest.report.lacking', { text: lackingText(field, report, locale) }));
  }
  for (const warning of report.warnings) {
    lines.push(t(locale, 'ingest.report.warning', { text: t(locale, warning.key, warning.params) }));
  }
  lines.push(t(locale, 'ingest.report.elapsed', { ms: Math.round(report.elapsedMs) }));
  return lines.join('\n');
}

/**
 * The days a campaign grid's rows span and where that comes from. One text for the CLI report
 * and the Slack import reply, so both say the same.
 */
export function spanText(span: NonNullable<IngestReport['span']>, locale: Locale): string {
  const key = span.how === 'file' ? 'ingest.report.span.file' : 'ingest.report.span.period';
  return t(locale, key, { from: span.from, to: span.to });
}

/**
 * The file's own total row against the sum of its rows, both figures in the workspace currency
 * (the CLI report and the Slack import reply). `escapeLabel` guards the label, which the file wrote.
 */
export function totalCheckText(
  check: NonNullable<IngestReport['totalCheck']>,
  currency: string,
  locale: Locale,
  escapeLabel: (text: string) => string = (text) => text,
): string {
  const money = (n: number) => numberFormat(locale, { style: 'currency', currency }).format(n);
  return t(locale, 'ingest.report.totalMismatch', {
    label: escapeLabel(check.label),
    rows: money(check.rows),
    stated: money(check.stated),
  });
}

function grainLine(grain: ReportGrain, locale: Locale): string {
  const level = t(locale, `ingest.level.${grain.level}` as const);
  if (grain.breakdowns.length === 0) return t(locale, 'ingest.report.level', { level });
  const list = grain.breakdowns.map((b) => t(locale, `kpi.dimension.${b}` as MessageKey)).join(', ');
  return t(locale, 'ingest.report.levelBreakdowns', { level, list });
}

function dateOrderLine(choice: DateOrderChoice, locale: Locale): string {
  if (choice.order === null || choice.how === 'none') return t(locale, 'ingest.report.dateOrder.none');
  if (choice.how === 'data') {
    return t(locale, 'ingest.report.dateOrder.data', {
      order: choice.order,
      value: choice.value ?? '',
      row: choice.row ?? '',
    });
  }
  if (choice.how === 'language') {
    return t(locale, 'ingest.report.dateOrder.language', {
      order: choice.order,
      language: choice.language ?? '',
    });
  }
  const key = choice.how === 'option' ? 'ingest.report.dateOrder.option' : 'ingest.report.dateOrder.preset';
  return t(locale, key, { order: choice.order });
}

/** The report as plain JSON (the error as its code, message key and params), e.g. to store it. */
export function reportToJson(report: IngestReport): Record<string, unknown> {
  const { error, ...rest } = report;
  return {
    ...rest,
    error: error ? { code: error.code, messageKey: error.messageKey, params: error.params } : null,
  };
}

/** What a file without this field means for the answers. */
/**
 * What a lacking key field costs, in words. Revenue names the columns the file's own format reads
 * it from (HubSpot's "Total Revenue", Salesforce's "Amount", Pipedrive's "Value"…), not one CRM's.
 */
function lackingText(field: string, report: IngestReport, locale: Locale): string {
  const headers = field === 'amount' ? (report.revenueHeaders ?? []) : [];
  if (headers.length === 0) return t(locale, lackingKey(field));
  const quoted = headers.map((h) => (locale === 'fr' ? `« ${h} »` : `"${h}"`));
  const columns = listFormat(locale, { type: 'disjunction' }).format(quoted);
  return t(locale, 'ingest.lack.revenueFrom', { columns });
}

function lackingKey(field: string): MessageKey {
  switch (field) {
    case 'amount':
      return 'ingest.lack.revenue';
    case 'channel':
      return 'ingest.lack.channel';
    case 'campaign':
      return 'ingest.lack.campaign';
    case 'reach':
      return 'ingest.lack.reach';
    default:
      return 'ingest.lack.stages';
  }
}
