import type { Currency } from '../model/money.ts';
import { AppError } from '../shared/errors.ts';
import { DateOrderScan, fixedDateOrder } from './date-order.ts';
import type { NumericOrder } from './dates.ts';
import { detectDecimal } from './dialect.ts';
import { grainKey, grainOf } from './level.ts';
import { resolveLevels } from './levels-check.ts';
import type { ColumnPlan } from './map.ts';
import { parseNumber } from './normalise.ts';
import type { IngestOptions } from './options.ts';
import type { DateOrderChoice, IngestReport } from './report.ts';
import type { RowContext } from './row.ts';
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
  /** The delimiter (for summary patterns tested against the raw line); ',' for sheets. */
  delimiter: string;
}

const NUMERIC_TYPES = new Set(['number', 'integer', 'money', 'percent']);

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
  if (preset.kind === 'cost') report.grain = grainOf(plan);
  const file = report.name;
  const rates = options.rates ?? {};
  const numericCols = plan.columns.filter((c) => NUMERIC_TYPES.has(c.type));
  const sampleNumbers = source.sample.flatMap((r) =>
    numericCols.map((c) => r.cells[c.index]).filter((v): v is string => typeof v === 'string'),
  );
  report.decimal = detectDecimal(sampleNumbers) ?? (source.delimiter === ';' ? ',' : null);

  const foreign = foreignCurrency(plan, sampleNumbers, report.decimal, options, rates);
  if (foreign !== null) {
    report.error = new AppError('currency_mismatch', 'ingest.error.currencyMismatch', {
      params: { file, found: foreign, currency: options.currency },
    });
    return;
  }

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
  };
  let covered: ReadonlyMap<string, unknown> = new Map();
  if (grain !== null) {
    const levels = await resolveLevels(grain, source, ctx, sink, options.keepLevel ?? {}, file);
    if (!levels.ok) {
      report.error = levels.error;
      return;
    }
    covered = levels.covered;
    report.warnings.push(...levels.warnings);
  }
  const writer = new RowWriter(report, ctx, sink, otherKeys, {
    sampleErrors: options.sampleErrors ?? 5,
    batchSize: options.batchSize ?? 20_000,
    delimiter: source.delimiter,
    covered,
  });
  for await (const batch of source.records('map')) await writer.add(batch);
  await writer.finish();
}

/** A currency named by the header or the sampled cells that differs from the workspace's and has no rate. */
function foreignCurrency(
  plan: ColumnPlan,
  sampleNumbers: readonly string[],
  decimal: ',' | '.' | null,
  options: IngestOptions,
  rates: Readonly<Record<string, number>>,
): Currency | null {
  const workspace: Currency = options.currency;
  const found = new Set<Currency>(options.sourceCurrency ? [options.sourceCurrency] : []);
  for (const column of plan.columns)
    if (column.type === 'money' && column.currency) found.add(column.currency);
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
  const dateCols = plan.columns.filter((c) => c.type === 'date' || c.type === 'datetime').map((c) => c.index);
  if (dateCols.length === 0) return { order: null, how: 'none' };
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
  if (!scan.decidedCleanly && !source.sampleIsAll) {
    // First pass over the whole input, date cells only: the sample did not settle the order.
    scan = new DateOrderScan();
    for await (const batch of source.records('scan')) scanAll(scan, batch);
  }
  const result = scan.result();
  if (result === 'ambiguous') return { ambiguous: scan.firstAmbiguous ?? { row: 0, value: '' } };
  return result;
}
