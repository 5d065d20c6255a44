import type { DigestAlerts } from './compose/digest-alerts.ts';
import type { Env } from './config/env.ts';
import type { Config } from './config/file.ts';
import type { QueryPool } from './data/query-pool.ts';
import type { SourceRefresher } from './data/source-refresh.ts';
import type { SourceTriggers } from './data/source-triggers.ts';
import type { SnapshotCache } from './kpi/cache.ts';
import { useCompileCache } from './shared/compile-cache.ts';
import type { ErrorCode } from './shared/errors.ts';
import { earlyPort, type FrontDoor, openFrontDoor } from './shared/front-door.ts';
import type { Logger } from './shared/logger.ts';
import type { SlackApp } from './slack/app.ts';
import type { Db } from './store/db.ts';

/*
 * The composition root, as named steps: config -> listener (the port) -> store -> snapshot
 * service -> Slack app -> listener (the app takes the port over) -> scheduler. Each step either
 * returns what the next one needs or fails with a coded error that names it; what the earlier
 * steps opened is closed again on the way out. Only this file reads the real clock and the
 * process environment.
 *
 * Start-up time (issue 17): the HTTP port opens before anything else is loaded (the front door,
 * src/shared/front-door.ts: /health 200, /ready and Slack 503), so only node:http is imported
 * statically here; every other module is imported when its step needs it, and the Slack side's
 * modules load while the store opens and the snapshot is read. /ready waits for the Slack app
 * and the data, not for the scheduler's sync.
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

/**
 * Modules loaded ahead, one per turn of the event loop. An import() holds the thread until its
 * whole module graph is evaluated (no request is answered meanwhile), so the graph is taken in
 * bites, bottom up, each a few tens of ms: the front door answers /health between them. What is
 * left out here is loaded by the steps' own imports all the same (a name gone stale only costs
 * its bite).
 */
const CONFIG_MODULES = [
  'zod',
  'yaml',
  'pino',
  './shared/errors.ts',
  './i18n/catalogue.ts',
  './shared/log.ts',
  './config/env.ts',
  '@date-fns/tz',
  'date-fns/format',
  './kpi/periods.ts',
  './kpi/catalogue.ts',
  './command/grammar.ts',
  'node-cron',
  './ingest/map.ts',
  './config/file.ts',
];
const STORE_MODULES = ['./store/open.ts', './data/load.ts', './kpi/cache.ts'];
/** A Postgres store's own modules (the embedded store never loads pg). */
const POSTGRES_MODULES = ['pg', 'pg-copy-streams', './store/postgres.ts'];
const SLACK_MODULES = [
  '@slack/bolt',
  'validator/lib/isEmail.js',
  'string-width',
  'papaparse',
  'iconv-lite',
  'simple-statistics',
  './kpi/engine.ts',
  './ingest/file.ts',
  './data/source-refresh.ts',
  './digest/compute.ts',
  './alerts/service.ts',
  './compose/digest-alerts.ts',
  './slack/respond.ts',
  './slack/listeners/index.ts',
  './slack/app.ts',
  './slack/kpi-services.ts',
];

