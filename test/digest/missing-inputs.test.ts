import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/digest/blocks.ts';
import { computeDigest } from '../../src/digest/compute.ts';
import { renderDigestText } from '../../src/digest/text.ts';
import { DEFAULT_DIGEST_SETTINGS, type DigestSettings } from '../../src/digest/types.ts';
import type { Snapshot } from '../../src/kpi/snapshot.ts';
import { noRevenueWorkspace } from '../support/no-revenue-exports.ts';

/**
 * A workspace whose CRM export has neither a revenue column nor stage dates (a Salesforce leads
 * report beside a Meta export, test/support/no-revenue-exports.ts): every number that needs what
 * is missing must be n/a with the reason, never 0 or −100 %.
 */
const NOW = new Date('2026-11-23T08:00:00Z'); // Monday 09:00 in Paris: the digest of 2026-W47
const ZONE = 'Europe/Paris';
const FIRST_DAY = 20_738; // 2026-10-12
const LAST_DAY = 20_779; // 2026-11-22

let snapshot: Snapshot;
let cleanup = async () => {};

beforeAll(async () => {
  const workspace = await noRevenueWorkspace(FIRST_DAY, LAST_DAY, 12, ZONE);
  snapshot = workspace.snapshot;
  cleanup = workspace.cleanup;
  expect(snapshot.leads.count).toBe(12 * (LAST_DAY - FIRST_DAY + 1));
});

afterAll(async () => {
  await cleanup();
});

// CLV modelled from revenue (average order value × frequency × lifetime): n/a without revenue.
const SETTINGS: DigestSettings = {
  ...DEFAULT_DIGEST_SETTINGS,
  targets: { ltvCacRatio: 3, clvModel: { kind: 'frequency', purchaseFrequency: 2, lifetime: 3 } },
};
const sources = [
  { origin: 'salesforce-leads.csv', lastImportAt: NOW.getTime() - 3_600_000, feeds: 'leads' as const },
  { origin: 'meta-ads.csv', lastImportAt: NOW.getTime() - 3_600_000, feeds: 'spend' as const },
];

describe('the digest when no loaded source has the column a metric needs', () => {
  it('gives n/a with the reason for revenue, ROI, LTV:CAC, MQLs and SQLs, and never judges them', () => {
    const digest = computeDigest(snapshot, { now: NOW, settings: SETTINGS, sources });
    const item = (metric: string) => digest.headline.find((h) => h.metric === metric);
    for (const metric of ['revenue', 'roi', 'ltv_cac']) {
      expect(item(metric), metric).toMatchObject({ value: null, deltaRel: null, na: 'no_revenue_data' });
    }
    for (const metric of ['mql', 'sql']) {
      expect(item(metric), metric).toMatchObject({ value: null, deltaRel: null, na: 'no_stage_data' });
    }
    // What the data has is still counted: 7 days × 12 leads, 7 × 160 € of spend.
    expect(item('leads')).toMatchObject({ value: 84 });
    expect(item('leads')?.na).toBeUndefined();
    expect(item('spend')?.value).toBeCloseTo(1120, 6);
    expect(item('cpl')?.value).toBeCloseTo(1120 / 84, 6);

    // Stages after lead → valid need stage dates: n/a, not 0 %, and never a drop.
    expect(digest.stages.map((s) => [s.id, s.na ?? null, s.rate === null])).toEqual([
      ['lead_to_valid', null, false],
      ['valid_to_mql', 'no_stage_data', true],
      ['mql_to_sql', 'no_stage_data', true],
      ['sql_to_customer', 'no_stage_data', true],
    ]);
    expect(digest.flags.filter((f) => f.kind === 'stage_drop')).toEqual([]);

    // Campaigns are not ranked by profit = −cost, and CLV is n/a for its reason.
    expect(digest.campaigns).toMatchObject({ best: [], worst: [], na: 'no_revenue_data' });
    expect(digest.cacVsClv.clvNa).toBe('no_revenue_data');
    expect(digest.cacVsClv.clvMissing).toBe(false);
  });

  it('says why in English and French, in Slack and in the terminal, with no 0 % or −100 %', () => {
    const digest = computeDigest(snapshot, { now: NOW, settings: SETTINGS, sources });
    const en = JSON.stringify(renderDigest(digest, 'en'));
    const text = renderDigestText(digest, 'en');
    for (const out of [en, text]) {
      expect(out).toContain('no revenue in the data (no loaded source has a revenue column)');
      expect(out).toContain('no stage dates in the data');
      expect(out).toContain(`MQL → SQL${out === text ? '' : '*'}: n/a, no stage dates`);
      expect(out).toContain('Profit and ROI n/a: no revenue in the data');
      expect(out).toContain('CLV n/a: it is modelled from revenue');
      expect(out).not.toMatch(/−100|-100/);
      expect(out).not.toContain('No CLV configured');
    }
    const fr = JSON.stringify(renderDigest(digest, 'fr')) + renderDigestText(digest, 'fr');
    expect(fr).toContain('aucun chiffre d’affaires dans les données');
    expect(fr).toContain('aucune date d’étape dans les données');
    expect(fr).toContain('Les campagnes ne sont pas classées');
    expect(fr).not.toMatch(/−100|-100/);
  });
});
