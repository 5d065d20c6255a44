import type { Currency } from '../model/money.ts';
import { AppError } from '../shared/errors.ts';
import type { ByteRecords } from './byte-records.ts';
import { DateOrderScan, fixedDateOrder, headerLanguageOrder } from './date-order.ts';
import { dateOrderEvidence, type NumericOrder } from './dates.ts';
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
import { type RecordWatch, RowWriter, type SourceRecord } from './writer.ts';

/** The data records of one file or sheet (after its header), readable once per pass. */
export interface RecordSource {
  /** Streams the data records from the start, once per pass: `scan` (date cells only) or `map`. */
  records(pass: 'scan' | 'map'): AsyncIterable<readonly SourceRecord[]>;
  /**
   * The `map` pass's records as byte batches (csv-scan.ts byte mode), for a writer that takes
   * them (RowWriter.takesBytes); absent when the input is not read as bytes.
   */
  byteRecords?(keyCell: number | null): AsyncIterable<ByteRecords>;
  /**
   * A source whose byteRecords pass checks the record ids on the thread that scans the file
   * (key-check.ts): false once a record id read so far is not plain (read from its bytes as it
   * stands) or repeats one, true once the whole file held none such, null when not known.
   */
  keysClean?(): boolean | null;
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

  const refuseAmbiguous = (ambiguous: { row: number; value: string }) => {
    report.error = new AppError('date_order_ambiguous', 'ingest.error.dateOrderAmbiguous', {
      params: { file, value: ambiguous.value, row: ambiguous.row },
    });
  };
  // A lead file whose sample shows no numeric date is mapped at once (no pass over the whole
  // file first), until a row holds a date whose reading or evidence the order may change.
  const lazy = lazyDateOrder(plan, source, options, sink);
  const order = lazy ? ({ order: null, how: 'none' } as const) : await settleDateOrder(plan, source, options);
  if ('ambiguous' in order) {
    refuseAmbiguous(order.ambiguous);
    return;
  }
  // What the report was before any row: a lazy file refused at its first dated row goes back to it.
  const before = lazy ? structuredClone(report) : null;
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
    lane: options.byteLane ?? true,
  };
  const writer = new RowWriter(report, ctx, sink, otherKeys, writerOptions, lazy?.watch ?? null);
  // The map pass's records for a writer: byte batches when it takes them (the record ids
  // checked on the scan thread at `keyCell`), else records.
  const recordsFor = (
    w: RowWriter,
    keyCell: number | null,
  ): AsyncIterable<readonly SourceRecord[] | ByteRecords> =>
    w.takesBytes && source.byteRecords ? source.byteRecords(keyCell) : source.records('map');
  const mapPass = () => recordsFor(writer, writer.keyCell);
  // The file written again, its keys claimed as they come (mapDeferringKeys found one repeated).
  const again = async () => {
    const writer = new RowWriter(report, ctx, sink, otherKeys, writerOptions, null);
    for await (const batch of recordsFor(writer, null)) await writer.add(batch);
    await writer.finish();
  };
  if (lazy) {
    let settled = false;
    for await (const batch of mapPass()) {
      const at = await writer.add(batch);
      if (at === batch.length) continue;
      // A row that needs the order: settled now as it would have been before the first row. The
      // rows written so far hold no date the order reads, so any order writes them the same.
      const chosen = await settleDateOrder(plan, source, options);
      if ('ambiguous' in chosen) {
        // As when settled first: nothing of the file kept (the sink drops what it took).
        lazy.drop?.();
        restoreReport(report, before ?? report);
        refuseAmbiguous(chosen.ambiguous);
        return;
      }
      if (settled) throw new Error('date order settled twice');
      settled = true;
      report.dateOrder = chosen;
      writer.resume({
        ...ctx,
        order: chosen.order === 'dmy' || chosen.order === 'mdy' ? chosen.order : null,
      });
      await writer.add(batch, at);
    }
  } else {
    // A sink may map the file's records itself, in parts on several threads (the same writer
    // per part, the report merged as this writer would fill it); else they are written here.
    const inParts =
      source.file !== undefined &&
      covered === null &&
      (await sink.mapInParts?.(source.file, { ctx, otherKeys, writer: writerOptions }, report));
    // A first lead file here may have its keys claimed after its rows (mapDeferringKeys).
    if (!inParts && (await mapDeferringKeys(source, sink, report, writer, mapPass, again))) {
      describeFields(plan, report);
      return;
    }
    if (!inParts) for await (const batch of mapPass()) await writer.add(batch);
  }
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

