import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshotOffThread } from '../../src/data/load-off-thread.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { upsertCosts } from '../../src/store/costs.ts';
import type { Db } from '../../src/store/db.ts';
import { openEmbedded } from '../../src/store/embedded.ts';
import { upsertLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { bumpDataVersion } from '../../src/store/version.ts';
import { costs, leads, query } from '../kpi/snapshot-rows.ts';
import { embeddedHarness, postgresHarness } from '../store/fixtures.ts';

const opts = { timeZone: 'Europe/Paris', currency: 'EUR' as const };
const ctx = { now: new Date('2026-11-02T00:00:00Z'), targets: DEFAULT_TARGETS };

describe.each([embeddedHarness(), postgresHarness()])(
  'snapshot loaded off the event loop ($name)',
  (harness) => {
    let db: Db;
    beforeAll(async () => {
      db = await harness.open();
      await migrate(db);
      await upsertLeads(db, leads);
      await upsertCosts(db, costs);
      await bumpDataVersion(db, 1);
    });
    afterAll(async () => {
      await db?.close();
      await harness.dispose();
    });

    it('builds a new version in a worker, persists it, and answers as a snapshot of the same rows', async () => {
      const errors: unknown[] = [];
      const loaded = await loadSnapshotOffThread(db, { ...opts, onPersistError: (e) => errors.push(e) });
      expect(errors).toEqual([]);
      expect(loaded.dataVersion).toBe('1');
      // Decoded from one block of bytes (the worker's transfer), not built here column by column.
      expect(loaded.leads.created.buffer).toBe(loaded.costs.day.buffer);
      const stored = await db.query('SELECT parts FROM snapshots WHERE data_version = 1');
      expect(stored).toHaveLength(1);
      const built = buildSnapshot(leads, costs, { ...opts, dataVersion: '1' });
      for (const q of [query({}), query({ by: { kind: 'dimension', dimension: 'campaign' } })]) {
        const a = runQuery(loaded, q, ctx);
        const b = runQuery(built, q, ctx);
        expect(a.ok && b.ok && a.value.rows).toEqual(b.ok && b.value.rows);
        expect(a.ok && a.value.total).toEqual(b.ok && b.value.total);
      }
      // Later loads of the version read the persisted bytes: the rows are not read again.
      await db.execute('DELETE FROM costs');
      expect((await loadSnapshotOffThread(db, opts)).costs.count).toBe(costs.length);
    });

    it('falls back to this thread when the worker cannot open the store, and says so', async () => {
      await bumpDataVersion(db, 2);
      // A path under a regular file: no worker can open a store there.
      const dir = mkdtempSync(join(tmpdir(), 'kpi-off-'));
      const file = join(dir, 'a-file');
      writeFileSync(file, '');
      const unreachable: Db = {
        dialect: db.dialect,
        location: { kind: 'sqlite', path: join(file, 'sub', 'kpi.sqlite') },
        query: (sql, params) => db.query(sql, params),
        execute: (sql, params) => db.execute(sql, params),
        transaction: (fn) => db.transaction(fn),
        close: async () => {},
      };
      const errors: unknown[] = [];
      const loaded = await loadSnapshotOffThread(unreachable, {
        ...opts,
        onPersistError: (e) => errors.push(e),
      });
      expect(loaded.dataVersion).toBe('2');
      expect(loaded.leads.count).toBe(leads.length);
      expect(loaded.costs.count).toBe(0);
      expect(String(errors[0])).toMatch(/snapshot worker failed/);
      rmSync(dir, { recursive: true, force: true });
    });
  },
);

describe('snapshot of an in-memory store', () => {
  it('loads on this thread (no worker can open it)', async () => {
    const db = openEmbedded(':memory:');
    try {
      expect(db.location).toBeNull();
      await migrate(db);
      await upsertLeads(db, leads.slice(0, 10));
      const loaded = await loadSnapshotOffThread(db, opts);
      expect(loaded.leads.count).toBe(10);
    } finally {
      await db.close();
    }
  });
});
