import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestIntoStore } from '../../src/data/sources.ts';
import type { IngestOptions } from '../../src/ingest/options.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { iterateCosts, otherGrainDays, readOtherGrains, upsertCosts } from '../../src/store/costs.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { FIXTURE_OPTIONS, FIXTURES } from '../fixtures/load.ts';
import { tmpDir, writeFile } from '../ingest/support.ts';
import { cost } from '../kpi/rows.ts';
import { embeddedHarness, postgresHarness, type StoreHarness } from '../store/fixtures.ts';

// Campaign level over Jan 27 – Feb 23 (range line): Brand - UK 365.22, Generic - UK 140.00, Display - UK 0.00.
const GRID = 'google-ads-campaigns/campaign-grid-en-gb.csv';
const dir = tmpDir();
const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));

/** A daily Google Ads ad group report (Day segment) of Brand - UK on the given days. */
function adGroupsOn(name: string, days: readonly string[]): string {
  const rows = days.map((d, i) => `Enabled,Brand - exact,Brand - UK,${d},EUR,100,10,${(10 + i).toFixed(2)}`);
  return writeFile(
    dir,
    name,
    [
      'Ad group report',
      'Ad group status,Ad group,Campaign,Day,Currency code,Impr.,Clicks,Cost',
      ...rows,
      '',
    ].join('\n'),
  );
}

for (const harness of [embeddedHarness, postgresHarness] as const) {
  describe(`a grid's whole span meets spend of another level (${harness().name} store)`, () => {
    let store: StoreHarness;
    let db: Db;
    const opened: StoreHarness[] = [];
    beforeEach(async () => {
      store = harness();
      opened.push(store);
      db = await store.open();
      await migrate(db);
      return () => db.close();
    });
    afterAll(async () => {
      for (const s of opened) await s.dispose();
    });

    const ingest = (path: string, name: string, extra: Partial<IngestOptions> = {}) =>
      ingestIntoStore(db, { path, name, options: { ...FIXTURE_OPTIONS, ...extra } }, clock);
    const storedCents = async () => {
      let cents = 0;
      for await (const page of iterateCosts(db)) for (const c of page) cents += Math.round(c.amount * 100);
      return cents;
    };

    it.each([
      ['its last day', ['2026-02-23'], '2026-02-23', '2026-02-23'],
      ['a day inside it', ['2026-02-10'], '2026-02-10', '2026-02-10'],
      ['days across its end', ['2026-02-22', '2026-02-23', '2026-02-24'], '2026-02-22', '2026-02-23'],
    ])('daily ad groups on %s, the grid stored first: refused', async (_what, days, from, to) => {
      expect((await ingest(join(FIXTURES, GRID), 'Campaign report.csv')).error).toBeNull();
      const refused = await ingest(adGroupsOn('Ad group report.csv', days), 'Ad group report.csv');
      expect(refused.error?.params).toMatchObject({ other: 'Campaign report.csv', from, to });
      expect(await storedCents()).toBe(50_522);
    });

    it.each([
      ['its last day', ['2026-02-23']],
      ['a day inside it', ['2026-02-10']],
    ])('daily ad groups on %s stored first, the grid then: refused', async (_what, days) => {
      expect((await ingest(adGroupsOn('Ad group report.csv', days), 'Ad group report.csv')).error).toBeNull();
      const refused = await ingest(join(FIXTURES, GRID), 'Campaign report.csv');
      expect(refused.error?.params).toMatchObject({ other: 'Ad group report.csv', days: 1 });
      expect(await storedCents()).toBe(1000);
    });

    it('keepLevel campaign: the daily rows inside the stored grid are skipped, those after it kept', async () => {
      expect((await ingest(join(FIXTURES, GRID), 'Campaign report.csv')).error).toBeNull();
      const file = adGroupsOn('Ad group report.csv', ['2026-02-23', '2026-02-24']);
      const r = await ingest(file, 'Ad group report.csv', { keepLevel: { google: 'campaign' } });
      expect(r).toMatchObject({ accepted: 1, skipped: 1 });
      expect(await storedCents()).toBe(50_522 + 1100);
    });

    it('keepLevel ad_group: the stored grid rows that meet the daily rows go, whole', async () => {
      expect((await ingest(join(FIXTURES, GRID), 'Campaign report.csv')).error).toBeNull();
      const file = adGroupsOn('Ad group report.csv', ['2026-02-23']);
      const r = await ingest(file, 'Ad group report.csv', { keepLevel: { google: 'ad_group' } });
      expect(r.error).toBeNull();
      // Brand - UK's 365.22 over the span goes; Generic - UK and Display - UK stay beside the 10.00.
      expect(await storedCents()).toBe(14_000 + 1000);
    });

    it('the rows an import would replace are matched on the whole span, not on its first day', async () => {
      const brand = { source: 'google', campaign: 'Brand - UK', channel: 'paid_search' as const };
      await upsertCosts(db, [
        cost({
          ...brand,
          origin: 'grid',
          date: '2026-01-27',
          endDate: '2026-02-23',
          amount: 365.22,
          grain: 'campaign',
        }),
        cost({ ...brand, origin: 'keywords', date: '2026-01-27', amount: 4.5, grain: 'keyword' }),
      ]);
      const met = await otherGrainDays(db, 'ad_group', { from: '2026-02-23', to: '2026-02-23' });
      expect(met.map((d) => [d.grain, d.date, d.endDate])).toEqual([
        ['campaign', '2026-01-27', '2026-02-23'],
      ]);
      // The keyword row of Jan 27 is not met by a file of Feb 23: it is neither counted nor kept for undo.
      const read = await readOtherGrains(db, 'ad_group', met);
      expect(read.map((c) => [c.grain, c.amount])).toEqual([['campaign', 365.22]]);
    });
  });
}
