import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/file.ts';
import { formatIngestReport } from '../../src/ingest/report.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { CostDimension } from '../../src/model/dimension.ts';
import { FIXTURE_OPTIONS, FIXTURES, ingestFixture } from '../fixtures/load.ts';
import { balance, tmpDir, writeFile } from './support.ts';

const cents = (costs: readonly Cost[]): number => Math.round(costs.reduce((s, c) => s + c.amount, 0) * 100);
const total = (costs: readonly Cost[], f: (c: Cost) => number | null): number =>
  costs.reduce((s, c) => s + (f(c) ?? 0), 0);
const centsBy = (costs: readonly Cost[], d: CostDimension): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const c of costs) {
    const key = String(c[d] ?? '(none)');
    out[key] = (out[key] ?? 0) + Math.round(c.amount * 100);
  }
  return out;
};

/**
 * Each level download against the figures of its own totals rows, computed apart from the code
 * (a Python csv reading of the generated file; test/fixtures/README.md). Summary rows are the
 * file's "Total …" lines, never data.
 */
const CASES = [
  {
    file: 'google-ads-levels/ad-group-report.csv',
    preset: 'google-ads-ad-groups',
    grain: { level: 'ad_group', breakdowns: [] },
    counts: { rowsRead: 12, accepted: 8, merged: 0, summary: 4, skipped: 0 },
    // "Total: Ad groups" (the rows); "Total: Account" adds Performance Max, which has no ad group.
    sums: { cents: 233_181, impressions: 88_226, clicks: 2_447 },
    by: { audience: { 'Brand - exact': 9660, 'Brand - broad': 1235, Treatment: 123_866, Control: 98_420 } },
    encoding: 'utf-16le',
  },
  {
    file: 'google-ads-levels/search-keyword-report.csv',
    preset: 'google-ads-keywords',
    grain: { level: 'keyword', breakdowns: [] },
    counts: { rowsRead: 10, accepted: 6, merged: 0, summary: 4, skipped: 0 },
    // "Total: All but removed keywords".
    sums: { cents: 89_015, impressions: 6_404, clicks: 393 },
    by: {
      keyword: {
        '[crm software]': 31_040,
        'crm software': 46_040,
        '"sales pipeline tool"': 2275,
        '[acme crm]': 9660,
      },
    },
    encoding: 'utf8',
  },
  {
    file: 'google-ads-levels/search-terms-report.csv',
    preset: 'google-ads-search-terms',
    grain: { level: 'search_term', breakdowns: [] },
    counts: { rowsRead: 9, accepted: 5, merged: 0, summary: 4, skipped: 0 },
    // "Total: Search terms"; "Total: Other search terms" is in no row.
    sums: { cents: 36_435, impressions: 2_020, clicks: 98 },
    by: { keyword: { '[crm software]': 15_020, 'crm software': 20_410, '"sales pipeline tool"': 1005 } },
    encoding: 'utf8',
  },
  {
    file: 'google-ads-levels/adwords-ad-report-2016.csv',
    preset: 'google-ads-ads',
    grain: { level: 'ad', breakdowns: [] },
    // Six rows, one a true duplicate (the same paused ad at zero, identical in every column).
    counts: { rowsRead: 9, accepted: 5, merged: 1, summary: 3, skipped: 0 },
    // "Total - filtered".
    sums: { cents: 144_594, impressions: 10_257, clicks: 1_239 },
    by: {
      audience: { 'Boots 2017': 1032, 'Boots Outlet': 264, 'Boots Kids': 0, 'Shirts With Name': 143_298 },
      ad: { 'Football Boots 2017': 1032, 'Boots Outlet': 264, 'Kids Boots': 0, 'Custom Shirts': 143_298 },
    },
    encoding: 'utf-16le',
  },
  {
    // The default download: no Day segment, every row over the range line's days.
    file: 'google-ads-levels/ad-group-report-range.csv',
    preset: 'google-ads-ad-groups',
    grain: { level: 'ad_group', breakdowns: [] },
    counts: { rowsRead: 8, accepted: 4, merged: 0, summary: 4, skipped: 0 },
    sums: { cents: 233_181, impressions: 88_226, clicks: 2_447 },
    by: { audience: { 'Brand - exact': 9660, 'Brand - broad': 1235, Treatment: 123_866, Control: 98_420 } },
    encoding: 'utf-16le',
    span: { date: '2026-11-16', endDate: '2026-11-17' },
  },
  {
    // The old AdWords ad report as downloaded: its title line states the range.
    file: 'google-ads-levels/adwords-ad-report-2016-range.csv',
    preset: 'google-ads-ads',
    grain: { level: 'ad', breakdowns: [] },
    counts: { rowsRead: 8, accepted: 4, merged: 1, summary: 3, skipped: 0 },
    sums: { cents: 144_594, impressions: 10_257, clicks: 1_239 },
    by: {
      ad: { 'Football Boots 2017': 1032, 'Boots Outlet': 264, 'Kids Boots': 0, 'Custom Shirts': 143_298 },
    },
    encoding: 'utf-16le',
    span: { date: '2016-10-25', endDate: '2016-10-31' },
  },
  {
    // Today's Ad report: responsive search ads known by their first headline, range line only.
    file: 'google-ads-levels/ad-report.csv',
    preset: 'google-ads-ads',
    grain: { level: 'ad', breakdowns: [] },
    counts: { rowsRead: 9, accepted: 6, merged: 0, summary: 3, skipped: 0 },
    // "Total: Ads".
    sums: { cents: 233_176, impressions: 88_226, clicks: 2_447 },
    by: {
      ad: {
        '{KeyWord:CRM Software}': 123_866,
        'Sales Pipeline Tool': 98_420,
        'Acme CRM - Official Site': 9660,
        'Acme CRM': 1230,
      },
    },
    encoding: 'utf8',
    span: { date: '2026-11-16', endDate: '2026-11-17' },
  },
  {
    // No campaign column: spend of the account's keywords on the day the title states.
    file: 'google-ads-levels/adwords-keyword-report-2016.csv',
    preset: 'google-ads-keywords',
    grain: { level: 'keyword', breakdowns: [] },
    counts: { rowsRead: 7, accepted: 4, merged: 0, summary: 3, skipped: 0 },
    // "Total - filtered".
    sums: { cents: 456, impressions: 53, clicks: 7 },
    by: {
      keyword: { 'office plants': 140, 'plant delivery paris': 55, 'bulk plants': 0, 'plant rental': 261 },
    },
    encoding: 'utf-16le',
    span: { date: '2016-06-14', endDate: null },
  },
  {
    file: 'microsoft-ads-levels/ad-group-performance.csv',
    preset: 'microsoft-ads-ad-groups',
    grain: { level: 'ad_group', breakdowns: [] },
    counts: { rowsRead: 7, accepted: 4, merged: 0, summary: 3, skipped: 0 },
    sums: { cents: 40_905, impressions: 10_190, clicks: 271 },
    by: { audience: { 'CRM - exact': 21_035, 'CRM - broad': 19_870 } },
    encoding: 'utf8',
  },
  {
    file: 'microsoft-ads-levels/keyword-performance.csv',
    preset: 'microsoft-ads-keywords',
    grain: { level: 'keyword', breakdowns: [] },
    counts: { rowsRead: 7, accepted: 4, merged: 0, summary: 3, skipped: 0 },
    sums: { cents: 21_035, impressions: 5_300, clicks: 149 },
    by: { keyword: { 'crm software': 15_520, 'crm tool': 5515 } },
    encoding: 'utf8',
  },
  {
    file: 'meta-ads/meta-adset-level.csv',
    preset: 'meta-ads',
    grain: { level: 'ad_group', breakdowns: [] },
    counts: { rowsRead: 4, accepted: 4, merged: 0, summary: 0, skipped: 0 },
    sums: { cents: 8055, impressions: 5552, clicks: 72 },
    by: { audience: { 'FR 25-44 interests': 6020, 'Lookalike 1%': 2035 } },
    encoding: 'utf8',
  },
  {
    file: 'meta-ads/meta-age-gender.csv',
    preset: 'meta-ads',
    grain: { level: 'ad', breakdowns: ['age', 'gender'] },
    counts: { rowsRead: 16, accepted: 16, merged: 0, summary: 0, skipped: 0 },
    sums: { cents: 8055, impressions: 5552, clicks: 72 },
    by: { audience: { 'FR 25-44 interests': 6020, 'Lookalike 1%': 2035 } },
    encoding: 'utf8',
  },
] as const;

