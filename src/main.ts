import { hostname } from 'node:os';
import { systemClock } from './clock.ts';
import { loadEnv } from './config/env.ts';
import { loadConfig } from './config/file.ts';
import { isAppError } from './errors.ts';
import { apiClientsFromEnv } from './ingest/api/clients.ts';
import { createSheetsReader } from './ingest/sheets.ts';
import { SnapshotCache } from './kpi/cache.ts';
import { storeSource } from './kpi/load.ts';
import { createLogger } from './log.ts';
import { createDigestAlerts } from './schedule/compose.ts';
import { createSourceRefresher } from './schedule/source-refresh.ts';
import { type SourceTriggers, startSourceTriggers } from './schedule/source-triggers.ts';
import { createSlackApp, type SlackApp } from './slack/app.ts';
import { createBulkClient } from './slack/clients.ts';
import { createKpiServices } from './slack/kpi-services.ts';
import { boltLogger } from './slack/logger.ts';
import { createRefresh } from './slack/refresh.ts';
import { createDbSeenStore } from './slack/seen.ts';
import { openStore } from './store/open.ts';

/**
 * The composition root: environment and config, the store (migrated), the services, the
 * Slack app (Socket Mode or HTTP), and a graceful shutdown on SIGTERM / SIGINT.
 */
async function main(): Promise<void> {
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
  if (!env.SLACK_BOT_TOKEN) {
    logger.error(
      { variable: 'SLACK_BOT_TOKEN' },
      'SLACK_BOT_TOKEN is required to run the Slack app (see README.md, "Connect a real Slack workspace")',
    );
    process.exitCode = 2;
    return;
  }
  const config = loadConfig(env.KPI_CONFIG);
  const clock = systemClock;
  const db = await openStore(env);
  const { timeZone, currency, rates, locale } = config.workspace;
  const snapshots = new SnapshotCache(storeSource(db, { timeZone, currency }));
  // Late-bound: the Slack app (and its locale cache) is built after the features it serves.
  let slackRef: SlackApp | null = null;
  const bulkClient = createBulkClient({
    token: env.SLACK_BOT_TOKEN,
    slackApiUrl: env.SLACK_API_URL,
    logger: boltLogger(logger),
  });
  // Configured sources keep themselves fresh: their own schedules, and a read before each
  // digest and alert evaluation when older than refresh.maxAge; one replica at a time each.
  const pull = {
    clock,
    sheets: createSheetsReader({
      ...(env.SHEETS_API_URL ? { rootUrl: env.SHEETS_API_URL } : {}),
      ...(env.GOOGLE_APPLICATION_CREDENTIALS ? { keyFile: env.GOOGLE_APPLICATION_CREDENTIALS } : {}),
    }),
    apis: apiClientsFromEnv(env),
  };
  const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  let triggers: SourceTriggers | null = null;
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
            await bulkClient.chat.postMessage({ channel: adminChannel, text });
          },
        }
      : {}),
    nextRun: (name) => triggers?.nextRun(name) ?? null,
    logger,
  });
  const digestAlerts = createDigestAlerts({
    db,
    clock,
    client: bulkClient,
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
    ...(rates ? { rates } : {}),
    staleAfterHours: config.digest.staleAfterHours,
    refreshSources: createRefresh(db, config, { ...pull, owner }),
    refreshStatus: () => refresher.status(),
    snapshots,
    afterImport: () => digestAlerts.afterImport(),
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
    },
    { services, extensions: digestAlerts.extensions, clock, seen: createDbSeenStore(db, clock), logger },
  );
  slackRef = slack;
  const port = await slack.start();
  const stopSchedules = await digestAlerts.start();
  triggers = startSourceTriggers(refresher, config, { logger });
  logger.info({ mode: port === null ? 'socket' : 'http', port }, 'kpi bot started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await triggers?.stop();
      await stopSchedules();
      await slack.stop();
      await db.close();
    } finally {
      logger.flush();
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const logger = createLogger({
    secrets: [
      process.env.SLACK_BOT_TOKEN,
      process.env.SLACK_APP_TOKEN,
      process.env.SLACK_SIGNING_SECRET,
      process.env.HUBSPOT_ACCESS_TOKEN,
      process.env.META_ACCESS_TOKEN,
    ],
  });
  if (isAppError(error)) logger.error({ code: error.code, params: error.params }, error.message);
  else logger.error({ err: error }, 'startup failed');
  process.exitCode = 1;
});
