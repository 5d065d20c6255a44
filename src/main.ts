import { hostname } from 'node:os';
import { createDigestAlerts, type DigestAlerts } from './compose/digest-alerts.ts';
import { type Env, loadEnv } from './config/env.ts';
import { type Config, loadConfig } from './config/file.ts';
import { storeSource } from './data/load.ts';
import { QueryPool } from './data/query-pool.ts';
import { createSourceRefresher, type SourceRefresher } from './data/source-refresh.ts';
import { type SourceTriggers, startSourceTriggers } from './data/source-triggers.ts';
import { watchStore } from './data/store-health.ts';
import { t } from './i18n/catalogue.ts';
import { apiClientsFromEnv } from './ingest/api/clients.ts';
import { createSheetsReader } from './ingest/sheets.ts';
import { SnapshotCache } from './kpi/cache.ts';
import { systemClock } from './shared/clock.ts';
import { AppError, type ErrorCode, errorText, isAppError } from './shared/errors.ts';
import { createLogger } from './shared/log.ts';
import type { Logger } from './shared/logger.ts';
import { createSlackApp, type SlackApp } from './slack/app.ts';
import { authenticate } from './slack/auth.ts';
import { createBulkClient } from './slack/clients.ts';
import { createKpiServices } from './slack/kpi-services.ts';
import { boltLogger } from './slack/logger.ts';
import { createPacedClient } from './slack/paced-client.ts';
import { createRefresh } from './slack/refresh.ts';
import { createDbSeenStore } from './slack/seen.ts';
import type { Db } from './store/db.ts';
import { openStore } from './store/open.ts';

/*
 * The composition root, as named steps: config -> store -> snapshot service -> Slack app ->
 * scheduler -> listener. Each step either returns what the next one needs or fails with a
 * coded error that names it; what the earlier steps opened is closed again on the way out.
 * Only this file reads the real clock and the process environment.
 */

type Step = 'config' | 'store' | 'snapshot' | 'slack' | 'scheduler' | 'listener';

/** The code a step's unexpected failure gets (a coded error from inside keeps its own). */
const STEP_CODE: Record<Step, ErrorCode> = {
  config: 'config_invalid',
  store: 'store_failed',
  snapshot: 'snapshot_failed',
  slack: 'slack_failed',
  scheduler: 'schedule_failed',
  listener: 'listen_failed',
};

/** A failed step: its coded error, the step named. */
class StepError extends AppError {
  readonly step: Step;
  constructor(step: Step, error: unknown) {
    const code = isAppError(error) ? error.code : STEP_CODE[step];
    const reason = isAppError(error) ? t('en', error.messageKey, error.params) : errorText(error);
    super(code, 'startup.step_failed', { params: { step, reason }, cause: error });
    this.name = 'StepError';
    this.step = step;
  }
}

/** Undo actions of the steps done so far, run in reverse on a later failure or on shutdown. */
const undo: (() => Promise<void>)[] = [];

async function step<T>(name: Step, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new StepError(name, error);
  }
}

/** 1. The environment (validated), the YAML config, the logger (secrets redacted). */
function configure(): { env: Env & { SLACK_BOT_TOKEN: string }; config: Config; logger: Logger } {
  const env = loadEnv();
  const logger = createLogger({
    level: env.LOG_LEVEL === 'trace' ? 'debug' : env.LOG_LEVEL === 'fatal' ? 'error' : env.LOG_LEVEL,
    secrets: [
      env.SLACK_BOT_TOKEN,
      env.SLACK_APP_TOKEN,
      env.SLACK_SIGNING_SECRET,
      env.HUBSPOT_ACCESS_TOKEN,
      env.META_ACCESS_TOKEN,
    ],
  });
  const token = env.SLACK_BOT_TOKEN;
  if (!token) {
    throw new AppError('env_invalid', 'config.env_invalid', {
      params: { variable: 'SLACK_BOT_TOKEN', reason: t('en', 'startup.token_missing') },
    });
  }
  return { env: { ...env, SLACK_BOT_TOKEN: token }, config: loadConfig(env.KPI_CONFIG), logger };
}

/** 2. The store (embedded SQLite, or Postgres with DATABASE_URL), migrated. */
async function store(env: Env): Promise<Db> {
  const db = await openStore(env);
  undo.push(() => db.close());
  return db;
}

/** 3. The snapshot service: the engine's columnar snapshot, rebuilt when the data version moves. */
function snapshotService(db: Db, config: Config): SnapshotCache {
  const { timeZone, currency } = config.workspace;
  return new SnapshotCache(storeSource(db, { timeZone, currency }));
}

