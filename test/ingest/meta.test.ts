import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MetaAdsSourceConfig } from '../../src/config/file.ts';
import { t } from '../../src/i18n/catalogue.ts';
import { businessUsage, createMetaApi } from '../../src/ingest/meta/client.ts';
import { ingestMetaSource, leadCount } from '../../src/ingest/meta/source.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { FakeGraphServer } from '../support/graph-server.ts';

const ACCOUNT = 'act_1234567890';
const SOURCE: MetaAdsSourceConfig = { type: 'meta-ads', name: 'meta', accountId: ACCOUNT, restateDays: 28 };
const BASE = { timeZone: 'Europe/Paris', currency: 'EUR' };
const server = new FakeGraphServer();
let waits: number[] = [];

const api = (overrides: Partial<Parameters<typeof createMetaApi>[0]> = {}) =>
  createMetaApi({
    accessToken: server.token,
    accountId: ACCOUNT,
    rootUrl: server.url,
    source: 'meta',
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.accounts.set(ACCOUNT, { currency: 'EUR', timezone: 'Europe/Paris', name: 'Acme' });
  server.insights.set(ACCOUNT, [
    {
      campaignId: '1',
      campaignName: 'Spring Sale',
      date: '2026-03-01',
      spend: 100.5,
      impressions: 1000,
      clicks: 40,
      actions: { lead: 4, link_click: 40 },
    },
    {
      campaignId: '1',
      campaignName: 'Spring Sale',
      date: '2026-03-02',
      spend: 80,
      impressions: 900,
      clicks: 30,
      actions: { 'onsite_conversion.lead_grouped': 2, 'offsite_conversion.fb_pixel_lead': 1 },
    },
    { campaignId: '2', campaignName: 'Brand', date: '2026-03-02', spend: 20, impressions: 5000, clicks: 10 },
  ]);
  server.requests.length = 0;
  server.failures.length = 0;
  server.usagePercent = 5;
  waits = [];
});

