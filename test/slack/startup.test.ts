import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreSink } from '../../src/data/store-sink.ts';
import { t } from '../../src/i18n/catalogue.ts';
import type { Lead } from '../../src/model/lead.ts';
import { openStore } from '../../src/store/open.ts';
import { openPostgres, quoteIdent } from '../../src/store/postgres.ts';
import { type AppProcess, seedStore, startApp } from '../support/app-process.ts';
import { blankLead } from '../support/rows.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';
import { SIGNING_SECRET } from '../support/slack-harness.ts';
import { postSigned, slashCommandBody } from '../support/slack-signing.ts';
import { eventually } from '../support/wait.ts';

/*
 * Issue 17: the order of a start. /health answers from the first moment (the front door opens
 * before the app's modules load), /ready says 503 and why until the Slack app and the data are
 * there, Slack's deliveries meanwhile get 503 (Slack retries) until the app is built, and a /kpi
 * acknowledged while the data is loading is told "loading data, a moment" and answered once it
 * is loaded. The slow parts are held by the test (a Slack call held open, a lock on the
 * snapshots table), so every step waits for a state, not for a time.
 */

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** GET `path`: status and JSON body (0 when nothing answered). */
async function get(
  url: string,
  timeoutMs = 3000,
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch {
    return { status: 0, body: {} };
  }
}

/** Many leads spread over 2026 (the start builds their snapshot in a worker: none is persisted). */
async function seedLarge(dir: string, count: number): Promise<void> {
  const db = await openStore({ DATA_DIR: dir });
  const sink = createStoreSink(db);
  const start = Date.UTC(2026, 0, 1);
  const channels = ['paid_search', 'paid_social', 'organic_search', 'email'] as const;
  for (let from = 0; from < count; from += 20_000) {
    const batch: Lead[] = [];
    for (let i = from; i < Math.min(count, from + 20_000); i++) {
      batch.push(
        blankLead({
          recordId: `L${i}`,
          createdAt: start + (i % 300) * 86_400_000 + (i % 86_400) * 1000,
          channel: channels[i % channels.length] ?? 'paid_search',
          campaign: `Campaign ${i % 50}`,
          mqlAt: i % 3 === 0 ? start + (i % 300) * 86_400_000 + 3 * 86_400_000 : null,
        }),
      );
    }
    await sink.writeLeads(batch);
  }
  await sink.finish({
    origin: 'seed',
    name: 'seed',
    startedAt: Date.now(),
    finishedAt: Date.now(),
    rowsRead: count,
    rowsSkipped: 0,
    report: {},
  });
  await db.close();
}