/** 4. The Slack app with every feature wired (not listening yet), and the digest / alert features. */
async function slackApp(
  env: Env & { SLACK_BOT_TOKEN: string },
  config: Config,
  db: Db,
  snapshots: SnapshotCache,
  logger: Logger,
  readiness: () => string | null,
): Promise<{ slack: SlackApp; digestAlerts: DigestAlerts; refresher: SourceRefresher }> {
  const clock = systemClock;
  const { timeZone, currency, rates, locale, keepLevel } = config.workspace;
  // Late-bound: the Slack app (and its locale cache) is built after the features it serves.
  let slackRef: SlackApp | null = null;
  const bulkClient = createBulkClient({
    token: env.SLACK_BOT_TOKEN,
    slackApiUrl: env.SLACK_API_URL,
    logger: boltLogger(logger),
  });
  // Who the bot is, retried while Slack is unreachable; a refused token ends the start here.
  const identity = await authenticate(bulkClient, { logger });
  // Questions run in worker threads (QUERY_WORKERS): acknowledgements never wait behind them.
  const queryPool = env.QUERY_WORKERS > 0 ? new QueryPool(env.QUERY_WORKERS, logger) : null;
  if (queryPool) undo.push(() => queryPool.close());
  // The one rate-limited poster: digests, alerts and admin reports, about 1 message/s/channel.
  const poster = createPacedClient(bulkClient, {
    clock,
    logger,
    host: env.SLACK_API_URL ? new URL(env.SLACK_API_URL).host : 'slack.com',
  });
  // Configured sources keep themselves fresh: their own schedules (step 5), and a read before
  // each digest and alert evaluation when older than refresh.maxAge; one replica at a time each.
  const pull = {
    clock,
    sheets: createSheetsReader({ rootUrl: env.SHEETS_API_URL, keyFile: env.GOOGLE_APPLICATION_CREDENTIALS }),
    apis: apiClientsFromEnv(env),
  };
  const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const adminChannel = config.digest.adminChannel;
  const refresher = createSourceRefresher({
    db,
    clock,
    config,
    owner,
    pull,
    ...(adminChannel
      ? {
          adminReport: async (text: string) => {
            await poster.chat.postMessage({ channel: adminChannel, text });
          },
        }
      : {}),
    nextRun: (name) => triggers?.nextRun(name) ?? null,
    logger,
  });
  const digestAlerts = createDigestAlerts({
    db,
    clock,
    client: poster,
    refresher,
    config,
    snapshot: () => snapshots.get(),
    localeOf: (user) => slackRef?.locales.of(user) ?? Promise.resolve(locale),
    logger,
  });
  const services = createKpiServices({
    db,
    clock,
    timeZone,
    currency,
    targets: config.targets,
    rates,
    ...(keepLevel ? { keepLevel } : {}),
    staleAfterHours: config.digest.staleAfterHours,
    // `why` tests a rate's change like the digest tests its drops.
    why: { noise: { alpha: config.digest.alpha, minVolume: config.digest.minVolume } },
    refreshSources: createRefresh(db, config, { ...pull, owner }),
    refreshStatus: () => refresher.status(),
    snapshots,
    ...(queryPool ? { queryPool } : {}),
    afterImport: () => digestAlerts.afterImport(),
    historyDays: config.history.keepDays,
  });
  const slack = createSlackApp(
    {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.socketMode ? env.SLACK_APP_TOKEN : undefined,
      port: env.PORT,
      slackApiUrl: env.SLACK_API_URL,
      workspaceLocale: locale,
      access: config.access,
      identity,
      readiness,
      editors: config.access.editors,
      maxFileBytes: config.imports.maxFileMb * 1024 * 1024,
      confirmImports: { share: config.imports.confirmShare, stageDates: config.imports.confirmStageDates },
    },
    { services, extensions: digestAlerts.extensions, clock, seen: createDbSeenStore(db, clock), logger },
  );
  slackRef = slack;
  return { slack, digestAlerts, refresher };
}

/** The sources' own triggers, once started (their next runs show in /kpi sources). */
let triggers: SourceTriggers | null = null;

/** 5. The scheduler: config subscriptions and rules synced, digest and alert triggers armed. */
async function scheduler(
  digestAlerts: DigestAlerts,
  refresher: SourceRefresher,
  config: Config,
  log: Logger,
): Promise<void> {
  const stop = await digestAlerts.start();
  undo.push(stop);
  const started = startSourceTriggers(refresher, config, { logger: log });
  triggers = started;
  undo.push(() => started.stop());
}

