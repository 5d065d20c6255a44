import type { Currency } from '../model/money.ts';
import { AppError } from '../shared/errors.ts';
import { DateOrderScan, fixedDateOrder, headerLanguageOrder } from './date-order.ts';
import type { NumericOrder } from './dates.ts';
import { detectDecimal } from './dialect.ts';
import { grainKey, grainOf } from './level.ts';
import { type Coverage, resolveLevels } from './levels-check.ts';
import type { ColumnPlan } from './map.ts';
import { parseNumber } from './normalise.ts';
import type { IngestOptions } from './options.ts';
import type { FileRegion } from './parts.ts';
import { statedRange } from './range-line.ts';
import type { DateOrderChoice, IngestReport } from './report.ts';
import type { DaySpan, RowContext } from './row.ts';
import type { IngestSink } from './sink.ts';
import { RowWriter, type SourceRecord } from './writer.ts';

/** The data records of one file or sheet (after its header), readable once per pass. */
export interface RecordSource {
  /** Streams the data records from the start, once per pass: `scan` (date cells only) or `map`. */
  records(pass: 'scan' | 'map'): AsyncIterable<readonly SourceRecord[]>;
  /** The first data records, for sniffing decimal separator, currency and date order. */
  sample: readonly SourceRecord[];
  /** Whether the sample holds every record (then no second pass is needed). */
  sampleIsAll: boolean;
  /** About how many data records there are (from the file's size), when known: sizes the id tables. */
  expectedRecords?: number;
  /** The delimiter (for summary patterns tested against the raw line); ',' for sheets. */
  delimiter: string;
  /** The lines above the header (a report title, a date range), each as its cells joined. */
  preamble?: readonly string[];
  /**
   * Whether any cell of the input may be a numeric date (14/03/2026, 03.14.26): false only
   * when no text of the input could be one, so the first pass over the date cells would find
   * nothing to decide the order (an export dated 2026-03-14 throughout). Absent: assume it may.
   */
  mayHoldNumericDates?(): Promise<boolean>;
  /** The file the records come from, when they are a file's on disk (IngestSink.mapInParts). */
  file?: FileRegion;
}

const NUMERIC_TYPES = new Set(['number', 'integer', 'money', 'percent']);
/** A day written with numbers only, day and month in some order (14/03/2026, 3.14.26, 2026-03-14 12:00). */
const NUMERIC_DATE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/**
 * Ingests the records of a file or sheet whose preset is chosen: checks the currency,
 * settles the decimal separator and the date order (a first pass over the date cells
 * when the sample does not decide), then maps and writes every row (second pass).
 */
