import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchStore } from '../../src/data/store-health.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres, quoteIdent } from '../../src/store/postgres.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { eventually } from '../support/wait.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Postgres stops for a while (a proxy cuts it off): the app acks, degrades clearly, recovers. */
describe('a store outage under the Slack app', () => {
  const schema = `test_outage_${randomBytes(5).toString('hex')}`;
  let proxy: TcpProxy;
  let h: Harness;
  let health: ReturnType<typeof watchStore>;

  beforeAll(async () => {
    const target = new URL(ADMIN_URL);
    proxy = await new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }).start();
    const via = new URL(ADMIN_URL);
    via.port = String(proxy.port);
    const db = await openPostgres({ connectionString: via.toString(), schema, max: 4 });
    await migrate(db);
    health = watchStore(db, { logger: silentLogger, intervalMs: 100, timeoutMs: 1000 });
    h = await startHarness({ db, settings: { readiness: () => health.problem() } });
  });

  afterAll(async () => {
    health.stop();
    await proxy.restore();
    await h.close();
    await proxy.stop();
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await admin.end();
  });

  const reply = (id: string) => h.slack.responses.filter((r) => r.path === `/response/${id}`);

  it('acks, answers from memory, says "retrying", then answers once the store is back; /ready follows', {
    timeout: 60_000,
  }, async () => {
    // Warm: the snapshot is in memory.
    await h.command('leads period=2026-10', { responseId: 'warm' });
    await eventually(() => reply('warm').length === 1, 'the warm-up answer');
    await eventually(async () => (await fetch(`${h.url}/ready`)).status === 200, '/ready 200');

    await proxy.cut();
    await eventually(
      async () => (await fetch(`${h.url}/ready`)).status === 503,
      '/ready 503 while the store is down',
    );
    expect((await fetch(`${h.url}/health`)).status).toBe(200);

    // A question the snapshot answers: acknowledged and answered though the store is down.
    const asked = await h.command('cpl by=campaign period=2026-10', { responseId: 'mem' });
    expect(asked.status).toBe(200);
    await eventually(() => reply('mem').length === 1, 'the answer from memory');
    expect(JSON.stringify(reply('mem')[0]?.body)).toContain('Spring Sale');

    // A question that needs the store: acknowledged, told it is retrying…
    const sources = await h.command('sources', { responseId: 'src' });
    expect(sources.status).toBe(200);
    await eventually(() => reply('src').length === 1, 'the "retrying" notice', { timeoutMs: 20_000 });
    expect(JSON.stringify(reply('src')[0]?.body)).toContain('Data store unavailable, retrying');

    // …and answered once Postgres is back (the pool reconnects by itself).
    await proxy.restore();
    await eventually(() => reply('src').length === 2, 'the answer after the outage', { timeoutMs: 30_000 });
    expect(JSON.stringify(reply('src')[1]?.body)).toContain('test');
    await eventually(async () => (await fetch(`${h.url}/ready`)).status === 200, '/ready 200 again');
  });
});