describe('report levels: each download is detected and sums to its own totals', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.preset}, ${c.grain.level}`, async () => {
      const { report, costs } = await ingestFixture(c.file);
      expect(report.error).toBeNull();
      expect(report.preset).toMatchObject({ id: c.preset, how: 'detected' });
      expect(report.encoding).toBe(c.encoding);
      expect(report.grain).toEqual(c.grain);
      expect(report).toMatchObject(c.counts);
      expect(balance(report)).toBe(report.rowsRead);
      // The rows agree with the file's own total row (a disagreement would be reported).
      expect(report.totalCheck).toBeUndefined();
      const span = 'span' in c ? c.span : null;
      expect(
        costs.every(
          (r) => r.date === (span?.date ?? r.date) && (r.endDate ?? null) === (span?.endDate ?? null),
        ),
      ).toBe(true);
      expect(cents(costs)).toBe(c.sums.cents);
      expect(total(costs, (r) => r.impressions)).toBe(c.sums.impressions);
      expect(total(costs, (r) => r.clicks)).toBe(c.sums.clicks);
      for (const [dimension, expected] of Object.entries(c.by)) {
        expect(centsBy(costs, dimension as CostDimension)).toEqual(expected);
      }
    });
  }

  it('checks the rows against the level’s own total row, not "Total: Account"', async () => {
    const text = readFileSync(join(FIXTURES, 'google-ads-levels/search-keyword-report.csv'), 'utf8');
    const path = writeFile(
      tmpDir(),
      'Search keyword report.csv',
      text.replace(/^.*acme crm.*2026-11-17.*\n/m, ''),
    );
    const report = await ingestFile(path, FIXTURE_OPTIONS, new MemorySink());
    expect(report.accepted).toBe(5);
    expect(report.totalCheck).toMatchObject({ label: 'Total: All but removed keywords', stated: 890.15 });
    expect(report.totalCheck?.rows).toBeCloseTo(848.95, 9);
  });

  it('says that a search terms report leaves spend out of its rows ("Total: Other search terms")', async () => {
    const { report } = await ingestFixture('google-ads-levels/search-terms-report.csv');
    expect(report.warnings).toContainEqual({
      key: 'ingest.warn.otherSearchTerms',
      params: { amount: '96.30', currency: 'EUR' },
    });
    expect(formatIngestReport(report, 'en')).toContain('96.30 EUR of this report');
    const keywords = await ingestFixture('google-ads-levels/search-keyword-report.csv');
    expect(keywords.report.warnings.map((w) => w.key)).not.toContain('ingest.warn.otherSearchTerms');
  });

  it('says the level and the breakdowns in the report, in English and French', async () => {
    const adGroups = await ingestFixture('google-ads-levels/ad-group-report.csv');
    expect(formatIngestReport(adGroups.report, 'en')).toContain('report level: ad group / ad set');
    const meta = await ingestFixture('meta-ads/meta-age-gender.csv');
    expect(formatIngestReport(meta.report, 'en')).toContain(
      'report level: ad, broken down by age group, gender',
    );
    expect(formatIngestReport(meta.report, 'fr')).toContain(
      'niveau du rapport : annonce, ventilé par tranche d’âge, genre',
    );
  });

  it('names expanded ads by their first headline where the old "Ad" column is blank', async () => {
    const { costs } = await ingestFixture('google-ads-levels/adwords-ad-report-2016.csv');
    const byDay = costs.map((c) => [c.date, c.audience, c.ad]);
    expect(byDay).toContainEqual(['2016-10-25', 'Boots Outlet', 'Boots Outlet']);
    expect(byDay).toContainEqual(['2016-10-25', 'Boots 2017', 'Football Boots 2017']);
    expect(costs.every((c) => c.campaign === 'SKAG' && c.source === 'google')).toBe(true);
  });

  it('a keyword download is not read as a campaign report: the keyword and ad group are kept', async () => {
    const { costs } = await ingestFixture('google-ads-levels/search-keyword-report.csv');
    const same = costs.filter((c) => c.amount === 310.4);
    expect(same.map((c) => c.keyword).sort()).toEqual(['[crm software]', 'crm software']);
    expect(new Set(costs.map((c) => c.audience))).toEqual(new Set(['Treatment', 'Control', 'Brand - exact']));
  });
});
