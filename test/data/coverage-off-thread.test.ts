import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCoverageOffThread } from '../../src/data/coverage-off-thread.ts';
import { upsertCosts } from '../../src/store/costs.ts';
import { dataCoverage } from '../../src/store/coverage.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { costs, leads } from '../kpi/snapshot-rows.ts';
import { embeddedHarness, postgresHarness } from '../store/fixtures.ts';

/** The days each source spans, read in a worker thread on the embedded store: the same answer. */
describe.each([embeddedHarness(), postgresHarness()])(
  'data coverage off the event loop ($name)',
  (harness) => {
    let db: Db;
    beforeAll(async () => {
      db = await harness.open();
      await migrate(db);
      await upsertLeads(db, leads);
      await upsertCosts(db, costs);
    });
    afterAll(async () => {
      await db?.close();
      await harness.dispose();
    });

    it('answers exactly as the query on this thread', async () => {
      const here = await dataCoverage(db, 'Europe/Paris');
      expect(here.length).toBeGreaterThan(0);
      expect(await dataCoverageOffThread(db, 'Europe/Paris')).toEqual(here);
    });
  },
);
