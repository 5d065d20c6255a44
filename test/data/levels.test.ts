import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestIntoStore } from '../../src/data/sources.ts';
import { t } from '../../src/i18n/catalogue.ts';
import type { IngestOptions } from '../../src/ingest/options.ts';
import { formatIngestReport } from '../../src/ingest/report.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { iterateCosts } from '../../src/store/costs.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { FIXTURE_OPTIONS, FIXTURES } from '../fixtures/load.ts';
import { tmpDir, writeFile } from '../ingest/support.ts';
import { embeddedHarness, postgresHarness, type StoreHarness } from '../store/fixtures.ts';

const CAMPAIGNS = 'google-ads-campaigns/campaign-report.csv'; // campaign level: 2 270.06 EUR, 4 rows
const AD_GROUPS = 'google-ads-levels/ad-group-report.csv'; // ad group level: 2 331.81 EUR, 8 rows, same campaigns and days
const AD_GROUP_GRID = 'google-ads-levels/ad-group-report-range.csv'; // no Day: 4 rows over Nov 16–17, 2 331.81 EUR
const OLD_KEYWORDS = 'google-ads-levels/adwords-keyword-report-2016.csv'; // no campaign column, 2016-06-14, 4.56 EUR
const META_AGE_GENDER = 'meta-ads/meta-age-gender.csv'; // ad + age + gender: 80.55 EUR
const META_AD_SETS = 'meta-ads/meta-adset-level.csv'; // ad set level, same campaign and days: 80.55 EUR

const dir = tmpDir();
const clock = new ManualClock(new Date('2026-11-20T09:00:00Z'));

async function stored(db: Db): Promise<{ rows: number; cents: number; grains: string[] }> {
  let rows = 0;
  let cents = 0;
  const grains = new Set<string>();
  for await (const page of iterateCosts(db)) {
    for (const c of page) {
      rows++;
      cents += Math.round(c.amount * 100);
      grains.add(String(c.grain));
    }
  }
  return { rows, cents, grains: [...grains].sort() };
}

