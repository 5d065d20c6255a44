import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { systemClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/log.ts';
import { createSlackApp, type SlackApp, type SlackSettings } from '../../src/slack/app.ts';
import { createKpiServices } from '../../src/slack/kpi-services.ts';
import { createDbSeenStore } from '../../src/slack/seen.ts';
import type { KpiServices, SlackExtensions } from '../../src/slack/services.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { SlackApiServer } from './slack-api-server.ts';
import { seedCampaigns } from './slack-data.ts';
import { interactionBody, postSigned, type SignedPostOptions, slashCommandBody } from './slack-signing.ts';

export const BOT_TOKEN = 'xoxb-1234567890-0987654321-TestBotTokenValue';
export const APP_TOKEN = 'xapp-1-A0001-1234-TestAppTokenValue';
export const SIGNING_SECRET = 'signing-secret-8f7e6d5c4b3a2910';

export interface Harness {
  slack: SlackApiServer;
  slackApp: SlackApp;
  db: Db;
  url: string;
  /** Every log line the app wrote (JSON). */
  logs: string[];
  command(
    text: string,
    fields?: { user?: string; channel?: string; responseId?: string },
    options?: Partial<SignedPostOptions>,
  ): ReturnType<typeof postSigned>;
  interaction(payload: object, options?: Partial<SignedPostOptions>): ReturnType<typeof postSigned>;
  event(event: object, eventId: string, options?: Partial<SignedPostOptions>): ReturnType<typeof postSigned>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  campaigns?: readonly string[];
  /** Wraps the real services (e.g. a slow engine). */
  wrap?: (services: KpiServices) => KpiServices;
  /** Currency rates of the workspace (config `workspace.rates`), for imports in other currencies. */
  rates?: Readonly<Record<string, number>>;
  extensions?: SlackExtensions;
  /** Extensions built over the harness's own store and loopback Slack (e.g. createDigestAlerts). */
  extensionsFor?: (db: Db, slackApiUrl: string) => SlackExtensions;
  settings?: Partial<SlackSettings>;
  /** The store to use (migrated, empty) instead of a fresh embedded one; the harness seeds it. */
  db?: Db;
  /** False: the store stays empty (nothing imported yet) instead of holding the campaign data. */
  seed?: boolean;
  /** Prepares the loopback Slack before the app starts (e.g. its Socket Mode URL). */
  beforeStart?: (slack: SlackApiServer) => void;
}

/** The real app (HTTP mode, real store, real engine) against a loopback Slack. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const slack = await new SlackApiServer().start();
  slack.botToken = BOT_TOKEN;
  const dir = await mkdtemp(join(tmpdir(), 'kpi-slack-test-'));
  const db = options.db ?? (await openStore({ DATA_DIR: dir }));
  if (options.seed !== false) {
    await seedCampaigns(db, options.campaigns ?? ['Spring Sale', 'Brand', '<!channel>'], 'test');
  }

  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const logger = createLogger({
    level: 'debug',
    destination,
    secrets: [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN],
  });
  const real = createKpiServices({
    db,
    clock: systemClock,
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    ...(options.rates ? { rates: { ...options.rates } } : {}),
  });
  const slackApp = createSlackApp(
    {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      port: 0,
      slackApiUrl: slack.apiUrl,
      workspaceLocale: 'en',
      ...options.settings,
    },
    {
      services: options.wrap ? options.wrap(real) : real,
      extensions: options.extensionsFor?.(db, slack.apiUrl) ?? options.extensions ?? {},
      clock: systemClock,
      seen: createDbSeenStore(db, systemClock),
      logger,
    },
  );
  options.beforeStart?.(slack);
  const port = await slackApp.start();
  const url = `http://127.0.0.1:${port}`;
  let responses = 0;
  return {
    slack,
    slackApp,
    db,
    url,
    logs,
    command(text, fields = {}, signOptions = {}) {
      const body = slashCommandBody({
        text,
        ...fields,
        responseUrl: slack.responseUrl(fields.responseId ?? `r${++responses}`),
      });
      return postSigned(`${url}/slack/events`, body, { secret: SIGNING_SECRET, ...signOptions });
    },
    interaction(payload, signOptions = {}) {
      return postSigned(`${url}/slack/events`, interactionBody(payload), {
        secret: SIGNING_SECRET,
        ...signOptions,
      });
    },
    event(event, eventId, signOptions = {}) {
      const body = JSON.stringify({
        token: 'legacy',
        team_id: 'T0001',
        api_app_id: 'A0001',
        event,
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
      });
      return postSigned(`${url}/slack/events`, body, {
        secret: SIGNING_SECRET,
        contentType: 'application/json',
        ...signOptions,
      });
    },
    async close() {
      await slackApp.stop();
      await slack.stop();
      await db.close();
      // A worker thread (coverage, snapshot) may still hold the store's files open a moment.
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