describe('Meta Ads insights source', () => {
  it('pulls daily campaign insights with cursor paging into cost rows', async () => {
    const sink = new MemorySink();
    const result = await ingestMetaSource({ ...SOURCE, since: '2026-02-20' }, BASE, sink, {
      api: api(),
      now: Date.parse('2026-03-05T12:00:00Z'),
      cursor: null,
    });
    expect(result.report.error).toBeNull();
    expect(result.range).toEqual({ since: '2026-02-20', until: '2026-03-05' });
    expect(result.cursor).toEqual({ syncedThrough: '2026-03-05' });
    const costs = sink.costList().sort((a, b) => a.recordId.localeCompare(b.recordId));
    expect(
      costs.map((c) => [
        c.recordId,
        c.date,
        c.campaign,
        c.amount,
        c.impressions,
        c.clicks,
        c.channel,
        c.source,
        c.platformLeads,
      ]),
    ).toEqual([
      // Lead actions become platform leads (4; 2 on-Facebook + 1 pixel); none at all is blank, not 0.
      ['1:2026-03-01', '2026-03-01', 'Spring Sale', 100.5, 1000, 40, 'paid_social', 'facebook', 4],
      ['1:2026-03-02', '2026-03-02', 'Spring Sale', 80, 900, 30, 'paid_social', 'facebook', 3],
      ['2:2026-03-02', '2026-03-02', 'Brand', 20, 5000, 10, 'paid_social', 'facebook', null],
    ]);
    const insights = server.requests.filter((r) => r.path.endsWith('/insights'));
    expect(insights.map((r) => r.query.get('after'))).toEqual([null, 'Mg==']);
    expect(insights[0]?.query.get('fields')).toBe(
      'campaign_id,campaign_name,spend,impressions,clicks,actions',
    );
    // The token travels in the header only, never in a URL we build.
    expect(server.requests.every((r) => !r.query.has('access_token'))).toBe(true);
    expect(insights[0]?.authorization).toBe(`Bearer ${server.token}`);
  });

  it('re-pulls the last 28 days on every refresh, so a restated day replaces its row', async () => {
    const sink = new MemorySink();
    const first = await ingestMetaSource({ ...SOURCE, since: '2026-03-01' }, BASE, sink, {
      api: api(),
      now: Date.parse('2026-03-05T12:00:00Z'),
      cursor: null,
    });
    // Meta restates March 2 of campaign 1 (late conversions, invalid clicks refunded).
    const rows = server.insights.get(ACCOUNT) ?? [];
    rows[1] = { ...rows[1]!, spend: 75.25 };
    const second = await ingestMetaSource(SOURCE, BASE, sink, {
      api: api(),
      now: Date.parse('2026-03-06T12:00:00Z'),
      cursor: first.cursor,
    });
    expect(second.range).toEqual({ since: '2026-02-06', until: '2026-03-06' });
    expect(sink.costs.size).toBe(3);
    expect(sink.costs.get('meta\u00001:2026-03-02')?.amount).toBe(75.25);
  });

  it('backs off on a rate-limit error (17 / 80004) for the time the usage header announces', async () => {
    server.failures.push({ code: 80004, regainMinutes: 2 }, { code: 17 });
    const sink = new MemorySink();
    const result = await ingestMetaSource({ ...SOURCE, since: '2026-03-01' }, BASE, sink, {
      api: api(),
      now: Date.parse('2026-03-05T12:00:00Z'),
      cursor: null,
    });
    expect(result.report.error).toBeNull();
    expect(sink.costs.size).toBe(3);
    expect(waits[0]).toBe(120_000);
    expect(waits).toHaveLength(2);
  });

  it('slows down by itself near the business-use-case quota', async () => {
    server.usagePercent = 95;
    await ingestMetaSource({ ...SOURCE, since: '2026-03-01' }, BASE, new MemorySink(), {
      api: api(),
      now: Date.parse('2026-03-05T12:00:00Z'),
      cursor: null,
    });
    expect(waits.length).toBeGreaterThan(0);
    expect(businessUsage(null)).toEqual({ percent: 0, regainMs: 0 });
  });

  it('refuses an account in another currency without a rate, and converts with one', async () => {
    server.accounts.set(ACCOUNT, { currency: 'USD', timezone: 'America/New_York', name: 'Acme US' });
    const refused = await ingestMetaSource({ ...SOURCE, since: '2026-03-01' }, BASE, new MemorySink(), {
      api: api(),
      now: Date.parse('2026-03-05T12:00:00Z'),
      cursor: null,
    });
    expect(refused.report.error?.code).toBe('currency_mismatch');
    expect(refused.cursor).toBeNull();
    const sink = new MemorySink();
    const converted = await ingestMetaSource(
      { ...SOURCE, since: '2026-03-01' },
      { ...BASE, rates: { USD: 0.9 } },
      sink,
      {
        api: api(),
        now: Date.parse('2026-03-05T12:00:00Z'),
        cursor: null,
      },
    );
    expect(converted.report.error).toBeNull();
    expect(sink.costs.get('meta\u00002:2026-03-02')?.amount).toBeCloseTo(18, 9);
    expect(sink.costs.get('meta\u00002:2026-03-02')?.currency).toBe('EUR');
  });

  it('names the token on code 190 and the permission on code 200, never the token itself', async () => {
    server.failures.push({ code: 190 });
    const expired = await ingestMetaSource(SOURCE, BASE, new MemorySink(), {
      api: api(),
      now: Date.now(),
      cursor: null,
    });
    expect(expired.report.error?.code).toBe('api_unauthorized');
    expect(t('en', expired.report.error!.messageKey, expired.report.error!.params)).toContain(
      'META_ACCESS_TOKEN',
    );
    server.failures.push({ code: 200, status: 403 });
    const denied = await ingestMetaSource(SOURCE, BASE, new MemorySink(), {
      api: api(),
      now: Date.now(),
      cursor: null,
    });
    const text = t('en', denied.report.error!.messageKey, denied.report.error!.params);
    expect(text).toContain('ads_read');
    expect(text).toContain(ACCOUNT);
    expect(text).not.toContain(server.token);
  });

  it('counts leads as Ads Manager does, and a campaign without lead actions as not applicable', () => {
    expect(
      leadCount([
        { action_type: 'lead', value: '4' },
        { action_type: 'onsite_conversion.lead_grouped', value: '4' },
      ]),
    ).toBe(4);
    expect(
      leadCount([
        { action_type: 'onsite_conversion.lead_grouped', value: '2' },
        { action_type: 'offsite_conversion.fb_pixel_lead', value: '1' },
      ]),
    ).toBe(3);
    expect(leadCount([{ action_type: 'link_click', value: '9' }])).toBeNull();
    expect(leadCount(undefined)).toBeNull();
  });
});
