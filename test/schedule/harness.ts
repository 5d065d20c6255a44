import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import pg from 'pg';
import type { Db } from '../../src/store/db.ts';
import { openEmbedded } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres, quoteIdent } from '../../src/store/postgres.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A store under test (migrated), and how to reach it from a child process. */
export interface Harness {
  name: 'embedded' | 'postgres';
  /** Environment for a worker process: KPI_TEST_DB=embedded:<path> | postgres:<schema>. */
  workerEnv: Record<string, string>;
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

export function embeddedHarness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-schedule-'));
  const file = join(dir, 'kpi.sqlite');
  return {
    name: 'embedded',
    workerEnv: { KPI_TEST_DB: `embedded:${file}` },
    async open() {
      const db = openEmbedded(file);
      await migrate(db);
      return db;
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresHarness(): Harness {
  const schema = `test_schedule_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    workerEnv: { KPI_TEST_DB: `postgres:${schema}`, TEST_DATABASE_URL },
    async open() {
      const db = await openPostgres({ connectionString: TEST_DATABASE_URL, schema, max: 4 });
      await migrate(db);
      return db;
    },
    async dispose() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await client.end();
    },
  };
}

/** Opens the store a worker's KPI_TEST_DB names. */
export async function openFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  const spec = env.KPI_TEST_DB ?? '';
  const [kind, ...rest] = spec.split(':');
  const value = rest.join(':');
  const db =
    kind === 'postgres'
      ? await openPostgres({
          connectionString: env.TEST_DATABASE_URL ?? TEST_DATABASE_URL,
          schema: value,
          max: 2,
        })
      : openEmbedded(value);
  await migrate(db);
  return db;
}

/** A real WebClient pointed at a loopback server, without retries (the poster retries). */
export function slackClient(apiUrl: string): WebClient {
  return new WebClient('xoxb-test', { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
}
