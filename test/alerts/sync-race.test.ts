import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigRule, ruleFromConfig } from '../../src/alerts/rules.ts';
import { createAlertStore } from '../../src/alerts/store.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { postgresHarness, type StoreHarness } from '../store/fixtures.ts';

const rule = (id: string): ConfigRule => ({
  id,
  channel: 'C0GROWTH',
  metric: 'cpl',
  op: '>',
  threshold: 60,
  filters: [],
  window: { kind: 'last-days', days: 7 },
  renotifyMs: 3600_000,
  minVolume: 30,
});

describe('config rules synced by replicas at the same moment (Postgres)', () => {
  let store: StoreHarness;
  const dbs: Db[] = [];
  beforeAll(async () => {
    store = postgresHarness();
    for (let i = 0; i < 4; i++) dbs.push(await store.open());
    await migrate(dbs[0] as Db);
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await store.dispose();
  });

  it('never fails on the primary key nor takes one short number twice', async () => {
    const rules = ['a', 'b', 'c', 'd', 'e'].map((id) => ruleFromConfig(rule(id))).filter((r) => r !== null);
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled(
        dbs.map((db) => createAlertStore(db).syncRules(rules, 'config', Date.now())),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    }
    const rows = await (dbs[0] as Db).query<{ id: string; seq: number }>('SELECT id, seq FROM alert_rules');
    expect(rows.map((r) => r.id).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(new Set(rows.map((r) => Number(r.seq))).size).toBe(5);
  });
});