export async function runIngest(
  plan: ColumnPlan,
  source: RecordSource,
  options: IngestOptions,
  sink: IngestSink,
  report: IngestReport,
): Promise<void> {
  const { preset } = plan;
  report.kind = preset.kind;
  if (source.file) sink.prepareParts?.(source.file, preset.kind);
  if (preset.kind === 'cost') report.grain = grainOf(plan);
  const file = report.name;
  const rates = options.rates ?? {};
  const numericCols = plan.columns.filter((c) => NUMERIC_TYPES.has(c.type));
  const sampleNumbers = source.sample.flatMap((r) =>
    numericCols.map((c) => r.cells[c.index]).filter((v): v is string => typeof v === 'string'),
  );
  report.decimal = detectDecimal(sampleNumbers) ?? (source.delimiter === ';' ? ',' : null);

  const foreign = foreignCurrency(plan, source.sample, sampleNumbers, report.decimal, options, rates);
  if (foreign !== null) {
    report.error = new AppError('currency_mismatch', 'ingest.error.currencyMismatch', {
      params: { file, found: foreign, currency: options.currency },
    });
    return;
  }

  const spans = settleSpans(plan, source, options, report);
  if (spans === null) return;

  const order = await settleDateOrder(plan, source, options);
  if ('ambiguous' in order) {
    report.error = new AppError('date_order_ambiguous', 'ingest.error.dateOrderAmbiguous', {
      params: { file, value: order.ambiguous.value, row: order.ambiguous.row },
    });
    return;
  }
  report.dateOrder = order;

  const otherKeys = await sink.knownCampaignKeys(preset.kind === 'lead' ? 'cost' : 'lead');
  const numericOrder: NumericOrder | null =
    order.order === 'dmy' || order.order === 'mdy' ? order.order : null;
  const grain = report.grain ? grainKey(report.grain) : null;
  const ctx: RowContext = {
    plan,
    origin: options.origin ?? preset.id,
    order: numericOrder,
    decimal: report.decimal,
    timeZone: options.timeZone,
    currency: options.currency,
    sourceCurrency: options.sourceCurrency ?? null,
    rates,
    grain,
    ...spans,
  };
  let covered: Coverage | null = null;
  if (grain !== null) {
    const levels = await resolveLevels(grain, source, ctx, sink, options.keepLevel ?? {}, file);
    if (!levels.ok) {
      report.error = levels.error;
      return;
    }
    covered = levels.covered;
    report.warnings.push(...levels.warnings);
  }
  const expected = source.expectedRecords ?? 0;
  if (expected > 0) sink.reserve?.(preset.kind, expected);
  const writerOptions = {
    sampleErrors: options.sampleErrors ?? 5,
    batchSize: options.batchSize ?? 20_000,
    delimiter: source.delimiter,
    covered,
    expectedRows: expected,
  };
  const writer = new RowWriter(report, ctx, sink, otherKeys, writerOptions);
  // A sink may map the file's records itself, in parts on several threads (the same writer
  // per part, the report merged as this writer would fill it); else they are written here.
  const inParts =
    source.file !== undefined &&
    covered === null &&
    (await sink.mapInParts?.(source.file, { ctx, otherKeys, writer: writerOptions }, report));
  if (!inParts) for await (const batch of source.records('map')) await writer.add(batch);
  await writer.finish();
  describeFields(plan, report);
}

const SHOWN_FIELDS = new Set([
  'createdAt',
  'channel',
  'source',
  'campaign',
  'email',
  'phone',
  'mqlAt',
  'sqlAt',
  'opportunityAt',
  'customerAt',
  'amount',
  'date',
  'endDate',
  'currency',
  'impressions',
  'clicks',
  'platformLeads',
  'conversions',
]);

/** Which key fields the file filled (and from which header), and which it lacks. */
function describeFields(plan: ColumnPlan, report: IngestReport): void {
  report.fields = plan.columns
    .filter((c) => SHOWN_FIELDS.has(c.field) && c.join === undefined && c.fallback === undefined)
    .map((c) => ({ field: c.field, header: c.header }));
  const has = (field: string) => plan.byField.has(field);
  const lacking: string[] = [];
  if (plan.preset.kind === 'lead') {
    if (!has('channel')) lacking.push('channel');
    if (!has('campaign')) lacking.push('campaign');
    const staged = ['mqlAt', 'sqlAt', 'customerAt'].some((f) => has(f) || (report.inferred[f] ?? 0) > 0);
    if (!staged) lacking.push('stages');
    if (!has('amount')) {
      lacking.push('amount');
      report.revenueHeaders = plan.preset.columns
        .filter((c) => c.field === 'amount')
        .flatMap((c) => c.headers);
    }
  } else {
    if (!has('campaign')) lacking.push('campaign');
    if (!has('impressions') && !has('clicks')) lacking.push('reach');
  }
  report.lacking = lacking;
}

/**
 * The days the rows of a campaign grid cover (no date column): the range the file states, else
 * `--period` / `sources[].period`; a grid with neither is refused (null, report.error set).
 */
