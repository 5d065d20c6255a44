import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/file.ts';
import type { IngestOptions } from '../../src/ingest/options.ts';
import { parseRangeLine } from '../../src/ingest/range-line.ts';
import { formatIngestReport } from '../../src/ingest/report.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { runQuery } from '../../src/kpi/engine.ts';
import { METRIC_IDS, type Query } from '../../src/kpi/query.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { cost } from '../kpi/rows.ts';
import { tmpDir, writeFile } from './support.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const fixture = (path: string) => join(FIXTURES, path);
const BASE: IngestOptions = {
  timeZone: 'Europe/Paris',
  currency: 'EUR',
  rates: { USD: 0.9, GBP: 1.2, INR: 0.01, AUD: 0.6 },
};
const cents = (n: number | null | undefined) => (n == null ? null : Math.round(n * 100));

async function ingest(path: string, options: Partial<IngestOptions> = {}) {
  const sink = new MemorySink();
  const report = await ingestFile(fixture(path), { ...BASE, ...options }, sink);
  return { report, costs: sink.costList(), text: formatIngestReport(report, 'en') };
}

describe('range lines above a campaign grid', () => {
  it.each([
    ['"July 8, 2025 - July 31, 2025"', { from: '2025-07-08', to: '2025-07-31' }],
    ['27 January 2026 - 23 February 2026', { from: '2026-01-27', to: '2026-02-23' }],
    ['Jul 8, 2025 - Jul 31, 2025', { from: '2025-07-08', to: '2025-07-31' }],
    ['8 juil. 2025 - 31 juil. 2025', { from: '2025-07-08', to: '2025-07-31' }],
    ['8. Juli 2025 – 31. Juli 2025', { from: '2025-07-08', to: '2025-07-31' }],
    ['8 de jul. de 2025 - 31 de jul. de 2025', { from: '2025-07-08', to: '2025-07-31' }],
    ['1 gen 2026 - 31 gen 2026', { from: '2026-01-01', to: '2026-01-31' }],
    ['1 ene. 2026 - 28 feb. 2026', { from: '2026-01-01', to: '2026-02-28' }],
    ['08.07.2025 - 31.07.2025', { from: '2025-07-08', to: '2025-07-31' }],
    ['2026-01-27 - 2026-02-23', { from: '2026-01-27', to: '2026-02-23' }],
    ['Ad report (Oct 25, 2016-Oct 31, 2016)', { from: '2016-10-25', to: '2016-10-31' }],
    ['Keyword report (Jun 14, 2016)', { from: '2016-06-14', to: '2016-06-14' }],
    ['All time', 'all'],
    ['Todo o período', 'all'],
    ['Campaign report', null],
    ['31 February 2026 - 3 March 2026', null],
    ['July 31, 2025 - July 8, 2025', null],
  ])('%s', (line, expected) => {
    expect(parseRangeLine(line)).toEqual(expected);
  });
});

