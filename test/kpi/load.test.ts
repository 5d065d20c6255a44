import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshot, storeSource } from '../../src/data/load.ts';
import { SnapshotCache } from '../../src/kpi/cache.ts';
import { runQuery } from '../../src/kpi/engine.ts';
import { upsertCosts } from '../../src/store/costs.ts';
import { openEmbedded } from '../../src/store/embedded.ts';
import { upsertLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { bumpDataVersion } from '../../src/store/version.ts';
import { cost, lead, times } from './rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'kpi-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('snapshot from the embedded store', () => {
  it('loads pages into a snapshot and rebuilds when the data version changes', async () => {
    const db = openEmbedded(join(dir, 'kpi.sqlite'));
    try {
      await migrate(db);
      await upsertLeads(
        db,
        times(25, () => lead({ campaign: 'Spring Sale' })),
      );
      await upsertCosts(db, [cost({ campaign: 'spring sale', amount: 500 })]);
      await bumpDataVersion(db, Date.now());
      const opts = { timeZone: 'Europe/Paris', currency: 'EUR' };
      const cache = new SnapshotCache(storeSource(db, opts));
      const first = await cache.get();
      expect(first.leads.count).toBe(25);
      expect(await cache.get()).toBe(first);
      const query = {
        metrics: ['cpl'] as const,
        filters: [],
        by: null,
        period: { kind: 'month', year: 2026, month: 10 } as const,
        compare: null,
        view: 'flow' as const,
      };
      const r = runQuery(first, query, {
        now: new Date('2026-11-02T00:00:00Z'),
        targets: { ltvCacRatio: 3 },
      });
      expect(r.ok && r.value.total.values.cpl.value).toBe(20);

      await upsertLeads(
        db,
        times(5, () => lead()),
      );
      await bumpDataVersion(db, Date.now());
      const second = await cache.get();
      expect(second).not.toBe(first);
      expect(second.leads.count).toBe(30);
      expect(second.dataVersion).not.toBe(first.dataVersion);
      expect((await loadSnapshot(db, opts)).leads.count).toBe(30);
    } finally {
      await db.close();
    }
  });
});
