import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import type { Db } from '../../src/store/db.ts';
import { openEmbedded } from '../../src/store/embedded.ts';
import { openPostgres, quoteIdent } from '../../src/store/postgres.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One store under test: how to open a connection to it, and how to throw it away. */
export interface StoreHarness {
  name: 'embedded' | 'postgres';
  /** The Postgres schema (empty for the embedded store). */
  schema: string;
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

export function embeddedHarness(): StoreHarness {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-store-'));
  return {
    name: 'embedded',
    schema: '',
    open: async () => openEmbedded(join(dir, 'kpi.sqlite')),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh random schema on the test Postgres, dropped by dispose(). */
export function postgresHarness(): StoreHarness {
  const schema = `test_store_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    schema,
    open: () => openPostgres({ connectionString: TEST_DATABASE_URL, schema, max: 4 }),
    async dispose() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
      await client.end();
    },
  };
}

export function lead(recordId: string, overrides: Partial<Lead> = {}): Lead {
  return {
    origin: 'hubspot-contacts',
    recordId,
    createdAt: Date.UTC(2026, 2, 12, 9, 30),
    channel: 'paid_search',
    source: 'google',
    campaign: 'Spring Sale',
    ad: null,
    audience: null,
    form: null,
    keyword: null,
    owner: 'Léa',
    segment: null,
    product: null,
    country: 'FR',
    email: `${recordId}@example.com`,
    phone: null,
    valid: true,
    mqlAt: Date.UTC(2026, 2, 13),
    sqlAt: null,
    opportunityAt: null,
    customerAt: null,
    lostAt: null,
    activatedAt: null,
    amount: null,
    pipelineAmount: 1234.56,
    currency: 'EUR',
    customerId: null,
    ...overrides,
  };
}

export function cost(recordId: string, overrides: Partial<Cost> = {}): Cost {
  return {
    origin: 'google-ads',
    recordId,
    date: '2026-03-12',
    channel: 'paid_search',
    source: 'google',
    campaign: 'spring_sale',
    ad: null,
    audience: null,
    keyword: null,
    country: null,
    amount: 99.5,
    currency: 'EUR',
    kind: 'media',
    impressions: 1000,
    clicks: 42,
    ...overrides,
  };
}