async function inTurns(specifiers: readonly string[]): Promise<void> {
  for (const specifier of specifiers) {
    await import(specifier).catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What every step's error handling needs: loaded first (small). */
async function loadCore() {
  await inTurns(CONFIG_MODULES.slice(0, 5));
  const [errors, catalogue] = await Promise.all([
    import('./shared/errors.ts'),
    import('./i18n/catalogue.ts'),
  ]);
  return { ...errors, t: catalogue.t };
}
type Core = Awaited<ReturnType<typeof loadCore>>;
let core: Core | null = null;

/** A failed step: the step named, its code and its message (English, for the log). */
class StepError extends Error {
  readonly step: Step;
  readonly code: ErrorCode;
  constructor(step: Step, error: unknown, c: Core) {
    const code = c.isAppError(error) ? error.code : STEP_CODE[step];
    const reason = c.isAppError(error) ? c.t('en', error.messageKey, error.params) : c.errorText(error);
    super(c.t('en', 'startup.step_failed', { step, reason }), { cause: error });
    this.name = 'StepError';
    this.step = step;
    this.code = code;
  }
}

/** Undo actions of the steps done so far, run in reverse on a later failure or on shutdown. */
const undo: (() => Promise<void>)[] = [];

/** When each step ended, in ms since the process started (logged with "kpi bot started"). */
const stepsDoneAt: Partial<Record<Step, number>> = {};

async function step<T>(name: Step, run: () => T | Promise<T>): Promise<T> {
  try {
    const value = await run();
    stepsDoneAt[name] = Math.round(performance.now());
    return value;
  } catch (error) {
    core ??= await loadCore();
    throw new StepError(name, error, core);
  }
}

/** 1. The environment (validated), the YAML config, the logger (secrets redacted). */
async function configure(
  c: Core,
): Promise<{ env: Env & { SLACK_BOT_TOKEN: string }; config: Config; logger: Logger }> {
  await inTurns(CONFIG_MODULES);
  const [{ loadEnv }, { loadConfig }, { createLogger }] = await Promise.all([
    import('./config/env.ts'),
    import('./config/file.ts'),
    import('./shared/log.ts'),
  ]);
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
    throw new c.AppError('env_invalid', 'config.env_invalid', {
      params: { variable: 'SLACK_BOT_TOKEN', reason: c.t('en', 'startup.token_missing') },
    });
  }
  return { env: { ...env, SLACK_BOT_TOKEN: token }, config: loadConfig(env.KPI_CONFIG), logger };
}

/** 2. The store (embedded SQLite, or Postgres with DATABASE_URL), migrated. */
async function store(env: Env): Promise<Db> {
  const { openStore } = await import('./store/open.ts');
  const db = await openStore(env);
  undo.push(() => db.close());
  return db;
}

/** 3. The snapshot service: the engine's columnar snapshot, rebuilt when the data version moves. */
async function snapshotService(db: Db, config: Config): Promise<SnapshotCache> {
  const [{ storeSource }, { SnapshotCache }] = await Promise.all([
    import('./data/load.ts'),
    import('./kpi/cache.ts'),
  ]);
  const { timeZone, currency } = config.workspace;
  return new SnapshotCache(storeSource(db, { timeZone, currency }));
}

/** The modules of the Slack app and the features it serves (the heaviest part of the start). */
async function loadSlackModules() {
  await inTurns(SLACK_MODULES);
  const [
    { hostname },
    digestAlertsModule,
    { createSourceRefresher },
    { apiClientsFromEnv },
    { createSheetsReader },
    { systemClock },
    { createSlackApp },
    { createKpiServices },
    { createPacedClient },
    { createRefresh },
    { createDbSeenStore },
  ] = await Promise.all([
    import('node:os'),
    import('./compose/digest-alerts.ts'),
    import('./data/source-refresh.ts'),
    import('./ingest/api/clients.ts'),
    import('./ingest/sheets.ts'),
    import('./shared/clock.ts'),
    import('./slack/app.ts'),
    import('./slack/kpi-services.ts'),
    import('./slack/paced-client.ts'),
    import('./slack/refresh.ts'),
    import('./slack/seen.ts'),
  ]);
  return {
    hostname,
    createDigestAlerts: digestAlertsModule.createDigestAlerts,
    createSourceRefresher,
    apiClientsFromEnv,
    createSheetsReader,
    systemClock,
    createSlackApp,
    createKpiServices,
    createPacedClient,
    createRefresh,
    createDbSeenStore,
  };
}
type SlackModules = Awaited<ReturnType<typeof loadSlackModules>>;

/**
 * The Web API client and the bot's identity (auth.test, retried with backoff): the call goes out
 * as soon as its modules are loaded, its round trip overlapping the rest of the start. Awaited
 * by the Slack step, which fails on a refused token.
 */
async function slackWeb(env: Env & { SLACK_BOT_TOKEN: string }, logger: Logger) {
  await inTurns(['@slack/web-api', './slack/clients.ts', './slack/auth.ts']);
  const [{ createBulkClient }, { authenticate }, { boltLogger }] = await Promise.all([
    import('./slack/clients.ts'),
    import('./slack/auth.ts'),
    import('./slack/logger.ts'),
  ]);
  const client = createBulkClient({
    token: env.SLACK_BOT_TOKEN,
    slackApiUrl: env.SLACK_API_URL,
    logger: boltLogger(logger),
  });
  const identity = authenticate(client, { logger });
  // Awaited by the Slack step; a rejection before then is not "unhandled".
  identity.catch(() => undefined);
  return { client, identity };
}
type SlackWeb = Awaited<ReturnType<typeof slackWeb>>;

/**
 * After an import committed: the new data version's snapshot is loaded now, not at the next
 * question; being new, it is built from the rows in a worker thread and persisted there for the
 * next start of any replica (src/data/load-off-thread.ts). Not awaited.
 */
function loadNewVersion(snapshots: SnapshotCache, logger: Logger): void {
  snapshots.get().catch((error: unknown) => logger.warn({ err: error }, 'snapshot after import failed'));
}

/** 4. The Slack app with every feature wired (not listening yet), and the digest / alert features. */
async function slackApp(
  m: SlackModules,
  web: SlackWeb,
  queryPool: QueryPool | null,
  env: Env & { SLACK_BOT_TOKEN: string },
  config: Config,
  db: Db,
  snapshots: SnapshotCache,
  logger: Logger,
  readiness: () => string | null,
  door: FrontDoor | null,
): Promise<{ slack: SlackApp; digestAlerts: DigestAlerts; refresher: SourceRefresher }> {
  const clock = m.systemClock;
  const { timeZone, currency, rates, locale, keepLevel } = config.workspace;
  // Late-bound: the Slack app (and its locale cache) is built after the features it serves.
  let slackRef: SlackApp | null = null;
  const bulkClient = web.client;
  // Who the bot is, retried while Slack is unreachable; a refused token ends the start here.
  const identity = await web.identity;
  // The one rate-limited poster: digests, alerts and admin reports, about 1 message/s/channel.
  const poster = m.createPacedClient(bulkClient, {
    clock,
    logger,
    host: env.SLACK_API_URL ? new URL(env.SLACK_API_URL).host : 'slack.com',
  });
  // Configured sources keep themselves fresh: their own schedules (step 5), and a read before
  // each digest and alert evaluation when older than refresh.maxAge; one replica at a time each.
  const pull = {
    clock,
    sheets: m.createSheetsReader({
      rootUrl: env.SHEETS_API_URL,
      keyFile: env.GOOGLE_APPLICATION_CREDENTIALS,
    }),
    apis: m.apiClientsFromEnv(env),
  };
  const owner = `${m.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const adminChannel = config.digest.adminChannel;
  const refresher = m.createSourceRefresher({
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
    afterImport: () => loadNewVersion(snapshots, logger),
    logger,
  });
  const digestAlerts = m.createDigestAlerts({
    db,
    clock,
    client: poster,
    refresher,
    config,
    snapshot: () => snapshots.get(),
    localeOf: (user) => slackRef?.locales.of(user) ?? Promise.resolve(locale),
    logger,
  });
  const services = m.createKpiServices({
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
    refreshSources: m.createRefresh(db, config, { ...pull, owner }),
    refreshStatus: () => refresher.status(),
    snapshots,
    ...(queryPool ? { queryPool } : {}),
    afterImport: async () => {
      loadNewVersion(snapshots, logger);
      await digestAlerts.afterImport();
    },
    historyDays: config.history.keepDays,
  });
  const slack = m.createSlackApp(
    {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.socketMode ? env.SLACK_APP_TOKEN : undefined,
      port: env.PORT,
      ...(door ? { attach: door.handOver } : {}),
      slackApiUrl: env.SLACK_API_URL,
      workspaceLocale: locale,
      access: config.access,
      identity,
      readiness,
      editors: config.access.editors,
      maxFileBytes: config.imports.maxFileMb * 1024 * 1024,
      confirmImports: { share: config.imports.confirmShare, stageDates: config.imports.confirmStageDates },
    },
    { services, extensions: digestAlerts.extensions, clock, seen: m.createDbSeenStore(db, clock), logger },
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
  const { startSourceTriggers } = await import('./data/source-triggers.ts');
  const stop = await digestAlerts.start();
  undo.push(stop);
  const started = startSourceTriggers(refresher, config, { logger: log });
  triggers = started;
  undo.push(() => started.stop());
}

/**
 * 6. The listener: HTTP on PORT (the front door's server, taken over by the Slack receiver), or
 * the Socket Mode connection. Null port: Socket Mode.
 */
async function listener(slack: SlackApp): Promise<number | null> {
  const port = await slack.start();
  undo.push(() => slack.stop());
  return port;
}

/** Runs the undo actions, newest first; one failing does not stop the others. */
async function unwind(log: Logger | null): Promise<void> {
  for (const action of undo.splice(0).reverse()) {
    try {
      await action();
    } catch (error) {
      log?.warn({ err: error }, 'shutdown step failed');
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

/**
 * Why this replica cannot serve yet: GET /ready's 503 reason (null: ready). 'starting' until the
 * Slack app has the port, then 'loading data' until the snapshot is in memory.
 */
let startup: string | null = 'starting';

/** Whether the snapshot of the current data version has been loaded once. */
let dataLoaded = false;

/** The Slack app once built (a shutdown drains it first). */
let running: SlackApp | null = null;

/**
 * SIGTERM / SIGINT, from the first moment: stop accepting (503), let the requests being
 * answered send their replies within the grace, undo every step, exit 0.
 */
function handleSignals(): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    startup = 'shutting down';
    // Before the config step there is no logger yet: nothing was opened but the port.
    const log = logger;
    log?.info({ signal, inFlight: running?.inFlight() ?? 0, graceMs }, 'shutting down');
    try {
      if (running) {
        const drained = await running.drain(graceMs);
        if (!drained) log?.warn({ inFlight: running.inFlight() }, 'grace ran out with requests in flight');
      }
      await door?.close();
      await unwind(log);
    } finally {
      log?.info({}, 'stopped');
      log?.flush?.();
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/** How long in-flight requests may take to answer on shutdown (SHUTDOWN_GRACE_SECONDS, once read). */
let graceMs = 10_000;

/** 7. Load the snapshot (/health answers meanwhile, /ready says 503 until it is in memory). */
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

/**
 * Node's compile cache (in the OS temp directory; NODE_COMPILE_CACHE moves it,
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off): the app's few hundred modules load about twice as
 * fast from the second start on, in this thread and in the worker threads (queries, snapshot,
 * ingest) too. A cache that cannot be written is skipped by Node.
 */
useCompileCache(process.env);

/** HTTP mode: the port, open from the first moment (before any other module is loaded). */
const doorPort = earlyPort(process.env);
const door: FrontDoor | null =
  doorPort === null ? null : openFrontDoor({ port: doorPort, reason: () => startup ?? 'starting' });

async function main(): Promise<void> {
  handleSignals();
  const c = await loadCore();
  core = c;
  const configured = await step('config', () => configure(c));
  const log = configured.logger;
  logger = log;
  logStrayErrors(log);
  const { env, config } = configured;
  graceMs = env.SHUTDOWN_GRACE_SECONDS * 1000;
  if (door) {
    undo.push(() => door.close());
    // A port that cannot be bound ends the start now, before anything else is opened.
    await step('listener', () => door.listening);
  }
  // Questions run in worker threads (QUERY_WORKERS): acknowledgements never wait behind them.
  // Started now, so that the threads load their modules while this one loads the app's.
  const { QueryPool } = await import('./data/query-pool.ts');
  const queryPool = env.QUERY_WORKERS > 0 ? new QueryPool(env.QUERY_WORKERS, log) : null;
  if (queryPool) undo.push(() => queryPool.close());
  // The store's modules first; then the Slack side's load while the store opens (Postgres: over
  // the network) and the snapshot is read (between their bites).
  await inTurns(env.DATABASE_URL ? [...POSTGRES_MODULES, ...STORE_MODULES] : STORE_MODULES);
  const web = slackWeb(env, log);
  const slackModules = web.then(() => loadSlackModules());
  slackModules.catch(() => undefined);
  const db = await step('store', () => store(env));
  const { watchStore } = await import('./data/store-health.ts');
  const health = watchStore(db, { logger: log });
  undo.push(async () => health.stop());
  const snapshots = await step('snapshot', () => snapshotService(db, config));
  const warming = warm(snapshots, log).then(() => {
    dataLoaded = true;
    if (startup === 'loading data') startup = null;
    log.info({ sinceStartMs: Math.round(performance.now()) }, 'data loaded');
  });
  const readiness = () => startup ?? health.problem();
  const { slack, digestAlerts, refresher } = await step('slack', async () =>
    slackApp(await slackModules, await web, queryPool, env, config, db, snapshots, log, readiness, door),
  );
  // Every step that can fail the start before serving has passed: the app takes the port.
  const port = await step('listener', () => listener(slack));
  running = slack;
  if (startup === 'starting') startup = dataLoaded ? null : 'loading data';
  log.info({ mode: port === null ? 'socket' : 'http', port, stepsDoneAt }, 'kpi bot started');
  // The scheduler's sync does not hold readiness back; its failure still ends the start.
  await step('scheduler', () => scheduler(digestAlerts, refresher, config, log));
  await warming;
}

main().catch(async (error: unknown) => {
  const log =
    logger ??
    (await import('./shared/log.ts')).createLogger({
      secrets: [
        process.env.SLACK_BOT_TOKEN,
        process.env.SLACK_APP_TOKEN,
        process.env.SLACK_SIGNING_SECRET,
        process.env.HUBSPOT_ACCESS_TOKEN,
        process.env.META_ACCESS_TOKEN,
      ],
    });
  // Never a half-started process serving /health: the port closes first.
  await door?.close();
  await unwind(log);
  if (error instanceof StepError) {
    log.error({ step: error.step, code: error.code }, error.message);
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
