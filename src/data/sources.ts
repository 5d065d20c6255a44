import { glob, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { periodSpan } from '../command/period-span.ts';
import type { Config, FileSourceConfig } from '../config/file.ts';
import { ingestFile } from '../ingest/file.ts';
import { genericPreset } from '../ingest/map.ts';
import type { IngestOptions } from '../ingest/options.ts';
import { type IngestReport, reportToJson } from '../ingest/report.ts';
import type { SheetsReader } from '../ingest/sheets.ts';
import type { Clock } from '../shared/clock.ts';
import type { Db } from '../store/db.ts';
import type { StoredImport } from '../store/imports.ts';
import { createStoreSink } from './store-sink.ts';

/** One file to ingest and how. */
export interface IngestJob {
  path: string;
  options: IngestOptions;
  /** What the import is called in the store's history (default: the path), e.g. a Slack upload's file name. */
  name?: string;
  /** Keep the touched rows' previous values so the import can be undone (Slack imports). */
  keepVersions?: boolean;
}

/** The ingest report and the import it recorded (null when nothing was accepted). */
export type StoredIngestReport = IngestReport & { stored: StoredImport | null };

export type Progress = (bytesRead: number, totalBytes: number) => void;

const DATA_FILE = /\.(csv|tsv|txt)$/i;

/** The workspace options every source gets (time zone, currency, rates). */
export function workspaceOptions(config: Config): IngestOptions {
  const { timeZone, currency, rates, keepLevel } = config.workspace;
  return { timeZone, currency, ...(rates ? { rates } : {}), ...(keepLevel ? { keepLevel } : {}) };
}

/** The files of the config's file sources (a file, a folder of exports, or a glob), each with its source's options. */
export async function jobsFromConfig(config: Config, base: IngestOptions): Promise<IngestJob[]> {
  const jobs: IngestJob[] = [];
  for (const source of config.sources) {
    if (source.type !== 'file') continue;
    const options = sourceOptions(source, base);
    for (const path of await expand(source.path)) jobs.push({ path, options });
  }
  return jobs;
}

function sourceOptions(source: FileSourceConfig, base: IngestOptions): IngestOptions {
  const preset = source.mapping ? genericPreset(source.mapping) : source.preset;
  return {
    ...base,
    origin: source.name,
    ...(preset ? { preset } : {}),
    ...(source.dateOrder ? { dateOrder: source.dateOrder } : {}),
    ...(source.currency ? { sourceCurrency: source.currency } : {}),
    ...spanOption(source.period, base.timeZone),
  };
}

/** `sources[].period` as the days it covers (checked when the config loaded). */
export function spanOption(period: string | undefined, timeZone: string): Pick<IngestOptions, 'period'> {
  const span = period ? periodSpan(period, 'en', new Date(), timeZone) : null;
  return span ? { period: span } : {};
}

async function expand(path: string): Promise<string[]> {
  if (/[*?[{]/.test(path)) {
    const found: string[] = [];
    for await (const file of glob(path)) found.push(file);
    return found.sort();
  }
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) {
    const names = await readdir(path);
    return names
      .filter((n) => DATA_FILE.test(n))
      .sort()
      .map((n) => join(path, n));
  }
  // A missing file is reported by ingestFile, naming it.
  return [path];
}

/**
 * Ingests one file into the store and, when anything was read, records the import (which
 * bumps the data version) in the same step. The report says what was kept and skipped.
 */
export async function ingestIntoStore(
  db: Db,
  job: IngestJob,
  clock: Clock,
  progress?: Progress,
): Promise<StoredIngestReport> {
  const sink = createStoreSink(db, { keepVersions: job.keepVersions === true });
  const startedAt = clock.now().getTime();
  const report = await ingestFile(job.path, job.options, sink, progress);
  let stored: StoredImport | null = null;
  if (report.accepted + report.merged > 0) {
    stored = await sink.finish({
      // Without a preset the file failed (report.error) and nothing was accepted, so the last
      // fallback is only for form's sake.
      origin: job.options.origin ?? report.preset?.id ?? job.name ?? job.path,
      name: job.name ?? job.path,
      startedAt,
      finishedAt: clock.now().getTime(),
      rowsRead: report.rowsRead,
      rowsSkipped: report.skipped,
      report: reportToJson(report),
    });
  }
  return Object.assign(report, { stored });
}

export interface ConfiguredSourcesDeps {
  clock: Clock;
  /** One long-lived reader, so its cache and time-zone lookups are shared (SHEETS_API_URL goes here). */
  sheets?: SheetsReader;
}