for (const harness of [embeddedHarness, postgresHarness] as const) {
  describe(`never double count across report levels (${harness().name} store)`, () => {
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

    const ingest = (file: string, extra: Partial<IngestOptions> = {}) =>
      ingestIntoStore(
        db,
        {
          path: join(FIXTURES, file),
          name: file.split('/')[1] ?? file,
          options: { ...FIXTURE_OPTIONS, ...extra },
        },
        clock,
      );

    it('refuses an ad-group report whose spend a stored campaign report holds, naming both files', async () => {
      const first = await ingest(CAMPAIGNS);
      expect(first.error).toBeNull();
      expect(first.grain).toEqual({ level: 'campaign', breakdowns: [] });
      expect(await stored(db)).toEqual({ rows: 4, cents: 227_006, grains: ['campaign'] });

      const second = await ingest(AD_GROUPS);
      expect(second.error?.code).toBe('double_count');
      expect(second.error?.params).toMatchObject({
        file: join(FIXTURES, AD_GROUPS),
        other: 'campaign-report.csv',
        level: 'ad_group',
        otherLevel: 'campaign',
        platform: 'google',
        days: 4,
      });
      const text = t('en', 'ingest.error.doubleCount', second.error?.params ?? {});
      expect(text).toContain('ad-group-report.csv holds spend that campaign-report.csv already holds');
      expect(text).toContain('keepLevel: {google: ad_group}');
      expect(formatIngestReport(second, 'fr')).toContain('rien n’a été importé');
      // Nothing of the second file was written: the campaign report's spend alone.
      expect(await stored(db)).toEqual({ rows: 4, cents: 227_006, grains: ['campaign'] });
    });

    it('refuses the campaign report the other way round too', async () => {
      expect((await ingest(AD_GROUPS)).error).toBeNull();
      const second = await ingest(CAMPAIGNS);
      expect(second.error?.params).toMatchObject({
        other: 'ad-group-report.csv',
        level: 'campaign',
        otherLevel: 'ad_group',
      });
      expect(await stored(db)).toEqual({ rows: 8, cents: 233_181, grains: ['ad_group'] });
    });

    it('a Meta export by age and gender beside the same account at ad set level is refused', async () => {
      expect((await ingest(META_AGE_GENDER)).error).toBeNull();
      const second = await ingest(META_AD_SETS);
      expect(second.error?.params).toMatchObject({
        other: 'meta-age-gender.csv',
        level: 'ad_group',
        otherLevel: 'ad+age+gender',
        platform: 'facebook',
        campaign: 'Lead Gen - Nov',
        from: '2026-11-16',
        to: '2026-11-17',
      });
      expect(await stored(db)).toEqual({ rows: 16, cents: 8055, grains: ['ad+age+gender'] });
    });

    it('the same file again, or another file at the same level, is no conflict', async () => {
      expect((await ingest(AD_GROUPS)).error).toBeNull();
      const again = await ingest(AD_GROUPS);
      expect(again.error).toBeNull();
      expect(again).toMatchObject({ accepted: 8, skipped: 0 });
      expect(await stored(db)).toEqual({ rows: 8, cents: 233_181, grains: ['ad_group'] });
    });

    it('keepLevel names the kept level: a kept-level file replaces the other level on its days', async () => {
      expect((await ingest(CAMPAIGNS)).error).toBeNull();
      const second = await ingest(AD_GROUPS, { keepLevel: { google: 'ad_group' } });
      expect(second.error).toBeNull();
      expect(second).toMatchObject({ accepted: 8, skipped: 0 });
      expect(second.warnings).toContainEqual({
        key: 'ingest.warn.levelReplaced',
        params: {
          rows: 4,
          other: 'campaign-report.csv',
          otherLevel: 'campaign',
          level: 'ad_group',
          platform: 'google',
          days: 4,
        },
      });
      expect(await stored(db)).toEqual({ rows: 8, cents: 233_181, grains: ['ad_group'] });
    });

    it('keepLevel names the stored level: the other file’s rows on those days are skipped, not added', async () => {
      expect((await ingest(CAMPAIGNS)).error).toBeNull();
      const second = await ingest(AD_GROUPS, { keepLevel: { google: 'campaign' } });
      expect(second.error).toBeNull();
      expect(second).toMatchObject({ rowsRead: 12, accepted: 0, skipped: 8, summary: 4 });
      expect(second.skippedExamples[0]).toMatchObject({ row: 4, key: 'ingest.skip.levelCovered' });
      expect(second.warnings).toContainEqual({
        key: 'ingest.warn.levelCovered',
        params: {
          other: 'campaign-report.csv',
          otherLevel: 'campaign',
          level: 'ad_group',
          platform: 'google',
          days: 4,
        },
      });
      expect(await stored(db)).toEqual({ rows: 4, cents: 227_006, grains: ['campaign'] });
    });

    it('a grid over a range overlaps the daily rows of its days: refused, or resolved by keepLevel', async () => {
      expect((await ingest(CAMPAIGNS)).error).toBeNull();
      const refused = await ingest(AD_GROUP_GRID);
      expect(refused.error?.params).toMatchObject({
        other: 'campaign-report.csv',
        level: 'ad_group',
        otherLevel: 'campaign',
        from: '2026-11-16',
        to: '2026-11-17',
        days: 4,
      });
      const skipped = await ingest(AD_GROUP_GRID, { keepLevel: { google: 'campaign' } });
      expect(skipped).toMatchObject({ accepted: 0, skipped: 4 });
      expect(await stored(db)).toEqual({ rows: 4, cents: 227_006, grains: ['campaign'] });
      const replacing = await ingest(AD_GROUP_GRID, { keepLevel: { google: 'ad_group' } });
      expect(replacing).toMatchObject({ accepted: 4, skipped: 0 });
      expect(await stored(db)).toEqual({ rows: 4, cents: 233_181, grains: ['ad_group'] });
    });

    it('a report without a campaign column meets every campaign of its platform on its days', async () => {
      const campaigns = writeFile(
        dir,
        'Campaign report.csv',
        'Day,Campaign,Cost\n2016-06-14,Plants FR,10.00\n2016-06-15,Plants FR,12.00\n',
      );
      const first = await ingestIntoStore(
        db,
        { path: campaigns, name: 'Campaign report.csv', options: FIXTURE_OPTIONS },
        clock,
      );
      expect(first.error).toBeNull();
      const second = await ingest(OLD_KEYWORDS);
      expect(second.error?.params).toMatchObject({
        other: 'Campaign report.csv',
        level: 'keyword',
        otherLevel: 'campaign',
        from: '2016-06-14',
        to: '2016-06-14',
        days: 1,
      });
      expect(await stored(db)).toEqual({ rows: 2, cents: 2200, grains: ['campaign'] });
    });

    it('a keepLevel that names neither level still refuses', async () => {
      expect((await ingest(CAMPAIGNS)).error).toBeNull();
      const second = await ingest(AD_GROUPS, { keepLevel: { google: 'keyword' } });
      expect(second.error?.code).toBe('double_count');
      expect(await stored(db)).toEqual({ rows: 4, cents: 227_006, grains: ['campaign'] });
    });
  });
}