/** 6. The listener: HTTP on PORT, or the Socket Mode connection. Null port: Socket Mode. */
async function listener(slack: SlackApp): Promise<number | null> {
  const port = await slack.start();
  undo.push(() => slack.stop());
  return port;
}

/** Runs the undo actions, newest first; one failing does not stop the others. */
async function unwind(log: Logger): Promise<void> {
  for (const action of undo.splice(0).reverse()) {
    try {
      await action();
    } catch (error) {
      log.warn({ err: error }, 'shutdown step failed');
    }
  }
}

/** The logger, once the config step has made it (the failure handler writes with it). */
let logger: Logger | null = null;

/**
 * A rejection or exception nobody handled is logged with what it was and the process keeps
 * serving (a Web API call failing in the background must not end it). Start-up failures are
 * not these: they are awaited by main() and end the process with a non-zero code.
 */
function logStrayErrors(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason, kind: 'unhandledRejection' }, 'unhandled rejection (process kept running)');
  });
  process.on('uncaughtException', (error, origin) => {
    log.error({ err: error, kind: 'uncaughtException', origin }, 'uncaught exception (process kept running)');
  });
}

/** Why this replica cannot serve yet: GET /ready's 503 reason (null: ready). */
let startup: string | null = 'starting';

/** The Slack app once built (a shutdown drains it first). */
let running: SlackApp | null = null;

/**
 * SIGTERM / SIGINT, from the first moment: stop accepting (503), let the requests being
 * answered send their replies within the grace, undo every step, exit 0.
 */
function handleSignals(log: Logger, graceMs: number): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    startup = 'shutting down';
    log.info({ signal, inFlight: running?.inFlight() ?? 0, graceMs }, 'shutting down');
    try {
      if (running) {
        const drained = await running.drain(graceMs);
        if (!drained) log.warn({ inFlight: running.inFlight() }, 'grace ran out with requests in flight');
      }
      await unwind(log);
    } finally {
      log.info({}, 'stopped');
      log.flush?.();
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/** 7. Warm the snapshot after the listener is up (/health answers, /ready says 503 until then). */
async function warm(snapshots: SnapshotCache, log: Logger): Promise<void> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await snapshots.get();
      log.info({ ms: Date.now() - started }, 'snapshot loaded');
      return;
    } catch (error) {
      log.warn({ err: error, attempt }, 'snapshot load failed, retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** (attempt - 1))));
    }
  }
}

async function main(): Promise<void> {
  const configured = await step('config', configure);
  const log = configured.logger;
  logger = log;
  logStrayErrors(log);
  const { env, config } = configured;
  handleSignals(log, env.SHUTDOWN_GRACE_SECONDS * 1000);
  const db = await step('store', () => store(env));
  const health = watchStore(db, { logger: log });
  undo.push(async () => health.stop());
  const snapshots = await step('snapshot', () => snapshotService(db, config));
  const readiness = () => startup ?? health.problem();
  const { slack, digestAlerts, refresher } = await step('slack', () =>
    slackApp(env, config, db, snapshots, log, readiness),
  );
  await step('scheduler', () => scheduler(digestAlerts, refresher, config, log));
  // Last: every step that can fail the start has passed.
  const port = await step('listener', () => listener(slack));
  running = slack;
  log.info({ mode: port === null ? 'socket' : 'http', port }, 'kpi bot started');
  startup = 'loading data';
  await warm(snapshots, log);
  if (startup === 'loading data') startup = null;
}

main().catch(async (error: unknown) => {
  const log =
    logger ??
    createLogger({
      secrets: [
        process.env.SLACK_BOT_TOKEN,
        process.env.SLACK_APP_TOKEN,
        process.env.SLACK_SIGNING_SECRET,
        process.env.HUBSPOT_ACCESS_TOKEN,
        process.env.META_ACCESS_TOKEN,
      ],
    });
  await unwind(log);
  if (error instanceof StepError) {
    log.error({ step: error.step, code: error.code }, t('en', error.messageKey, error.params));
    // A configuration problem (exit 2) is the operator's to fix; anything else is a failure (1).
    process.exitCode = error.step === 'config' ? 2 : 1;
  } else {
    log.error({ err: error }, 'startup failed');
    process.exitCode = 1;
  }
  log.flush?.();
  // Never a half-started process: whatever is still open (a timer, a socket), the start failed.
  process.exit(process.exitCode);
});
