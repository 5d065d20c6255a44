import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { postgresHarness, type StoreHarness } from '../store/fixtures.ts';

// Replicas starting together on a fresh database each sync the configured digest subscriptions.
// Two first inserts of one target raced on digest_subscriptions_target (not covered by
// ON CONFLICT (id)) and failed one replica's start (seen in CI: schedule_failed).
describe('config subscriptions synced by replicas at the same moment (Postgres)', () => {
  let store: StoreHarness;
  const dbs: Db[] = [];
  beforeAll(async () => {
    store = postgresHarness();
    for (let i = 0; i < 8; i++) dbs.push(await store.open());
    await migrate(dbs[0] as Db);
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await store.dispose();
  });

  it('never fails on a unique key, and leaves one row per target', async () => {
    const clock = new ManualClock('2026-11-02T08:00:00Z');
    const defaults = { day: 1, time: '09:00', timeZone: 'Europe/Paris', locale: 'en' } as const;
    const targets = ['CA', 'CB', 'CC', 'CD', 'CE'].map(
      (id) => ({ target: { kind: 'channel', id } }) as const,
    );
    for (let round = 0; round < 30; round++) {
      await (dbs[0] as Db).execute('DELETE FROM digest_subscriptions');
      const results = await Promise.allSettled(
        dbs.map((db) => createSubscriptionService(db, clock, defaults).syncFromConfig(targets)),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    }
    const rows = await (dbs[0] as Db).query<{ target_id: string; active: number }>(
      'SELECT target_id, active FROM digest_subscriptions ORDER BY target_id',
    );
    expect(rows.map((r) => [r.target_id, Number(r.active)])).toEqual([
      ['CA', 1],
      ['CB', 1],
      ['CC', 1],
      ['CD', 1],
      ['CE', 1],
    ]);
  });
});
