import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from './support/app-process.ts';
import { SlackApiServer } from './support/slack-api-server.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Config rules, a subscription and built-ins (admin channel): what every replica syncs on start. */
const CONFIG = `
workspace:
  timeZone: Europe/Paris
  currency: EUR
digest:
  adminChannel: "C0ADMIN"
  subscriptions:
    - channel: "C0MKT"
      day: mon
      time: "09:00"
alerts:
  rules:
    - { id: cpl-ceiling, metric: cpl, op: ">", threshold: 80, window: 7d, channel: "C0GROWTH" }
    - { id: leads-floor, metric: leads, op: "<", threshold: 10, window: 7d, channel: "C0GROWTH" }
    - { id: cac-ceiling, metric: cac, op: ">", threshold: 900, window: last-week, channel: "C0GROWTH" }
`;

describe('three replicas starting together on a fresh Postgres database', () => {
  const database = `kpi_replicas_${Math.random().toString(36).slice(2, 10)}`;
  const url = new URL(ADMIN_URL);
  let slack: SlackApiServer;
  let dir: string;
  const apps: AppProcess[] = [];

  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    slack = await new SlackApiServer().start();
    dir = await mkdtemp(join(tmpdir(), 'kpi-replicas-'));
    await writeFile(join(dir, 'kpi.yaml'), CONFIG);
  });

  afterAll(async () => {
    for (const app of apps) app.child.kill('SIGKILL');
    await Promise.all(apps.map((a) => a.exited));
    await slack.stop();
    await rm(dir, { recursive: true, force: true });
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('all become ready (migrations under a lock, config synced with ON CONFLICT), and stop with 0', {
    timeout: 150_000,
  }, async () => {
    url.pathname = `/${database}`;
    const env = {
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: url.toString(),
      KPI_CONFIG: join(dir, 'kpi.yaml'),
      DATA_DIR: dir,
    };
    apps.push(...(await Promise.all([startApp(env), startApp(env), startApp(env)])));
    await Promise.all(apps.map((a) => a.waitFor('/ready', 200, 120_000)));
    for (const app of apps) {
      expect(app.child.exitCode).toBeNull();
      expect(app.output.join('')).not.toContain('Startup failed');
    }
    const counts = await admin(async () => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const rules = await client.query(
          "SELECT COUNT(*)::int AS n FROM alert_rules WHERE origin = 'config'",
        );
        const seqs = await client.query(
          'SELECT COUNT(DISTINCT seq)::int AS n, COUNT(*)::int AS all FROM alert_rules',
        );
        const subs = await client.query(
          'SELECT COUNT(*)::int AS n FROM digest_subscriptions WHERE active = 1',
        );
        return { rules: rules.rows[0].n, seqs: seqs.rows[0], subs: subs.rows[0].n };
      } finally {
        await client.end();
      }
    });
    expect(counts.rules).toBe(3);
    expect(counts.seqs.n).toBe(counts.seqs.all);
    expect(counts.subs).toBe(1);
    for (const app of apps) app.child.kill('SIGTERM');
    expect(await Promise.all(apps.map((a) => a.exited))).toEqual([0, 0, 0]);
  });
});
