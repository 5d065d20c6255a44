import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { glob, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config, FolderSourceConfig, SourceConfig } from '../config/file.ts';
import type { ApiClients } from '../ingest/api/clients.ts';
import { type HubSpotCursor, ingestHubSpotSource } from '../ingest/hubspot/source.ts';
import { genericPreset } from '../ingest/map.ts';
import { ingestMetaSource, type MetaCursor } from '../ingest/meta/source.ts';
import type { IngestOptions } from '../ingest/options.ts';
import { emptyReport, type IngestReport, reportToJson } from '../ingest/report.ts';
import { createSheetsReader, ingestSheetsSource } from '../ingest/sheets.ts';
import { isAppError } from '../shared/errors.ts';
import type { Db } from '../store/db.ts';
import { knownFile, rememberFile } from '../store/source-refresh.ts';
import { ingestIntoStoreOffThread } from './ingest-off-thread.ts';
import { type ConfiguredSourcesDeps, jobsFromConfig, spanOption, workspaceOptions } from './sources.ts';
import { createStoreSink } from './store-sink.ts';

/** What one read of a source did. */
export interface SourcePull {
  reports: IngestReport[];
  /** Where an incremental source stopped (HubSpot, Meta); null for the others. */
  cursor: unknown;
  /** Rows read by this pull. */
  rows: number;
  /** The first failure, when the source could not be read (other parts may still have gone in). */
  error: IngestReport['error'];
  /** Files of a watched folder skipped because their content was ingested already. */
  unchanged: number;
}

export interface SourcePullDeps extends ConfiguredSourcesDeps {
  apis?: ApiClients;
  /** Watched folders: whether a file is complete (its size and mtime held still since the last scan). */
  settled?: (path: string, size: number, mtimeMs: number) => boolean;
}

function summarise(reports: IngestReport[], cursor: unknown, unchanged = 0): SourcePull {
  return {
    reports,
    cursor,
    rows: reports.reduce((n, r) => n + r.rowsRead, 0),
    error: reports.find((r) => r.error)?.error ?? null,
    unchanged,
  };
}

function withOptions(
  source: {
    mapping?: unknown;
    preset?: string | undefined;
    dateOrder?: string | undefined;
    currency?: string | undefined;
    period?: string | undefined;
    name: string;
  },
  base: IngestOptions,
): IngestOptions {
  const preset = source.mapping
    ? genericPreset(source.mapping as Parameters<typeof genericPreset>[0])
    : source.preset;
  return {
    ...base,
    origin: source.name,
    ...(preset ? { preset } : {}),
    ...(source.dateOrder ? { dateOrder: source.dateOrder as IngestOptions['dateOrder'] & string } : {}),
    ...(source.currency ? { sourceCurrency: source.currency } : {}),
    ...spanOption(source.period, base.timeZone),
  };
}

