import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/data/load.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot, vocabulary } from '../../src/kpi/snapshot.ts';
import { upsertCosts } from '../../src/store/costs.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { embeddedHarness, postgresHarness } from '../store/fixtures.ts';
import { cost, lead, times } from './rows.ts';

const day = (d: number, h = 10) => Date.UTC(2026, 9, d, h);
const leads = times(120, (i) =>
  lead({
    createdAt: day(1 + (i % 28)),
    campaign: i % 3 === 0 ? 'Spring Sale' : i % 3 === 1 ? 'spring_sale' : 'Brand',
    channel: i % 2 ? 'paid_search' : 'paid_social',
    owner: `owner${i % 4}`,
    mqlAt: i % 2 ? day(2 + (i % 27), 15) : null,
    sqlAt: i % 4 === 1 ? day(3 + (i % 26)) : null,
    customerAt: i % 8 === 1 ? day(4 + (i % 25)) : null,
    lostAt: i % 8 === 5 ? day(4 + (i % 25)) : null,
    amount: i % 8 === 1 ? 1000 + i : null,
    pipelineAmount: i % 8 === 3 ? 500 : null,
    customerId: i % 8 === 1 ? `cust${i % 5}` : null,
    valid: i % 10 !== 0,
  }),
);
const costs = times(56, (i) =>
  cost({
    date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
    campaign: i % 2 ? 'Spring Sale' : 'Brand',
    channel: i % 2 ? 'paid_search' : 'paid_social',
    amount: 40 + i,
    kind: i % 7 === 0 ? 'sales' : 'media',
    impressions: 1000 + i,
    clicks: 10 + i,
    // Ad-platform breakdowns travel through both stores like the other dimensions.
    age: i % 3 === 0 ? null : i % 3 === 1 ? '25-34' : '35-44',
    gender: i % 2 ? 'female' : 'male',
    device: i % 4 === 0 ? 'desktop' : 'iphone',
    placement: i % 5 === 0 ? 'instagram Stories' : 'facebook Feed',
    hour: String(i % 24).padStart(2, '0'),
  }),
);

const query = (over: Partial<Query>): Query => ({
  metrics: ['leads', 'mql', 'sql', 'customers', 'cpl', 'cac', 'roi', 'arpc', 'winrate', 'pipeline', 'ctr'],
  filters: [],
  by: null,
  period: { kind: 'month', year: 2026, month: 10 },
  compare: null,
  view: 'flow',
  ...over,
});

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
  },
);
