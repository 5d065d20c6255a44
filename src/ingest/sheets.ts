import { AppError } from '../shared/errors.ts';
import { type ColumnMapping, genericPreset } from './map.ts';
import type { IngestOptions } from './options.ts';
import { emptyReport, type IngestReport } from './report.ts';
import { ingestRows } from './rows.ts';
import { createSheetsReader, type SheetsReader } from './sheets-client.ts';
import type { IngestSink } from './sink.ts';

export type { RangeValues, SheetRead, SheetsReader, SheetsReaderOptions } from './sheets-client.ts';
export { createSheetsReader } from './sheets-client.ts';

/** The workspace part of the ingest options; the time zone is the spreadsheet's own. */
export type SheetsIngestBase = Omit<IngestOptions, 'timeZone' | 'preset' | 'dateOrder' | 'origin'> & {
  /** Used when the spreadsheet reports no time zone. */
  timeZone: string;
};

/** One range of a sheets source: `Leads!A:Z` or a tab name, read with a preset or a mapping. */
export interface SheetRangeSpec {
  range: string;
  preset?: string | undefined;
  mapping?: ColumnMapping | undefined;
  dateOrder?: IngestOptions['dateOrder'];
}

/** A Google Sheets source as ingest reads it (config `sources[]` of type `sheets` satisfies it). */
export interface SheetsSourceSpec {
  name: string;
  spreadsheetId: string;
  leads?: SheetRangeSpec | undefined;
  spend?: SheetRangeSpec | undefined;
  credentials?: string | undefined;
}

type Part = SheetRangeSpec;

/**
 * Ingests a Google Sheets source: its leads and spend ranges read in one batch, each handed
 * to `ingestRows` like a file (first row = header; blank rows and extra columns are skipped by
 * the same rules). Serial dates are read in the spreadsheet's time zone. Returns one report
 * per range; a failure to read (403, 404, API down) is the `error` of every report.
 * Pass one long-lived `reader` (createSheetsReader with SHEETS_API_URL as rootUrl) so its
 * cache and time-zone lookups are shared; the default builds one for this call only.
 */
export async function ingestSheetsSource(
  source: SheetsSourceSpec,
  base: SheetsIngestBase,
  sink: IngestSink,
  reader: SheetsReader = createSheetsReader(source.credentials ? { keyFile: source.credentials } : {}),
): Promise<IngestReport[]> {
  const parts = (
    [
      ['leads', source.leads],
      ['spend', source.spend],
    ] as const
  ).filter((p): p is readonly ['leads' | 'spend', Part] => p[1] !== undefined);
  const label = (part: Part) => `${source.name} (${part.range})`;
  let read: Awaited<ReturnType<SheetsReader['read']>>;
  try {
    read = await reader.read(
      source.spreadsheetId,
      parts.map(([, part]) => part.range),
      source.name,
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return parts.map(([, part]) => ({ ...emptyReport(label(part), base.currency), error }));
  }
  const reports: IngestReport[] = [];
  for (const [i, [, part]] of parts.entries()) {
    const range = read.ranges[i];
    const [header = [], ...rows] = range?.values ?? [];
    const options: IngestOptions & { headerRow: number } = {
      ...base,
      origin: source.name,
      timeZone: read.timeZone || base.timeZone,
      headerRow: range?.firstRow ?? 1,
      ...(part.mapping
        ? { preset: genericPreset(part.mapping) }
        : part.preset
          ? { preset: part.preset }
          : {}),
      ...(part.dateOrder ? { dateOrder: part.dateOrder } : {}),
    };
    reports.push(await ingestRows(label(part), header.map(cellText), rows, options, sink));
  }
  return reports;
}

function cellText(cell: unknown): string {
  return cell == null ? '' : String(cell);
}
