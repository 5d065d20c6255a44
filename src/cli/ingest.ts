import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { periodSpan } from '../command/period-span.ts';
import { type Env, loadEnv } from '../config/env.ts';
import { type Config, loadConfig } from '../config/file.ts';
import { ingestConfiguredSources } from '../data/refresh.ts';
import { persistSnapshot } from '../data/snapshot-persist.ts';
import {
  ingestIntoStore,
  type IngestJob as Job,
  jobsFromConfig,
  type Progress,
  workspaceOptions,
} from '../data/sources.ts';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { apiClientsFromEnv } from '../ingest/api/clients.ts';
import { ingestFile } from '../ingest/file.ts';
import type { DateOrder } from '../ingest/preset.ts';
import { formatIngestReport, type IngestReport } from '../ingest/report.ts';
import { createSheetsReader } from '../ingest/sheets.ts';
import { MemorySink } from '../ingest/sink.ts';
import { systemClock } from '../shared/clock.ts';
import { errorText, isAppError } from '../shared/errors.ts';
import { recordChange } from '../store/changes.ts';
import type { StoredImport } from '../store/imports.ts';
import { openStore } from '../store/open.ts';

const PROGRESS_MIN_BYTES = 20 * 1024 * 1024;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      'date-order': { type: 'string' },
      period: { type: 'string' },
      config: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  let env: Env;
  let config: Config;
  try {
    env = loadEnv();
    config = loadConfig(values.config ?? env.KPI_CONFIG);
  } catch (error) {
    if (!isAppError(error)) throw error;
    process.stderr.write(`${t('en', error.messageKey, error.params)}\n`);
    return 2;
  }
  const locale: Locale = config.workspace.locale;
  const dateOrder = values['date-order'];
  if (values.help || (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy')) {
    process.stderr.write(`${t(locale, 'ingest.cli.usage')}\n`);
    return values.help ? 0 : 2;
  }
  const span = values.period
    ? periodSpan(values.period, locale, new Date(), config.workspace.timeZone)
    : undefined;
  if (span === null) {
    process.stderr.write(`--period ${values.period}\n${t(locale, 'ingest.cli.usage')}\n`);
    return 2;
  }
  const flags = {
    ...(values.preset ? { preset: values.preset } : {}),
    ...(dateOrder ? { dateOrder: dateOrder as DateOrder } : {}),
    ...(span ? { period: span } : {}),
  };
  // The same flags as the config's file sources write them (period as its text).
  const sourceFlags = {
    ...(values.preset ? { preset: values.preset } : {}),
    ...(dateOrder ? { dateOrder: dateOrder as DateOrder } : {}),
    ...(values.period ? { period: values.period } : {}),
  };
  const base = workspaceOptions(config);
  const dryRun = values['dry-run'];
  // Files named on the command line, or (dry run) the files of the configured sources; otherwise
  // every configured source goes through its refresh (files, folders, sheets, HubSpot, Meta).
  const configured = positionals.length === 0 && !dryRun && config.sources.length > 0;
  const jobs: Job[] =
    positionals.length > 0
      ? positionals.map((path) => ({ path, options: { ...base, ...flags } }))
      : dryRun
        ? (await jobsFromConfig(config, base)).map((job) => ({
            ...job,
            options: { ...job.options, ...flags },
          }))
        : [];
  if (jobs.length === 0 && !configured) {
    process.stderr.write(`${t(locale, 'ingest.cli.noFiles')}\n${t(locale, 'ingest.cli.usage')}\n`);
    return 2;
  }

  const db = dryRun ? null : await openStore(env);
  let failed = false;
  try {
    const print = (report: IngestReport) => {
      if (report.error) failed = true;
      process.stdout.write(`${formatIngestReport(report, locale)}\n\n`);
    };
    for (const job of jobs) {
      const report = await withProgress(job, (progress) =>
        db
          ? ingestIntoStore(db, job, systemClock, progress)
          : ingestFile(job.path, job.options, new MemorySink(), progress),
      );
      print(report);
      const stored = 'stored' in report ? (report.stored as StoredImport | null) : null;
      if (db && stored) {
        // The trail names the CLI: no Slack user made this import (it keeps no versions: no undo).
        await recordChange(db, {
          at: Date.now(),
          actor: 'cli',
          action: 'import',
          via: 'cli',
          subject: stored.id,
          details: {
            name: job.path,
            bytes: (await stat(job.path).catch(() => null))?.size ?? null,
            origin: stored.origin,
            skipped: report.skipped,
            rows: stored.rowsAccepted,
          },
        });
      }
    }
    if (configured && db) {
      const sheets = createSheetsReader({
        ...(env.SHEETS_API_URL ? { rootUrl: env.SHEETS_API_URL } : {}),
        ...(env.GOOGLE_APPLICATION_CREDENTIALS ? { keyFile: env.GOOGLE_APPLICATION_CREDENTIALS } : {}),
      });
      // --preset / --date-order apply to the file sources, as they do to named files.
      const withFlags = {
        ...config,
        sources: config.sources.map((s) =>
          s.type === 'file' || s.type === 'folder' ? { ...s, ...sourceFlags } : s,
        ),
      };
      const deps = { clock: systemClock, sheets, apis: apiClientsFromEnv(env) };
      const reports = await ingestConfiguredSources(db, withFlags, deps);
      for (const report of reports) print(report);
      await recordChange(db, {
        at: Date.now(),
        actor: 'cli',
        action: 'refresh',
        via: 'cli',
        subject: null,
        details: {
          sources: reports.length,
          rows: reports.reduce((n, r) => n + r.rowsRead, 0),
          rejected: reports.reduce((n, r) => n + r.skipped, 0),
        },
      });
    }
    if (db) {
      // The app's next start (any replica) reads the new data version's snapshot, not every row.
      await persistSnapshot(db, config.workspace).catch((error: unknown) => {
        process.stderr.write(`${t(locale, 'ingest.cli.snapshotFailed', { reason: errorText(error) })}\n`);
      });
    }
  } finally {
    await db?.close();
  }
  if (dryRun) process.stdout.write(`${t(locale, 'ingest.cli.dryRun')}\n`);
  return failed ? 2 : 0;
}

/** Runs an ingest with a progress bar on stderr for large files when stderr is a terminal. */
async function withProgress(
  job: Job,
  run: (progress?: Progress) => Promise<IngestReport>,
): Promise<IngestReport> {
  const size = await stat(job.path).then(
    (s) => s.size,
    () => 0,
  );
  if (!process.stderr.isTTY || size < PROGRESS_MIN_BYTES) return run();
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${job.path} [{bar}] {percentage}% | {value}/{total} MB` },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.ceil(size / 1048576), 0);
  try {
    return await run((read) => bar.update(Math.floor(read / 1048576)));
  } finally {
    bar.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