describe('Google Ads Campaigns page downloads (no per-row date)', () => {
  it('UTF-16LE, tabs, en-GB range: each row spans Jan 27 – Feb 23; totals rows never counted', async () => {
    const { report, costs, text } = await ingest('google-ads-campaigns/campaign-grid-en-gb.csv');
    expect(report.error).toBeNull();
    expect(report.encoding).toBe('utf-16le');
    expect(report.headerRow).toBe(3);
    expect([report.rowsRead, report.accepted, report.summary, report.skipped]).toEqual([6, 3, 3, 0]);
    expect(report.span).toEqual({ from: '2026-01-27', to: '2026-02-23', how: 'file' });
    expect(report.totalCheck).toBeUndefined();
    expect(costs.map((c) => [c.campaign, c.date, c.endDate, cents(c.amount), c.conversions])).toEqual([
      ['Brand - UK', '2026-01-27', '2026-02-23', 36522, 6],
      ['Generic - UK', '2026-01-27', '2026-02-23', 14000, 0],
      ['Display - UK', '2026-01-27', '2026-02-23', 0, 0],
    ]);
    expect(text).toContain('each row covers 2026-01-27 → 2026-02-23 (the file’s date range)');
  });

  it('UTF-8, commas, en-US range in quotes, INR from the "Currency code" column converted with rates', async () => {
    const { report, costs } = await ingest('google-ads-campaigns/campaign-grid-en-us.csv');
    expect(report.error).toBeNull();
    expect(report.span).toEqual({ from: '2025-07-08', to: '2025-07-31', how: 'file' });
    // 2400.00 INR × 0.01 = 24.00 €; 960.00 INR × 0.01 = 9.60 €.
    expect(costs.map((c) => [c.campaign, cents(c.amount), c.currency, c.conversions])).toEqual([
      ['Brand - IN', 2400, 'EUR', 15],
      ['Demand Gen - IN', 960, 'EUR', 0],
    ]);
  });

  it('French UI: range "8 juil. 2025 - 31 juil. 2025", decimal commas, GBP, "Total : campagnes"', async () => {
    const { report, costs } = await ingest('google-ads-campaigns/campaign-grid-fr.csv');
    expect(report.error).toBeNull();
    expect(report.span).toEqual({ from: '2025-07-08', to: '2025-07-31', how: 'file' });
    expect(report.summary).toBe(1);
    expect(report.totalCheck).toBeUndefined();
    // 365,22 GBP × 1.2 = 438.264 €; 140,00 × 1.2 = 168.00 €.
    expect(costs.map((c) => [c.campaign, c.amount])).toEqual([
      ['Marque - FR', 365.22 * 1.2],
      ['Générique - FR', 140 * 1.2],
    ]);
  });

  it('"All time" states no range: refused naming --period and sources[].period, read with a period', async () => {
    const refused = await ingest('google-ads-campaigns/campaign-grid-all-time.csv');
    expect(refused.costs).toEqual([]);
    expect(refused.report.error?.messageKey).toBe('ingest.error.gridNoRange');
    expect(refused.text).toContain('--period');
    expect(refused.text).toContain('sources[].period');
    expect(refused.text).toContain('"All time"');

    const read = await ingest('google-ads-campaigns/campaign-grid-all-time.csv', {
      period: { from: '2026-01-01', to: '2026-01-31' },
    });
    expect(read.report.error).toBeNull();
    expect(read.report.span).toEqual({ from: '2026-01-01', to: '2026-01-31', how: 'period' });
    // " --" conversions (a display campaign) are blank, not 0.
    expect(read.costs.map((c) => [c.campaign, c.date, c.endDate, cents(c.amount), c.conversions])).toEqual([
      ['Leads - Search', '2026-01-01', '2026-01-31', 111105, 22],
      ['Remarketing', '2026-01-01', '2026-01-31', 9000, null],
    ]);
    // Planted: the rows sum to 1 334.50 USD, the file's "Total: Campaigns" says 1 434.50 USD.
    expect(read.report.totalCheck).toEqual({
      label: 'Total: Campaigns',
      stated: 1434.5 * 0.9,
      rows: 1334.5 * 0.9,
    });
    expect(read.text).toContain(
      'the rows sum to €1,201.05 but the file’s own "Total: Campaigns" row says €1,291.05',
    );
  });

  it('without a rate for the currency column, the file is refused naming the currency and the config key', async () => {
    const { report, costs, text } = await ingest('google-ads-campaigns/campaign-grid-en-us.csv', {
      rates: {},
    });
    expect(costs).toEqual([]);
    expect(report.error?.code).toBe('currency_mismatch');
    expect(text).toContain('amounts are in INR');
    expect(text).toContain('rates: {INR: …}');
  });
});

