import { describe, expect, it } from 'vitest';
import { planColumns } from '../../src/ingest/map.ts';
import { linkedinCampaigns } from '../../src/ingest/presets/linkedin-campaigns.ts';
import { ingestFixture as ingest, paris } from '../fixtures/load.ts';

describe('canonical values', () => {
  it('HubSpot contacts: local datetimes, channel from Original Source, campaign as written', async () => {
    const { leads, report } = await ingest('hubspot-contacts/contacts.csv');
    expect(leads.get('1001')).toMatchObject({
      createdAt: paris(2026, 11, 2, 9, 15),
      channel: 'paid_search',
      source: 'google',
      campaign: 'Spring_Sale',
      mqlAt: paris(2026, 11, 3, 10),
      customerAt: paris(2026, 11, 12, 16, 45),
      amount: 1200,
      country: 'France',
      valid: true,
    });
    expect(leads.get('1003')).toMatchObject({ channel: 'email', sqlAt: paris(2026, 11, 9, 9, 30) });
    expect(leads.get('1006')).toMatchObject({ campaign: '<!channel>', channel: 'paid_social', valid: false });
    expect(leads.get('1007')?.campaign).toBe('=HYPERLINK("http://x.test","x")');
    expect(report.skippedExamples[0]).toMatchObject({ row: 6, field: 'createdAt' });
  });
  it('HubSpot deals and Pipedrive: won and lost deals are dated by their close', async () => {
    const hubspot = (await ingest('hubspot-deals/deals.csv')).leads;
    expect(hubspot.get('9001')).toMatchObject({
      customerAt: paris(2026, 11, 12),
      amount: 4800,
      channel: 'paid_search',
    });
    expect(hubspot.get('9002')).toMatchObject({ lostAt: paris(2026, 11, 15), customerAt: null });
    expect(hubspot.get('9003')?.customerAt).toBeNull();
    const pipedrive = (await ingest('pipedrive-deals/deals.csv')).leads;
    expect(pipedrive.get('301')).toMatchObject({
      customerAt: paris(2026, 11, 13, 16),
      amount: 5400,
      customerId: 'Costa SARL',
    });
    expect(pipedrive.get('302')).toMatchObject({
      lostAt: paris(2026, 11, 18, 11, 30),
      channel: 'organic_search',
    });
    // One "Value" column for every deal: won → revenue, open → pipeline, lost → neither.
    expect(pipedrive.get('301')).toMatchObject({ amount: 5400, pipelineAmount: null });
    expect(pipedrive.get('302')).toMatchObject({ amount: null, pipelineAmount: null });
    expect(pipedrive.get('303')).toMatchObject({ amount: null, pipelineAmount: 9900, customerAt: null });
  });
  it('Salesforce: dd/mm and m/d reports, Lead Source as channel, footers never stored', async () => {
    const opps = (await ingest('salesforce-opportunities/opportunities-report.csv')).leads;
    expect(opps.get('0065e00000XyZ01')).toMatchObject({
      customerAt: paris(2026, 11, 20),
      amount: 12_500,
      createdAt: Date.UTC(2026, 9, 1, 22),
    });
    expect(opps.get('0065e00000XyZ02')).toMatchObject({ lostAt: paris(2026, 11, 18), channel: 'referral' });
    expect([...opps.keys()].sort()).toEqual(['0065e00000XyZ01', '0065e00000XyZ02', '0065e00000XyZ03']);
    const leads = (await ingest('salesforce-leads/leads-report.csv')).leads;
    expect(leads.get('00Q5e00000AbCdG')).toMatchObject({ createdAt: paris(2026, 11, 3), channel: 'events' });
  });
  it('Google Ads: thousands separators, "--" metrics, totals rows out', async () => {
    const { costs } = await ingest('google-ads-campaigns/campaign-report.csv');
    const spring = costs.find((c) => c.campaign === 'Spring Sale' && c.date === '2026-11-16');
    expect(spring).toMatchObject({
      amount: 1234.56,
      impressions: 45_210,
      clicks: 1204,
      channel: 'paid_search',
      source: 'google',
      kind: 'media',
      currency: 'EUR',
    });
    expect(costs.reduce((s, c) => s + c.amount, 0)).toBeCloseTo(2270.06, 2);
  });
  it('Microsoft Advertising: m/d/yyyy days, preamble and totals out', async () => {
    const { costs } = await ingest('microsoft-ads-campaigns/campaign-performance.csv');
    expect(costs.map((c) => [c.date, c.campaign, c.amount]).sort()).toEqual([
      ['2026-11-16', 'Spring Sale', 210.35],
      ['2026-11-17', 'Brand Bing', 31.05],
      ['2026-11-17', 'Spring Sale', 198.7],
    ]);
    expect(costs[0]).toMatchObject({ source: 'bing', channel: 'paid_search' });
  });
  it('Meta: French headers, decimal commas, the currency from the header', async () => {
    const fr = (await ingest('meta-ads/meta-fr.csv')).costs;
    const lookalike = fr.find((c) => c.campaign === 'Lookalike FR');
    expect(lookalike).toMatchObject({
      date: '2026-11-17',
      amount: 1050,
      clicks: 880,
      source: 'facebook',
      channel: 'paid_social',
    });
    const en = (await ingest('meta-ads/meta-en.csv')).costs;
    const us = en.find((c) => c.campaign === 'Lead Gen US, Retargeting');
    expect(us?.amount).toBeCloseTo(22.8 * 0.9, 6);
    expect(us?.currency).toBe('EUR');
  });
  it('LinkedIn: UTF-16, pt-BR headers with and without preamble, 1.234,56', async () => {
    const pt = (await ingest('linkedin-campaigns/linkedin-pt-br.csv')).costs;
    expect(pt.find((c) => c.date === '2026-11-16')).toMatchObject({
      campaign: 'ABM Diretores',
      amount: 1234.56,
      impressions: 15_230,
      clicks: 96,
      source: 'linkedin',
    });
    expect(pt.reduce((s, c) => s + c.amount, 0)).toBeCloseTo(1366.66, 2);
    const en = (await ingest('linkedin-campaigns/linkedin-en.csv')).costs;
    expect(en.map((c) => c.date).sort()).toEqual(['2026-11-16', '2026-11-17']);
  });
});