/**
 * Maps a lead file into a sink that defers its keys (IngestSink.deferKeys: a first lead file),
 * then settles them: false when it does not (the caller maps the file as usual). Only when the
 * thread that scans the file checks its record ids (source.keysClean, a lead lane's key cell):
 * without that check every repeat would be found at the file's end, and the file written twice.
 * The deferral ends before the first batch the scan thread finds a record id in that is not
 * plain or repeats one (source.keysClean), the keys so far claimed together then and the rest
 * as they come; at the file's end otherwise. If a key repeats an earlier row's among those
 * claimed together, what the file wrote is dropped and it is written again (`again`), its keys
 * claimed as they come: the same rows and report as without the deferral.
 */
async function mapDeferringKeys(
  source: RecordSource,
  sink: IngestSink,
  report: IngestReport,
  writer: RowWriter,
  mapPass: () => AsyncIterable<readonly SourceRecord[] | ByteRecords>,
  again: () => Promise<void>,
): Promise<boolean> {
  if (report.kind !== 'lead' || !sink.deferKeys || !sink.settleKeys) return false;
  if (!source.keysClean || writer.keyCell === null) return false;
  const before = structuredClone(report);
  const drop = sink.deferKeys(source.file);
  if (drop === null) return false;
  let repeated = false;
  let deferring = true;
  for await (const batch of mapPass()) {
    if (deferring && source.keysClean?.() === false) {
      deferring = false;
      if (!sink.settleKeys(false)) {
        repeated = true;
        break;
      }
    }
    await writer.add(batch);
  }
  if (!repeated) {
    await writer.finish();
    if (!deferring || sink.settleKeys(source.keysClean?.() ?? null)) return true;
  }
  drop();
  restoreReport(report, before);
  await again();
  return true;
}

/** Put back the report as it was (the same object: the caller holds it). */
function restoreReport(report: IngestReport, before: IngestReport): void {
  for (const key of Object.keys(report)) delete (report as unknown as Record<string, unknown>)[key];
  Object.assign(report, before);
}

/** The mapped date columns, and every column whose sampled cells hold a numeric date. */
function dateColumns(plan: ColumnPlan, source: RecordSource): { planned: number[]; dateCols: number[] } {
  const planned = plan.columns.filter((c) => c.type === 'date' || c.type === 'datetime').map((c) => c.index);
  // Every date-like column of the file decides, not only the mapped ones ("Campaign Start Date"
  // beside "Start Date (in UTC)", a "Last Modified" column): a cell such as 25/03/2026 settles all.
  const dateCols = [...planned];
  for (let index = 0; index < plan.header.length; index++) {
    if (dateCols.includes(index)) continue;
    if (source.sample.some((r) => NUMERIC_DATE.test(String(r.cells[index] ?? '').trim())))
      dateCols.push(index);
  }
  return { planned, dateCols };
}

function scanRecords(
  scan: DateOrderScan,
  records: readonly SourceRecord[],
  dateCols: readonly number[],
): void {
  for (const record of records) {
    for (const index of dateCols) {
      const cell = record.cells[index];
      if (typeof cell === 'string') scan.feed(record.line, cell);
    }
  }
}