async function contentHash(path: string, salt: string): Promise<string> {
  const hash = createHash('sha256').update(salt);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A watched folder: every file matching the glob whose content (with the source's reading
 * options, so a config fix reads it again) was not ingested before, oldest first. The same
 * file dropped twice, or renamed, is a no-op.
 */
async function pullFolder(
  db: Db,
  source: FolderSourceConfig,
  config: Config,
  deps: SourcePullDeps,
): Promise<SourcePull> {
  const options = withOptions(source, workspaceOptions(config));
  const salt = JSON.stringify([
    source.preset ?? null,
    source.mapping ?? null,
    source.dateOrder ?? null,
    source.currency ?? null,
    source.period ?? null,
  ]);
  const files: { path: string; size: number; mtimeMs: number }[] = [];
  for await (const name of glob(source.glob, { cwd: source.path })) {
    const path = join(source.path, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile()) files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
  }
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
  const reports: IngestReport[] = [];
  let unchanged = 0;
  for (const file of files) {
    if (deps.settled && !deps.settled(file.path, file.size, file.mtimeMs)) continue;
    const hash = await contentHash(file.path, salt);
    if (await knownFile(db, source.name, hash)) {
      unchanged++;
      continue;
    }
    const report = await ingestIntoStoreOffThread(
      db,
      { path: file.path, options, name: file.path },
      deps.clock,
    );
    reports.push(report);
    // Remembered even when it failed: the report says why, and the same bytes would fail again.
    await rememberFile(db, {
      source: source.name,
      hash,
      path: file.path,
      size: file.size,
      at: deps.clock.now().getTime(),
      skipped: report.skipped,
    });
  }
  return summarise(reports, null, unchanged);
}

/**
 * Reads one configured source into the store: files again, a folder's new files, a Google
 * Sheet, or what changed in HubSpot / Meta since `cursor`. Never throws for a source that
 * cannot be read: the failure is in the reports (and `error`).
 */
export async function ingestSource(
  db: Db,
  source: SourceConfig,
  config: Config,
  deps: SourcePullDeps,
  cursor: unknown,
): Promise<SourcePull> {
  const base = workspaceOptions(config);
  const now = deps.clock.now().getTime();
  const failed = (error: unknown): SourcePull => {
    if (!isAppError(error)) throw error;
    const report = emptyReport(source.name, base.currency);
    report.error = error;
    return summarise([report], cursor);
  };
  switch (source.type) {
    case 'file': {
      const jobs = await jobsFromConfig({ ...config, sources: [source] }, base);
      const reports: IngestReport[] = [];
      for (const job of jobs) reports.push(await ingestIntoStoreOffThread(db, job, deps.clock));
      return summarise(reports, null);
    }
    case 'folder':
      return pullFolder(db, source, config, deps);
    case 'sheets': {
      const sink = createStoreSink(db);
      const reader =
        deps.sheets ?? createSheetsReader(source.credentials ? { keyFile: source.credentials } : {});
      const parts = await ingestSheetsSource(
        source,
        { ...base, ...(source.currency ? { sourceCurrency: source.currency } : {}) },
        sink,
        reader,
      );
      await finishImport(sink, source.name, `sheets:${source.spreadsheetId}`, now, deps, parts, {
        ranges: parts.map(reportToJson),
      });
      return summarise(parts, null);
    }
    case 'hubspot': {
      let api: ReturnType<ApiClients['hubspot']>;
      try {
        api = requireApis(deps).hubspot(source);
      } catch (error) {
        return failed(error);
      }
      const sink = createStoreSink(db);
      const pulled = await ingestHubSpotSource(source, base, sink, {
        api,
        now,
        cursor: (cursor as HubSpotCursor | null) ?? null,
      });
      await finishImport(
        sink,
        source.name,
        `hubspot:${source.name}`,
        now,
        deps,
        [pulled.report],
        reportToJson(pulled.report),
      );
      return summarise([pulled.report], pulled.cursor);
    }
    case 'meta-ads': {
      let api: ReturnType<ApiClients['meta']>;
      try {
        api = requireApis(deps).meta(source);
      } catch (error) {
        return failed(error);
      }
      const sink = createStoreSink(db);
      const pulled = await ingestMetaSource(source, base, sink, {
        api,
        now,
        cursor: (cursor as MetaCursor | null) ?? null,
      });
      await finishImport(
        sink,
        source.name,
        `meta:${source.accountId}`,
        now,
        deps,
        [pulled.report],
        reportToJson(pulled.report),
      );
      return summarise([pulled.report], pulled.cursor);
    }
  }
}

function requireApis(deps: SourcePullDeps): ApiClients {
  if (!deps.apis) throw new Error('ingestSource: a live source needs deps.apis (apiClientsFromEnv)');
  return deps.apis;
}

async function finishImport(
  sink: ReturnType<typeof createStoreSink>,
  origin: string,
  name: string,
  startedAt: number,
  deps: SourcePullDeps,
  parts: readonly IngestReport[],
  report: unknown,
): Promise<void> {
  if (!parts.some((r) => r.accepted + r.merged > 0)) return;
  await sink.finish({
    origin,
    name,
    startedAt,
    finishedAt: deps.clock.now().getTime(),
    rowsRead: parts.reduce((n, r) => n + r.rowsRead, 0),
    rowsSkipped: parts.reduce((n, r) => n + r.skipped, 0),
    report,
  });
}