describe('LinkedIn near-duplicate headers', () => {
  const header = [
    'Leads (e-mail corporativo)',
    'Nome do grupo de campanhas',
    'Data de início da campanha',
    'Leads',
    'Nome da campanha',
    'Total investido',
    'Data de início (em UTC)',
    'Impressões',
    'Cliques',
  ];
  it('map exactly, never by prefix or likeness', () => {
    const plan = planColumns(linkedinCampaigns, header);
    const at = (field: string) => plan.byField.get(field)?.header;
    expect(at('campaign')).toBe('Nome da campanha');
    expect(at('date')).toBe('Data de início (em UTC)');
    expect(at('amount')).toBe('Total investido');
    expect(plan.columns.map((c) => c.header)).not.toContain('Leads (e-mail corporativo)');
    // LinkedIn's own count is read (platform_leads); its work-email subset never takes its place.
    expect(at('platformLeads')).toBe('Leads');
  });
  it('"Leads" and "Leads (e-mail corporativo)" each take their own column', () => {
    const withLeads = {
      ...linkedinCampaigns,
      columns: [
        ...linkedinCampaigns.columns,
        { field: 'workLeads', headers: ['Leads (e-mail corporativo)'], type: 'integer' as const },
      ],
    };
    const plan = planColumns(withLeads, header);
    expect(plan.byField.get('platformLeads')?.index).toBe(3);
    expect(plan.byField.get('workLeads')?.index).toBe(0);
    const only = planColumns(
      { ...linkedinCampaigns, columns: [{ field: 'leads', headers: ['Leads'], type: 'integer' }] },
      ['Leads (e-mail corporativo)'],
    );
    expect(only.columns).toEqual([]);
  });
});