/** A lead file mapped before its date order is settled: where to stop, and how to drop its rows. */
interface LazyOrder {
  /** Holds a record with a date cell that gives evidence of the order (dates.ts dateOrderEvidence). */
  watch: RecordWatch;
  /** Drops what the file wrote to the sink (IngestSink.markFile); absent when no refusal can come. */
  drop?: () => void;
}

/**
 * Whether the file can be mapped before its date order is settled, and how. Only when the
 * order would otherwise be settled by a pass over the whole file that the sample cannot spare:
 * a lead file on this thread (cost files read report levels with the order first; a file
 * mapped in parts settles first), no order fixed, mapped date columns and no other column with
 * a numeric date in the sample, a sample that is not the whole file and holds no evidence at
 * all (settleDateOrder would answer none from it). Then every row up to the first whose date
 * cells give evidence is written as under any order (parseDateTime reads the order only for a
 * cell matching NUMERIC, and one without evidence, 05/05/2026 or 31/31/2026, reads the same
 * under every order); if no row gives any, the pass over the file would have found none either:
 * the order stays none, as settleDateOrder answers then whatever mayHoldNumericDates says.
 * At that row the order is settled as before; it may come out ambiguous (every numeric date
 * reads both ways) and the file be refused: only when the sink can drop what the file wrote,
 * or when the headers' language decides (then no refusal can come).
 */
function lazyDateOrder(
  plan: ColumnPlan,
  source: RecordSource,
  options: IngestOptions,
  sink: IngestSink,
): LazyOrder | null {
  if (options.settleDateOrderFirst || plan.preset.kind !== 'lead' || source.sampleIsAll) return null;
  if (fixedDateOrder(options.dateOrder, plan.preset.dateOrder)) return null;
  const { planned, dateCols } = dateColumns(plan, source);
  if (planned.length === 0 || dateCols.length !== planned.length) return null;
  const scan = new DateOrderScan();
  scanRecords(scan, source.sample, planned);
  const sampled = scan.result();
  if (sampled === 'ambiguous' || sampled.order !== null || scan.firstAmbiguous !== null) return null;
  const drop = sink.markFile?.(source.file) ?? null;
  if (drop === null && (sink.mapInParts !== undefined || headerLanguageOrder(plan.header) === null))
    return null;
  const columns = Int32Array.from(planned);
  const watch: RecordWatch = (cells) => {
    for (let i = 0; i < columns.length; i++) {
      const cell = cells[columns[i]!];
      if (typeof cell === 'string' && mayBeNumericDate(cell) && dateOrderEvidence(cell) !== 'none')
        return true;
    }
    return false;
  };
  return drop === null ? { watch } : { watch, drop };
}

/**
 * False only for a cell dates.ts's NUMERIC cannot match once trimmed: one starting with a digit
 * with no / . - after its first or second character, or with a character trim keeps that is
 * not a digit (ISO dates, blanks, names). Trim removes only characters up to U+0020 and from
 * U+0080 (white space, line ends, BOM).
 */
function mayBeNumericDate(cell: string): boolean {
  const c = cell.charCodeAt(0);
  if (c >= 48 && c <= 57) return isDateSeparator(cell.charCodeAt(1)) || isDateSeparator(cell.charCodeAt(2));
  return c <= 32 || c >= 128;
}

/** / . - */
function isDateSeparator(c: number): boolean {
  return c === 47 || c === 46 || c === 45;
}

async function settleDateOrder(
  plan: ColumnPlan,
  source: RecordSource,
  options: IngestOptions,
): Promise<DateOrderChoice | { ambiguous: { row: number; value: string } }> {
  const fixed = fixedDateOrder(options.dateOrder, plan.preset.dateOrder);
  if (fixed) return fixed;
  const { planned, dateCols } = dateColumns(plan, source);
  if (planned.length === 0) return { order: null, how: 'none' };
  const scanAll = (scan: DateOrderScan, records: readonly SourceRecord[]) =>
    scanRecords(scan, records, dateCols);
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