function settleSpans(
  plan: ColumnPlan,
  source: RecordSource,
  options: IngestOptions,
  report: IngestReport,
): { gridSpan: DaySpan | null; period: DaySpan | null } | null {
  const period = options.period ?? null;
  if (plan.preset.kind !== 'cost' || plan.byField.has('date')) {
    const start = plan.byField.get('date');
    if (start?.spanStart && period && !plan.byField.has('endDate')) {
      report.span = { from: period.from, to: period.to, how: 'period' };
    }
    return { gridSpan: null, period };
  }
  const stated = statedRange(source.preamble ?? []);
  if (stated !== null && stated !== 'all') {
    report.span = { from: stated.from, to: stated.to, how: 'file' };
    return { gridSpan: stated, period };
  }
  if (period) {
    report.span = { from: period.from, to: period.to, how: 'period' };
    return { gridSpan: period, period };
  }
  report.error = new AppError('format_unknown', 'ingest.error.gridNoRange', {
    params: { file: report.name, stated: stated === 'all' ? '"All time"' : '-' },
  });
  return null;
}

/** A currency named by the header or the sampled cells that differs from the workspace's and has no rate. */
function foreignCurrency(
  plan: ColumnPlan,
  sample: readonly SourceRecord[],
  sampleNumbers: readonly string[],
  decimal: ',' | '.' | null,
  options: IngestOptions,
  rates: Readonly<Record<string, number>>,
): Currency | null {
  const workspace: Currency = options.currency;
  const found = new Set<Currency>(options.sourceCurrency ? [options.sourceCurrency] : []);
  for (const column of plan.columns)
    if (column.type === 'money' && column.currency) found.add(column.currency);
  // The row's currency column ("Currency code", "Moeda"): every code the sample holds.
  const currencyColumn = plan.byField.get('currency');
  if (currencyColumn) {
    for (const record of sample) {
      const cell = record.cells[currencyColumn.index];
      const code = typeof cell === 'string' ? cell.trim().toUpperCase() : '';
      if (/^[A-Z]{3}$/.test(code)) found.add(code as Currency);
    }
  }
  for (const raw of sampleNumbers) {
    const parsed = parseNumber(raw, decimal);
    if (parsed.ok && parsed.currency) found.add(parsed.currency);
  }
  for (const currency of found) if (currency !== workspace && rates[currency] === undefined) return currency;
  return null;
}

async function settleDateOrder(
  plan: ColumnPlan,
  source: RecordSource,
  options: IngestOptions,
): Promise<DateOrderChoice | { ambiguous: { row: number; value: string } }> {
  const fixed = fixedDateOrder(options.dateOrder, plan.preset.dateOrder);
  if (fixed) return fixed;
  const planned = plan.columns.filter((c) => c.type === 'date' || c.type === 'datetime').map((c) => c.index);
  if (planned.length === 0) return { order: null, how: 'none' };
  // Every date-like column of the file decides, not only the mapped ones ("Campaign Start Date"
  // beside "Start Date (in UTC)", a "Last Modified" column): a cell such as 25/03/2026 settles all.
  const dateCols = [...planned];
  for (let index = 0; index < plan.header.length; index++) {
    if (dateCols.includes(index)) continue;
    if (source.sample.some((r) => NUMERIC_DATE.test(String(r.cells[index] ?? '').trim())))
      dateCols.push(index);
  }
  const scanAll = (scan: DateOrderScan, records: readonly SourceRecord[]) => {
    for (const record of records) {
      for (const index of dateCols) {
        const cell = record.cells[index];
        if (typeof cell === 'string') scan.feed(record.line, cell);
      }
    }
  };
  let scan = new DateOrderScan();
  scanAll(scan, source.sample);
  if (!scan.decidedCleanly && !source.sampleIsAll && (await (source.mayHoldNumericDates?.() ?? true))) {
    // First pass over the whole input, date cells only: the sample did not settle the order.
    scan = new DateOrderScan();
    for await (const batch of source.records('scan')) scanAll(scan, batch);
  }
  const result = scan.result();
  if (result === 'ambiguous') {
    // No date decides: the headers' language may (pt-BR, fr, de, es, it write day first).
    return headerLanguageOrder(plan.header) ?? { ambiguous: scan.firstAmbiguous ?? { row: 0, value: '' } };
  }
  return result;
}
