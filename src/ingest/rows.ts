import { choosePlan, type IngestOptions } from './options.ts';
import { emptyReport, type IngestReport } from './report.ts';
import { runIngest } from './run.ts';
import type { IngestSink } from './sink.ts';
import type { SourceRecord } from './writer.ts';

const SAMPLE_ROWS = 500;
const BATCH = 5000;

/** Options of `ingestRows`: `headerRow` is the sheet row of the header, so row numbers match the sheet. */
export type IngestRowsOptions = IngestOptions & { headerRow?: number };

/**
 * Ingests rows already split into cells (a Google Sheets range read with UNFORMATTED_VALUE:
 * cells are strings, numbers, or serial dates), with the same presets and mapping as files.
 * Rows are streamed when the date order is known or not needed; an iterable that is not an
 * array is collected first when its text dates must be scanned for the order (two passes).
 */
export async function ingestRows(
  name: string,
  header: readonly string[],
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  options: IngestRowsOptions,
  sink: IngestSink,
): Promise<IngestReport> {
  const started = performance.now();
  const report = emptyReport(name, options.currency);
  const headerRow = options.headerRow ?? 1;
  report.headerRow = headerRow;
  const chosen = choosePlan(
    header.map((h) => String(h ?? '')),
    options,
    name,
  );
  if (!chosen.ok) {
    report.error = chosen.error;
    report.elapsedMs = performance.now() - started;
    return report;
  }
  const { plan, how } = chosen.value;
  report.preset = { id: plan.preset.id, label: plan.preset.label, how };

  let list: readonly (readonly unknown[])[] | null = Array.isArray(rows) ? rows : null;
  const sample: SourceRecord[] = [];
  let sampleIsAll = list !== null && list.length <= SAMPLE_ROWS;
  if (list === null) {
    // Not re-iterable: collect it (the rows of a sheet are in memory already).
    const collected: (readonly unknown[])[] = [];
    for await (const row of rows) collected.push(row);
    list = collected;
    sampleIsAll = collected.length <= SAMPLE_ROWS;
  }
  const all = list;
  for (let i = 0; i < Math.min(all.length, SAMPLE_ROWS); i++) {
    sample.push({ line: headerRow + 1 + i, cells: all[i] ?? [] });
  }
  const source = {
    sample,
    sampleIsAll,
    delimiter: ',',
    async *records(): AsyncIterable<readonly SourceRecord[]> {
      for (let start = 0; start < all.length; start += BATCH) {
        const batch: SourceRecord[] = [];
        const end = Math.min(all.length, start + BATCH);
        for (let i = start; i < end; i++) batch.push({ line: headerRow + 1 + i, cells: all[i] ?? [] });
        yield batch;
      }
    },
  };
  await runIngest(plan, source, options, sink, report);
  report.elapsedMs = performance.now() - started;
  return report;
}
