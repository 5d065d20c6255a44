import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { type Env, loadEnv } from '../config/env.ts';
import { type Config, loadConfig } from '../config/file.ts';
import { isAppError } from '../errors.ts';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { ingestFile } from '../ingest/file.ts';
import type { DateOrder } from '../ingest/preset.ts';
import { formatIngestReport, type IngestReport, reportToJson } from '../ingest/report.ts';
import { type IngestSink, MemorySink } from '../ingest/sink.ts';
import { openStore } from '../store/open.ts';
import { createStoreSink, type StoreSink } from '../store/sink.ts';
import { type IngestJob as Job, jobsFromConfig, workspaceOptions } from './ingest-sources.ts';

const PROGRESS_MIN_BYTES = 20 * 1024 * 1024;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      preset: { type: 'string' },
      'date-order': { type: 'string' },
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
  const flags = {
    ...(values.preset ? { preset: values.preset } : {}),
    ...(dateOrder ? { dateOrder: dateOrder as DateOrder } : {}),
  };
  const base = workspaceOptions(config);
  const jobs: Job[] =
    positionals.length > 0
      ? positionals.map((path) => ({ path, options: { ...base, ...flags } }))
      : (await jobsFromConfig(config, base)).map((job) => ({
          ...job,
          options: { ...job.options, ...flags },
        }));
  if (jobs.length === 0) {
    process.stderr.write(`${t(locale, 'ingest.cli.noFiles')}\n${t(locale, 'ingest.cli.usage')}\n`);
    return 2;
  }

  const db = values['dry-run'] ? null : await openStore(env);
  let failed = false;
  try {
    for (const job of jobs) {
      const storeSink = db ? createStoreSink(db) : null;
      const sink: IngestSink = storeSink ?? new MemorySink();
      const startedAt = Date.now();
      const report = await ingestWithProgress(job, sink);
      if (report.error) failed = true;
      if (storeSink && report.accepted + report.merged > 0)
        await recordImport(storeSink, job, report, startedAt);
      process.stdout.write(`${formatIngestReport(report, locale)}\n\n`);
    }
  } finally {
    await db?.close();
  }
  if (values['dry-run']) process.stdout.write(`${t(locale, 'ingest.cli.dryRun')}\n`);
  return failed ? 2 : 0;
}

async function ingestWithProgress(job: Job, sink: IngestSink): Promise<IngestReport> {
  const size = await stat(job.path).then(
    (s) => s.size,
    () => 0,
  );
  if (!process.stderr.isTTY || size < PROGRESS_MIN_BYTES) return ingestFile(job.path, job.options, sink);
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${job.path} [{bar}] {percentage}% | {value}/{total} MB` },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.ceil(size / 1048576), 0);
  try {
    return await ingestFile(job.path, job.options, sink, (read) => bar.update(Math.floor(read / 1048576)));
  } finally {
    bar.stop();
  }
}

async function recordImport(
  sink: StoreSink,
  job: Job,
  report: IngestReport,
  startedAt: number,
): Promise<void> {
  await sink.finish({
    origin: job.options.origin ?? report.preset?.id ?? 'file',
    name: job.path,
    startedAt,
    finishedAt: Date.now(),
    rowsRead: report.rowsRead,
    rowsSkipped: report.skipped,
    report: reportToJson(report),
  });
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