describe('npm start on a large store while Slack is slow, then failing, at first', () => {
  const LEADS = 100_000;
  let slack: SlackApiServer;
  let app: AppProcess;
  let dir: string;
  let release: () => void;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-startup-'));
    await seedLarge(dir, LEADS);
    slack = await new SlackApiServer().start();
    // auth.test, the first Web API call of a start, is held open; once let go it fails once (503).
    release = slack.hold('auth.test');
    slack.script('auth.test', [{ status: 503 }]);
    app = await startApp({ SLACK_API_URL: slack.apiUrl, DATA_DIR: dir });
  }, 120_000);

  afterAll(async () => {
    release?.();
    app?.child.kill('SIGKILL');
    await slack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers /health at once, /ready 503 with the reason, Slack 503; stays up and turns ready', {
    timeout: 120_000,
  }, async () => {
    await eventually(async () => (await get(`${app.url}/health`)).status === 200, 'GET /health 200', {
      timeoutMs: 30_000,
    });
    // Slack has not answered auth.test yet: /health does not wait for it.
    expect(slack.callsTo('auth.test')).toHaveLength(0);
    const ready = await get(`${app.url}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not ready', reason: 'starting' });
    // A delivery before the app exists: 503, so that Slack delivers it again.
    const early = await postSigned(
      `${app.url}/slack/events`,
      slashCommandBody({ text: 'leads', responseUrl: slack.responseUrl('early') }),
      { secret: SIGNING_SECRET },
    );
    expect(early.status).toBe(503);

    // From now on /health is polled until /ready turns 200: every poll answered 200 within
    // Slack's 3 s acknowledgement window while auth.test fails, is retried, and the snapshot of
    // the leads is built.
    const healths: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        healths.push((await get(`${app.url}/health`)).status);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    release();
    await eventually(async () => (await get(`${app.url}/ready`)).status === 200, 'GET /ready 200', {
      timeoutMs: 90_000,
      intervalMs: 50,
    });
    polling = false;
    await poller;

    expect(healths.length).toBeGreaterThan(0);
    expect(healths.filter((s) => s !== 200)).toEqual([]);
    expect(slack.callsTo('auth.test').map((c) => c.status)).toEqual([503, 200]);
    expect(app.child.exitCode).toBeNull();
    expect(app.output.join('')).toContain('kpi bot started');
  });
});

describe('a /kpi that arrives while the data is loading (Postgres, the snapshot read held)', () => {
  const schema = `test_startup_${randomBytes(5).toString('hex')}`;
  let slack: SlackApiServer;
  let app: AppProcess;
  let lock: pg.Client;

  beforeAll(async () => {
    const db = await openPostgres({ connectionString: ADMIN_URL, schema, max: 2 });
    const { migrate } = await import('../../src/store/migrate.ts');
    await migrate(db);
    await seedStore(db);
    await db.close();
    // The app's snapshot load waits on this lock until the test lets it go.
    lock = new pg.Client({ connectionString: ADMIN_URL });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query(`LOCK TABLE ${quoteIdent(schema)}.snapshots IN ACCESS EXCLUSIVE MODE`);
    slack = await new SlackApiServer().start();
    slack.locales.set('UFR', 'fr-FR');
    slack.locales.set('UEN', 'en-US');
    const url = new URL(ADMIN_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    app = await startApp({ SLACK_API_URL: slack.apiUrl, DATABASE_URL: url.toString() });
  }, 120_000);

  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await slack?.stop();
    await lock?.query('ROLLBACK').catch(() => undefined);
    await lock?.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await admin.end();
  });

  const replies = (id: string) => slack.responses.filter((r) => r.path === `/response/${id}`);
  const text = (body: Record<string, unknown>) => JSON.stringify(body);

  it('acknowledges it, says "loading data, a moment" in the user’s language, then answers', {
    timeout: 120_000,
  }, async () => {
    await eventually(
      async () => (await get(`${app.url}/ready`)).body.reason === 'loading data',
      '/ready 503 "loading data"',
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    for (const [user, id] of [
      ['UEN', 'en'],
      ['UFR', 'fr'],
    ] as const) {
      const ack = await postSigned(
        `${app.url}/slack/events`,
        slashCommandBody({
          text: 'leads by=campaign period=2026-10',
          user,
          responseUrl: slack.responseUrl(id),
        }),
        { secret: SIGNING_SECRET },
      );
      expect(ack.status).toBe(200);
    }
    // Within the reply window: the notice, from the catalogue, in each user's language.
    for (const locale of ['en', 'fr'] as const) {
      await eventually(() => replies(locale).length > 0, `the ${locale} notice`, { timeoutMs: 30_000 });
      const notice = replies(locale)[0]?.body ?? {};
      expect(text(notice)).toContain(t(locale, 'slack.loading'));
      expect(notice.response_type).toBe('ephemeral');
    }
    // The data is still held: no answer yet, and the replica says why it is not ready.
    expect(replies('en')).toHaveLength(1);
    expect(replies('fr')).toHaveLength(1);
    expect((await get(`${app.url}/ready`)).body).toMatchObject({ reason: 'loading data' });

    await lock.query('COMMIT');
    for (const locale of ['en', 'fr'] as const) {
      await eventually(() => replies(locale).length === 2, `the ${locale} answer`, { timeoutMs: 60_000 });
      const answer = text(replies(locale)[1]?.body ?? {});
      expect(answer).not.toContain(t(locale, 'slack.loading'));
      expect(answer).toContain('Spring Sale');
    }
    await eventually(async () => (await get(`${app.url}/ready`)).status === 200, '/ready 200');
    expect(app.child.exitCode).toBeNull();
  });
});

describe('a start that fails after /health has answered', () => {
  let slack: SlackApiServer;
  let app: AppProcess;
  let dir: string;
  let release: () => void;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-startup-fail-'));
    slack = await new SlackApiServer().start();
    release = slack.hold('auth.test');
    slack.script('auth.test', [{ status: 200, body: { ok: false, error: 'invalid_auth' } }]);
    app = await startApp({ SLACK_API_URL: slack.apiUrl, DATA_DIR: dir });
  }, 60_000);

  afterAll(async () => {
    release?.();
    app?.child.kill('SIGKILL');
    await slack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('closes the port and exits non-zero: never a half-started process answering /health', {
    timeout: 90_000,
  }, async () => {
    await eventually(async () => (await get(`${app.url}/health`)).status === 200, 'GET /health 200', {
      timeoutMs: 30_000,
    });
    // Slack refuses the token once auth.test is let go: the start fails.
    release();
    expect(await app.exited).toBe(1);
    expect((await get(`${app.url}/health`)).status).toBe(0);
    expect(app.output.join('')).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(app.output.join('')).not.toContain('kpi bot started');
  });
});
