import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/data/load.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import { buildSnapshot, vocabulary } from '../../src/kpi/snapshot.ts';
import { upsertCosts } from '../../src/store/costs.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { snapshotFileDir } from '../../src/store/snapshot-files.ts';
import { embeddedHarness, postgresHarness } from '../store/fixtures.ts';
import { costs, leads, query } from './snapshot-rows.ts';

describe.each([embeddedHarness(), postgresHarness()])(
  'snapshot read back from the $name store',
  (harness) => {
    let db: Db;
    afterAll(async () => {
      await db?.close();
      await harness.dispose();
    });

    it('answers exactly as a snapshot built from the same rows', async () => {
      db = await harness.open();
      await migrate(db);
      await upsertLeads(db, leads);
      await upsertCosts(db, costs);
      const opts = { timeZone: 'Europe/Paris', currency: 'EUR' };
      const loaded = await loadSnapshot(db, opts, '1');
      const built = buildSnapshot(leads, costs, { ...opts, dataVersion: '1' });
      expect(loaded.leads.count).toBe(leads.length);
      expect(loaded.costs.count).toBe(costs.length);
      expect(vocabulary(loaded)).toEqual(vocabulary(built));
      const ctx = { now: new Date('2026-11-02T00:00:00Z'), targets: DEFAULT_TARGETS };
      for (const q of [
        query({}),
        query({ by: { kind: 'dimension', dimension: 'campaign' } }),
        query({ by: { kind: 'time', grain: 'week' }, view: 'cohort', metrics: ['conv', 'mql_to_sql'] }),
        query({
          filters: [{ dimension: 'owner', values: ['owner1'] }],
          metrics: ['leads', 'customers', 'revenue'],
        }),
        query({ by: { kind: 'dimension', dimension: 'age' }, metrics: ['spend', 'cpl', 'clicks'] }),
        query({
          filters: [{ dimension: 'placement', values: ['instagram stories'] }],
          by: { kind: 'dimension', dimension: 'hour' },
        }),
      ]) {
        const a = runQuery(loaded, q, ctx);
        const b = runQuery(built, q, ctx);
        expect(a.ok && b.ok).toBe(true);
        if (a.ok && b.ok) {
          expect(a.value.rows).toEqual(b.value.rows);
          expect(a.value.total).toEqual(b.value.total);
        }
      }
    });

    it('persists the snapshot of a data version: later loads read its bytes, not the rows', async () => {
      const opts = { timeZone: 'Europe/Paris', currency: 'EUR' as const };
      // The first test loaded version 1 and persisted it. With the rows gone (the version not
      // moved), a load of version 1 still answers from the persisted bytes.
      await db.execute('DELETE FROM leads');
      const again = await loadSnapshot(db, opts, '1');
      expect(again.leads.count).toBe(leads.length);
      expect(again.costs.count).toBe(costs.length);
      // Another zone is another snapshot: built from the rows, which are gone.
      expect((await loadSnapshot(db, { ...opts, timeZone: 'UTC' }, '1')).leads.count).toBe(0);
      // Damaged bytes are reported and rebuilt from the rows, never served: in the store's rows
      // and in the file the embedded store keeps beside them (store/snapshot-files.ts).
      const errors: unknown[] = [];
      await db.execute("UPDATE snapshot_parts SET bytes = $1 WHERE part = 0 AND settings LIKE '%Paris%'", [
        Buffer.from('not a snapshot'),
      ]);
      const files = snapshotFileDir(db.location);
      for (const name of files ? readdirSync(files) : []) {
        const at = join(files ?? '', name);
        writeFileSync(at, Buffer.alloc(statSync(at).size, 0x2a));
      }
      const rebuilt = await loadSnapshot(db, { ...opts, onPersistError: (e) => errors.push(e) }, '1');
      expect(rebuilt.leads.count).toBe(0);
      expect(errors.length).toBeGreaterThan(0);
      // A newer version is persisted and the older versions' bytes are dropped.
      await upsertLeads(db, leads.slice(0, 7));
      expect((await loadSnapshot(db, opts, '2')).leads.count).toBe(7);
      const versions = await db.query<{ v: number }>('SELECT DISTINCT data_version AS v FROM snapshot_parts');
      expect(versions.map((r) => Number(r.v))).toEqual([2]);
      expect((await loadSnapshot(db, { ...opts, persist: false }, '2')).leads.count).toBe(7);
    });
  },
);