describe('Microsoft Advertising campaigns grid', () => {
  it('needs a period; "[123]" ids, "-" metrics, type totals and the grand total are not records', async () => {
    const refused = await ingest('microsoft-ads-campaigns/campaigns-grid.csv');
    expect(refused.report.error?.messageKey).toBe('ingest.error.gridNoRange');
    const { report, costs } = await ingest('microsoft-ads-campaigns/campaigns-grid.csv', {
      period: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(report.error).toBeNull();
    expect([report.rowsRead, report.accepted, report.summary, report.skipped]).toEqual([7, 3, 4, 0]);
    expect(report.totalCheck).toBeUndefined();
    expect(
      costs.map((c) => [c.campaign, c.date, c.endDate, cents(c.amount), c.clicks, c.conversions]),
    ).toEqual([
      ['Bing - Brand', '2026-02-01', '2026-02-28', 3000, 40, 3],
      ['Bing - Generic', '2026-02-01', '2026-02-28', 9000, 90, null],
      ['Audience - Retarget', '2026-02-01', '2026-02-28', 1250, 10, 1],
    ]);
  });
});

describe('Meta with Reporting starts / ends and no day column', () => {
  it('each row spans its own dates; AUD in the header converted; Results count as leads only when they are', async () => {
    const { report, costs } = await ingest('meta-ads/meta-reporting-aud.csv');
    expect(report.error).toBeNull();
    // 600 AUD × 0.6 = 360 €; 200 × 0.6 = 120 €.
    expect(costs.map((c) => [c.campaign, c.date, c.endDate, cents(c.amount), c.platformLeads])).toEqual([
      ['Lead Ads - AU', '2026-02-01', '2026-02-28', 36000, 40],
      ['Traffic - AU', '2026-02-01', '2026-02-28', 12000, null],
      ['Awareness - AU', '2026-02-01', '2026-02-28', 0, null],
    ]);
    const refused = await ingest('meta-ads/meta-reporting-aud.csv', { rates: {} });
    expect(refused.report.error?.params).toMatchObject({ found: 'AUD', currency: 'EUR' });
  });

  it('a daily breakdown beside Reporting starts/ends keeps each row on its day', async () => {
    const { costs } = await ingest('meta-ads/meta-age-gender.csv');
    expect(costs.length).toBeGreaterThan(0);
    expect(costs.every((c) => c.endDate === null)).toBe(true);
  });
});

describe('LinkedIn pt-BR with Leads and Moeda', () => {
  it('reads day first from the headers, USD from "Moeda", LinkedIn’s own leads (blank is not 0)', async () => {
    const { report, costs, text } = await ingest('linkedin-campaigns/linkedin-pt-br-leads.csv');
    expect(report.error).toBeNull();
    expect(report.dateOrder).toMatchObject({ order: 'dmy', how: 'language', language: 'pt' });
    expect(text).toContain('its headers are in pt (day first)');
    expect(costs.map((c) => [c.campaign, c.date, c.endDate, cents(c.amount), c.platformLeads])).toEqual([
      ['ABM Diretores', '2026-02-01', null, 40867, 4],
      ['ABM Diretores - Retarget', '2026-02-01', null, 10800, 0],
      ['Webinar Fevereiro - Teaser', '2026-02-01', null, 7200, 0],
      ['Webinar Fevereiro', '2026-02-01', null, 32105, 4],
      ['Marca - Engajamento', '2026-02-01', null, 4500, null],
    ]);
  });

  it('with --period each row, dated by the report start, spans the period', async () => {
    const { report, costs } = await ingest('linkedin-campaigns/linkedin-pt-br-leads.csv', {
      period: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(report.span).toEqual({ from: '2026-02-01', to: '2026-02-28', how: 'period' });
    expect(costs.every((c) => c.date === '2026-02-01' && c.endDate === '2026-02-28')).toBe(true);
  });
});

const QUERY: Query = {
  metrics: [...METRIC_IDS],
  filters: [],
  by: null,
  period: { kind: 'range', from: '2026-02-01', to: '2026-02-28' },
  compare: null,
  view: 'flow',
};
const answer = (snapshot: ReturnType<typeof buildSnapshot>, q: Partial<Query>) => {
  const r = runQuery(
    snapshot,
    { ...QUERY, ...q },
    { now: new Date('2026-06-01T12:00:00Z'), targets: { ltvCacRatio: 3 } },
  );
  if (!r.ok) throw r.error;
  return r.value;
};

describe('pro-rating a cost over its span', () => {
  const snapshot = buildSnapshot(
    [],
    [
      cost({
        date: '2026-01-27',
        endDate: '2026-02-23',
        amount: 365.22,
        campaign: 'Brand',
        impressions: 2800,
        clicks: 56,
      }),
    ],
    { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: 'p' },
  );
  it('365.22 over Jan 27 – Feb 23 gives 300.00 for February, and says one row was pro-rated', () => {
    const r = answer(snapshot, {});
    expect(cents(r.total.values.spend.value)).toBe(30000);
    expect(r.total.values.impressions.value).toBeCloseTo(2300, 9);
    expect(r.proratedCostRows).toBe(1);
    const whole = answer(snapshot, { period: { kind: 'range', from: '2026-01-01', to: '2026-03-31' } });
    expect(whole.total.values.spend.value).toBeCloseTo(365.22, 9);
    expect(whole.proratedCostRows).toBeUndefined();
  });

  it('by=day and by=week spread it over its days', () => {
    const days = answer(snapshot, { by: { kind: 'time', grain: 'day' } });
    expect(days.rows.filter((row) => (row.values.spend.value ?? 0) > 0)).toHaveLength(23);
    expect(days.rows[0]?.values.spend.value).toBeCloseTo(365.22 / 28, 9);
    const weeks = answer(snapshot, {
      by: { kind: 'time', grain: 'week' },
      period: { kind: 'range', from: '2026-01-26', to: '2026-03-01' },
    });
    // W05 (Jan 26 – Feb 1) holds 6 of its 28 days, W09 (Feb 23 – Mar 1) one.
    expect(weeks.rows.map((row) => cents(row.values.spend.value))).toEqual([7826, 9131, 9131, 9131, 1304]);
    expect(weeks.total.values.spend.value).toBeCloseTo(365.22, 9);
  });

  it('over any split of its span, the parts sum back to the cost (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 399 }), { maxLength: 8 }),
        (span, amountCents, rawCuts) => {
          const first = new Date(Date.UTC(2025, 0, 1));
          const day = (n: number) => new Date(first.getTime() + n * 86_400_000).toISOString().slice(0, 10);
          const amount = amountCents / 100;
          const s = buildSnapshot(
            [],
            [cost({ date: day(0), endDate: span > 1 ? day(span - 1) : null, amount, campaign: 'X' })],
            { timeZone: 'UTC', currency: 'EUR', dataVersion: 'q' },
          );
          const cuts = [...new Set(rawCuts.filter((c) => c < span))].sort((a, b) => a - b);
          const bounds = [0, ...cuts, span];
          let sum = 0;
          for (let i = 0; i + 1 < bounds.length; i++) {
            const part = answer(s, {
              period: { kind: 'range', from: day(bounds[i]!), to: day(bounds[i + 1]! - 1) },
            });
            sum += part.total.values.spend.value ?? 0;
          }
          expect(sum).toBeCloseTo(amount, 6);
        },
      ),
      { numRuns: 150 },
    );
  });
});

const run = promisify(execFile);
const KPI = join(import.meta.dirname, '../../src/cli/kpi.ts');
const INGEST = join(import.meta.dirname, '../../src/cli/ingest.ts');
const dir = tmpDir();
const config = writeFile(
  dir,
  'kpi.yaml',
  [
    'workspace:',
    '  timeZone: Europe/Paris',
    '  currency: EUR',
    '  rates: { USD: 0.9, GBP: 1.2, INR: 0.01, AUD: 0.6 }',
  ].join('\n'),
);
async function cli(script: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      env: { ...process.env, LANG: 'en_US.UTF-8', KPI_CONFIG: config, DATA_DIR: join(dir, 'store') },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('through the CLIs', () => {
  it('kpi --data: February gets 300.00 of Brand’s 365.22, with the pro-rating footnote', async () => {
    const r = await cli(KPI, [
      '--config',
      config,
      '--data',
      fixture('google-ads-campaigns/campaign-grid-en-gb.csv'),
      'spend by=campaign period=2026-02',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Brand - UK\s+€300\.00/);
    expect(r.stdout).toMatch(/Generic - UK\s+€115\.00/);
    expect(r.stdout).toContain('3 cost rows span days outside the period');
  }, 120_000);

  it('kpi --data --period --preset reads a Microsoft grid; a bad --period is refused', async () => {
    const r = await cli(KPI, [
      '--config',
      config,
      '--preset',
      'microsoft-ads-campaigns',
      '--period',
      'from=2026-02-01 to=2026-02-28',
      '--data',
      fixture('microsoft-ads-campaigns/campaigns-grid.csv'),
      '--json',
      'spend,clicks period=2026-02-01..2026-02-14',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { total: Record<string, number>; proratedCostRows: number };
    // 132.50 € and 140 clicks over 28 days: 14 of them.
    expect(cents(out.total.spend)).toBe(6625);
    expect(out.total.clicks).toBeCloseTo(70, 9);
    expect(out.proratedCostRows).toBe(3);
    const bad = await cli(KPI, [
      '--period',
      'someday',
      '--data',
      fixture('microsoft-ads-campaigns/campaigns-grid.csv'),
      'spend',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--period someday');
  }, 120_000);

  it('npm run ingest --period reads the "All time" grid', async () => {
    const r = await cli(INGEST, [
      '--dry-run',
      '--period',
      '2026-01',
      fixture('google-ads-campaigns/campaign-grid-all-time.csv'),
    ]);
    expect(r.stdout).toContain('each row covers 2026-01-01 → 2026-01-31 (--period / sources[].period)');
    expect(r.stdout).toContain('4 rows read: 2 accepted');
    expect(r.code).toBe(0);
  }, 120_000);
});

describe('platform-reported results through kpi --data', () => {
  const usd = writeFile(
    dir,
    'kpi-usd.yaml',
    ['workspace:', '  timeZone: America/Sao_Paulo', '  currency: USD'].join('\n'),
  );
  it('LinkedIn’s own leads: CPL 113.52 and 89.18 as LinkedIn shows them; blank is n/a, not 0', async () => {
    const r = await cli(KPI, [
      '--config',
      usd,
      '--data',
      fixture('linkedin-campaigns/linkedin-pt-br-leads.csv'),
      '--json',
      'platform_leads,platform_cpl,leads,cpl by=campaign period=2026-02',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: Record<string, unknown>[]; total: Record<string, unknown> };
    const byName = Object.fromEntries(out.rows.map((row) => [row.label, row]));
    expect(byName['ABM Diretores']).toMatchObject({ platform_leads: 4, platform_cpl: 113.52 });
    expect(byName['Webinar Fevereiro']).toMatchObject({ platform_leads: 4, platform_cpl: 89.18 });
    expect(byName['ABM Diretores - Retarget']).toMatchObject({ platform_leads: 0, platform_cpl: null });
    expect(byName['Marca - Engajamento']).toMatchObject({
      platform_leads: null,
      platform_leads_na: 'no_platform_leads',
      platform_cpl: null,
    });
    // Spend of the rows with a lead count (1 010.80) over their 8 leads; the CRM has no leads here.
    expect(out.total).toMatchObject({ platform_leads: 8, leads: 0, cpl: null });
    expect(out.total.platform_cpl).toBeCloseTo(1010.8 / 8, 9);
  }, 120_000);

  it('Google Ads conversions and cost per conversion; help platform_cpl says why counts differ', async () => {
    const r = await cli(KPI, [
      '--config',
      config,
      '--data',
      fixture('google-ads-campaigns/campaign-grid-en-gb.csv'),
      '--json',
      'conversions,cost_per_conversion period=2026-01-27..2026-02-23',
    ]);
    const out = JSON.parse(r.stdout) as { total: Record<string, number> };
    expect(out.total.conversions).toBeCloseTo(6, 9);
    expect(out.total.cost_per_conversion).toBeCloseTo(505.22 / 6, 9);
    const help = await cli(KPI, ['help platform_cpl']);
    expect(help.stdout).toContain('differs from CPL');
    expect(help.stdout).toContain('the CRM counts each contact once');
  }, 120_000);
});

describe('HubSpot contacts with today’s labels', () => {
  it('reads Original Traffic Source, Date entered "… (Lifecycle Stage Pipeline)", Recent Deal Amount; prefers the filled phone', async () => {
    const sink = new MemorySink();
    const report = await ingestFile(fixture('hubspot-contacts/contacts-current.csv'), BASE, sink);
    const text = formatIngestReport(report, 'en');
    expect(report.error).toBeNull();
    expect(report.preset?.id).toBe('hubspot-contacts');
    const leads = sink.leadList();
    expect(leads.map((l) => [l.recordId, l.channel, l.source, l.campaign, l.phone, l.valid])).toEqual([
      ['2001', 'paid_search', 'google', 'Brand - UK', '+44 20 7946 0018', true],
      ['2002', 'organic_search', 'google', null, '+44 20 7946 0019', true],
      ['2003', 'email', 'newsletter', 'Fevereiro', null, true],
      ['2004', 'paid_social', 'linkedin', 'ABM Diretores', '+44 161 496 0000', true],
      ['2005', 'direct', null, null, null, true],
    ]);
    const ana = leads[0]!;
    expect(
      [ana.mqlAt, ana.sqlAt, ana.customerAt].map((ms) => (ms ? new Date(ms).toISOString() : null)),
    ).toEqual(['2026-02-04T08:00:00.000Z', '2026-02-06T09:00:00.000Z', '2026-02-20T11:00:00.000Z']);
    expect(ana.amount).toBe(1500);
    // The report names the columns used, revenue's included; mail.com addresses are real ones.
    expect(text).toContain('amount ← "Recent Deal Amount"');
    expect(text).toContain('phone ← "Phone Number"');
    expect(text).toContain('channel ← "Original Traffic Source"');
    // Organic, e-mail and direct leads carry no spend: counted as such, not as unattributed.
    expect(report.unpaid).toEqual({ organic_search: 1, email: 1, direct: 1 });
    expect(text).toContain(
      'leads from channels that carry no spend (kept, not unattributed): organic_search 1, email 1, direct 1',
    );
    expect(report.unattributed.rows).toBe(0);
  });

  it('a contacts export without revenue: the report says so and revenue, ROI are n/a, never 0 / −100 %', async () => {
    const file = writeFile(
      dir,
      'no-revenue.csv',
      [
        '"Record ID","Email","Create Date","Lifecycle Stage","Original Traffic Source","Original Traffic Source Drill-Down 2"',
        '"1","a@acme.fr","2026-02-03 10:00","Customer","Paid Search","Brand - UK"',
        '"2","b@acme.fr","2026-02-04 10:00","Lead","Paid Search","Brand - UK"',
      ].join('\n'),
    );
    const sink = new MemorySink();
    const report = await ingestFile(file, BASE, sink);
    expect(report.lacking).toContain('amount');
    expect(formatIngestReport(report, 'en')).toContain(
      'not in this file: revenue (no "Total Revenue", "Recent Deal Amount", or "Amount" column)',
    );
    expect(formatIngestReport(report, 'fr')).toContain(
      'absent de ce fichier : chiffre d’affaires (aucune colonne « Total Revenue », « Recent Deal Amount » ou « Amount »)',
    );
    const r = await cli(KPI, [
      '--config',
      config,
      '--data',
      file,
      '--data',
      fixture('google-ads-campaigns/campaign-grid-en-gb.csv'),
      '--json',
      'leads,revenue,roi,profit,rpl,npl period=2026-02',
    ]);
    const out = JSON.parse(r.stdout) as { total: Record<string, unknown> };
    expect(out.total).toMatchObject({
      leads: 2,
      revenue: null,
      revenue_na: 'no_revenue_data',
      roi: null,
      roi_na: 'no_revenue_data',
      profit: null,
      rpl: null,
      npl: null,
    });
  }, 120_000);
});

describe('errors that name fixes that exist', () => {
  it('an unknown format names the closest preset and its missing columns; a missing file says not found', async () => {
    const odd = writeFile(dir, 'odd.csv', 'Campaign,Spent,Impressions\nA,10,100\n');
    const unknown = await ingestFile(odd, BASE, new MemorySink());
    const text = formatIngestReport(unknown, 'en');
    expect(unknown.error?.messageKey).toBe('ingest.error.formatClosest');
    expect(text).toContain(
      'Closest preset: google-ads-campaigns, but the header lacks a column for: amount ("Cost" / "Coût")',
    );
    const missing = await ingestFile(join(dir, 'no-such-file.csv'), BASE, new MemorySink());
    expect(formatIngestReport(missing, 'en')).toContain('no-such-file.csv: file not found');
    expect(formatIngestReport(missing, 'en')).not.toContain('ENOENT');
  });

  it('an answer over days before the data says which dates the data covers', async () => {
    const r = await cli(KPI, [
      '--config',
      config,
      '--data',
      fixture('google-ads-campaigns/campaign-grid-en-gb.csv'),
      'spend period=2020-01',
    ]);
    expect(r.stdout).toMatch(/Spend \(spend\)\s+n\/a¹/);
    expect(r.stdout).toContain('The data covers spend 2026-01-27 → 2026-02-23.');
  }, 120_000);
});

describe('a lead export without revenue names its own format’s columns', () => {
  it('a Salesforce leads report (no amount column in that format): no HubSpot header named', async () => {
    const report = await ingestFile(
      join(import.meta.dirname, '../fixtures/salesforce-leads/leads-report.csv'),
      BASE,
      new MemorySink(),
    );
    expect(report.error).toBeNull();
    expect(report.lacking).toContain('amount');
    const text = formatIngestReport(report, 'en');
    expect(text).toContain('not in this file: revenue (no amount column)');
    expect(text).not.toContain('Total Revenue');
  });
});
