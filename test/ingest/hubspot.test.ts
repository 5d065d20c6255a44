import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubSpotSourceConfig } from '../../src/config/file.ts';
import { t } from '../../src/i18n/catalogue.ts';
import { createHubSpotApi } from '../../src/ingest/hubspot/client.ts';
import { hubspotChannel } from '../../src/ingest/hubspot/contacts.ts';
import { ingestHubSpotSource } from '../../src/ingest/hubspot/source.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { FakeHubSpotServer } from '../support/hubspot-server.ts';

const SOURCE: HubSpotSourceConfig = { type: 'hubspot', name: 'crm', overlap: 3_600_000, deals: false };
const BASE = { timeZone: 'Europe/Paris', currency: 'EUR' };
const server = new FakeHubSpotServer();
let waits: number[] = [];

function api(overrides: Partial<Parameters<typeof createHubSpotApi>[0]> = {}) {
  return createHubSpotApi({
    accessToken: server.token,
    basePath: server.url,
    source: 'crm',
    // Loopback: no need to keep to HubSpot's rates; the waits are recorded, not slept.
    perSecond: 1000,
    searchPerSecond: 1000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
}

const iso = (day: string) => `${day}T10:00:00.000Z`;

beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.contacts.clear();
  server.deals.clear();
  server.requests.length = 0;
  server.failures.length = 0;
  server.owners.length = 0;
  waits = [];
});

describe('HubSpot CRM source', () => {
  it('pulls the whole history through the list endpoint, page by page, into canonical leads', async () => {
    server.owners.push({ id: '77', firstName: 'Camille', lastName: 'Martin', email: 'camille@acme.test' });
    for (let i = 1; i <= 250; i++) {
      server.upsert(String(i), {
        createdate: iso('2026-03-02'),
        lifecyclestage: 'lead',
        hs_analytics_source: i % 2 ? 'PAID_SEARCH' : 'OFFLINE',
        hs_analytics_source_data_1: 'google',
        hs_analytics_source_data_2: 'Spring Sale',
        email: `lead${i}@acme-marketing.fr`,
        hubspot_owner_id: '77',
      });
    }
    server.upsert('7', {
      lifecyclestage: 'customer',
      hs_lifecyclestage_marketingqualifiedlead_date: iso('2026-03-03'),
      hs_lifecyclestage_customer_date: iso('2026-03-20'),
      total_revenue: '1200.5',
      recent_deal_amount: '300',
    });
    const sink = new MemorySink();
    const result = await ingestHubSpotSource(SOURCE, BASE, sink, {
      api: api(),
      now: Date.parse('2026-04-01T00:00:00Z'),
      cursor: null,
    });
    expect(result.report.error).toBeNull();
    expect(result.report.accepted).toBe(250);
    expect(result.cursor).toEqual({ syncedUntil: Date.parse('2026-04-01T00:00:00Z') });
    const lists = server.requests.filter((r) => r.path === '/crm/v3/objects/contacts');
    expect(lists.map((r) => r.query.get('after'))).toEqual([null, '100', '200']);
    expect(server.requests.some((r) => r.path.endsWith('/search'))).toBe(false);
    const leads = sink.leadList();
    const seven = leads.find((l) => l.recordId === '7');
    expect(seven).toMatchObject({
      origin: 'crm',
      channel: 'paid_search',
      source: 'google',
      campaign: 'Spring Sale',
      owner: 'Camille Martin',
      mqlAt: Date.parse(iso('2026-03-03')),
      customerAt: Date.parse(iso('2026-03-20')),
      amount: 1200.5,
      valid: true,
    });
    expect(leads.filter((l) => l.channel === 'events')).toHaveLength(125);
    expect(lists[0]?.authorization).toBe(`Bearer ${server.token}`);
  });

  it('pulls only what changed since the cursor minus the overlap, and a re-pull replaces rows', async () => {
    server.upsert('1', { createdate: iso('2026-03-01'), lastmodifieddate: iso('2026-03-01') });
    server.upsert('2', { createdate: iso('2026-03-01'), lastmodifieddate: '2026-03-09T23:30:00.000Z' });
    server.upsert('3', { createdate: iso('2026-03-05'), lastmodifieddate: iso('2026-03-12') });
    const sink = new MemorySink();
    const cursor = { syncedUntil: Date.parse('2026-03-10T00:00:00Z') };
    const result = await ingestHubSpotSource(SOURCE, BASE, sink, {
      api: api(),
      now: Date.parse('2026-03-15T00:00:00Z'),
      cursor,
    });
    // Contact 2 changed 30 minutes before the cursor: inside the one-hour overlap.
    expect(
      sink
        .leadList()
        .map((l) => l.recordId)
        .sort(),
    ).toEqual(['2', '3']);
    const search = server.requests.find((r) => r.path === '/crm/v3/objects/contacts/search');
    const groups = search?.body?.filterGroups as
      | { filters: { value: string; operator: string }[] }[]
      | undefined;
    const filters = groups?.[0]?.filters;
    expect(filters).toEqual([
      expect.objectContaining({ operator: 'GTE', value: String(Date.parse('2026-03-09T23:00:00Z')) }),
      expect.objectContaining({ operator: 'LT', value: String(Date.parse('2026-03-15T00:00:00Z')) }),
    ]);
    expect(result.cursor).toEqual({ syncedUntil: Date.parse('2026-03-15T00:00:00Z') });

    // Contact 3 becomes an MQL: the next pull updates its row, never adds a second one.
    server.upsert('3', {
      lifecyclestage: 'marketingqualifiedlead',
      hs_lifecyclestage_marketingqualifiedlead_date: iso('2026-03-16'),
      lastmodifieddate: iso('2026-03-16'),
    });
    await ingestHubSpotSource(SOURCE, BASE, sink, {
      api: api(),
      now: Date.parse('2026-03-17T00:00:00Z'),
      cursor: result.cursor,
    });
    expect(sink.leadList()).toHaveLength(2);
    expect(sink.leads.get('crm\u00003')?.mqlAt).toBe(Date.parse(iso('2026-03-16')));
  });

  it('splits a window that matches more than the 10 000 results a search may return', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 1; i <= 10_050; i++) {
      const at = new Date(start + i * 60_000).toISOString();
      server.upsert(String(i), { createdate: at, lastmodifieddate: at });
    }
    const sink = new MemorySink();
    const result = await ingestHubSpotSource(SOURCE, BASE, sink, {
      api: api(),
      now: start + 20_000 * 60_000,
      cursor: { syncedUntil: start + 3_600_000 },
    });
    expect(result.report.error).toBeNull();
    expect(sink.leads.size).toBe(10_050);
    expect(result.stats.windows).toBeGreaterThan(1);
    // No page asked past the cap (the fake answers 400 there, as HubSpot does).
    const afters = server.requests
      .filter((r) => r.path.endsWith('/search'))
      .map((r) => Number(r.body?.after ?? 0) + Number(r.body?.limit));
    expect(Math.max(...afters)).toBeLessThanOrEqual(10_000);
  });

  it('waits as long as Retry-After says on a 429, then goes on', async () => {
    server.upsert('1', { createdate: iso('2026-03-01') });
    server.failures.push({ status: 429, retryAfter: 3, path: '/crm/v3/objects/contacts' });
    server.failures.push({ status: 502, path: '/crm/v3/objects/contacts' });
    const sink = new MemorySink();
    const result = await ingestHubSpotSource(SOURCE, BASE, sink, {
      api: api(),
      now: Date.now(),
      cursor: null,
    });
    expect(result.report.error).toBeNull();
    expect(sink.leads.size).toBe(1);
    expect(waits[0]).toBe(3000);
    expect(waits).toHaveLength(2);
  });

  it('gives up after the attempts run out, keeping the cursor', async () => {
    for (let i = 0; i < 3; i++) server.failures.push({ status: 503, path: '/crm/v3/objects/contacts' });
    const cursor = null;
    const result = await ingestHubSpotSource(SOURCE, BASE, new MemorySink(), {
      api: api({ maxAttempts: 3 }),
      now: Date.now(),
      cursor,
    });
    expect(result.report.error?.code).toBe('api_unavailable');
    expect(result.cursor).toBeNull();
  });

  it('names the token on a 401 and never prints it', async () => {
    const result = await ingestHubSpotSource(SOURCE, BASE, new MemorySink(), {
      api: api({ accessToken: 'pat-na1-revoked-0000-0000' }),
      now: Date.now(),
      cursor: null,
    });
    const error = result.report.error;
    expect(error?.code).toBe('api_unauthorized');
    const text = t('en', error!.messageKey, error!.params);
    expect(text).toContain('HUBSPOT_ACCESS_TOKEN');
    expect(text).not.toContain('pat-na1');
    expect(JSON.stringify(error?.params)).not.toContain('revoked');
  });

  it('names the missing scope on a 403, and reads on without owner names', async () => {
    server.upsert('1', { createdate: iso('2026-03-01'), hubspot_owner_id: '42' });
    server.failures.push({ status: 403, path: '/crm/v3/owners', scopes: ['crm.objects.owners.read'] });
    const sink = new MemorySink();
    const ok = await ingestHubSpotSource(SOURCE, BASE, sink, { api: api(), now: Date.now(), cursor: null });
    expect(ok.report.error).toBeNull();
    expect(sink.leadList()[0]?.owner).toBe('42');
    expect(ok.report.warnings.map((w) => w.key)).toContain('api.warn.owners');

    server.failures.push({ status: 403, path: '/crm/v3/objects/contacts' });
    const denied = await ingestHubSpotSource(SOURCE, BASE, new MemorySink(), {
      api: api(),
      now: Date.now(),
      cursor: null,
    });
    expect(denied.report.error?.code).toBe('api_forbidden');
    expect(t('en', denied.report.error!.messageKey, denied.report.error!.params)).toContain(
      'crm.objects.contacts.read',
    );
  });
});

describe('HubSpot deals', () => {
  const WITH_DEALS = { ...SOURCE, deals: true };
  const won = (amount: string, closedate: string) => ({
    amount,
    closedate,
    dealstage: 'closedwon',
    hs_is_closed_won: 'true',
    hs_is_closed: 'true',
  });
  const open = (amount: string) => ({
    amount,
    dealstage: 'contractsent',
    hs_is_closed_won: 'false',
    hs_is_closed: 'false',
  });

  it('adds won deals to revenue, open ones to pipeline, and dates a customer by the first won deal', async () => {
    server.upsert('1', { createdate: iso('2026-03-01'), lifecyclestage: 'opportunity' });
    server.upsert('2', { createdate: iso('2026-03-01'), lifecyclestage: 'lead' });
    server.upsertDeal('10', ['1'], won('1000', iso('2026-03-20')));
    server.upsertDeal('11', ['1'], won('250.5', iso('2026-03-10')));
    server.upsertDeal('12', ['1'], open('400'));
    server.upsertDeal('13', ['1'], {
      amount: '999',
      dealstage: 'closedlost',
      hs_is_closed_won: 'false',
      hs_is_closed: 'true',
    });
    const sink = new MemorySink();
    const result = await ingestHubSpotSource(WITH_DEALS, BASE, sink, {
      api: api(),
      now: Date.now(),
      cursor: null,
    });
    expect(result.report.error).toBeNull();
    expect(sink.leads.get('crm\u00001')).toMatchObject({
      amount: 1250.5,
      customerAt: Date.parse(iso('2026-03-10')),
      // A customer's open deal (an upsell) is still pipeline; the lost deal counts nowhere.
      pipelineAmount: 400,
    });
    // No deal at all: no revenue and a known pipeline of 0.
    expect(sink.leads.get('crm\u00002')).toMatchObject({ amount: null, customerAt: null, pipelineAmount: 0 });
  });

  it('reads a contact again when only its deal changed since the last pull', async () => {
    server.upsert('1', { createdate: iso('2026-03-01'), lastmodifieddate: iso('2026-03-01') });
    server.upsertDeal('10', ['1'], { ...open('400'), lastmodifieddate: iso('2026-03-01') });
    const sink = new MemorySink();
    const first = await ingestHubSpotSource(WITH_DEALS, BASE, sink, {
      api: api(),
      now: Date.parse('2026-03-05T00:00:00Z'),
      cursor: null,
    });
    expect(sink.leads.get('crm\u00001')?.pipelineAmount).toBe(400);
    // The deal is won on March 8; the contact itself is not modified.
    server.upsertDeal('10', ['1'], { ...won('400', iso('2026-03-08')), lastmodifieddate: iso('2026-03-08') });
    await ingestHubSpotSource(WITH_DEALS, BASE, sink, {
      api: api(),
      now: Date.parse('2026-03-09T00:00:00Z'),
      cursor: first.cursor,
    });
    expect(sink.leads.get('crm\u00001')).toMatchObject({
      amount: 400,
      customerAt: Date.parse(iso('2026-03-08')),
    });
    expect(server.requests.some((r) => r.path === '/crm/v3/objects/deals/search')).toBe(true);
    expect(server.requests.some((r) => r.path === '/crm/v3/objects/contacts/batch/read')).toBe(true);
  });

  it('names the deals scope when the private app lacks it', async () => {
    server.upsert('1', { createdate: iso('2026-03-01') });
    server.failures.push({ status: 403, path: '/crm/v4/associations', scopes: ['crm.objects.deals.read'] });
    const result = await ingestHubSpotSource(WITH_DEALS, BASE, new MemorySink(), {
      api: api(),
      now: Date.now(),
      cursor: null,
    });
    expect(result.report.error?.code).toBe('api_forbidden');
    expect(t('en', result.report.error!.messageKey, result.report.error!.params)).toContain(
      'crm.objects.deals.read',
    );
  });
});

describe('HubSpot original source values', () => {
  it('maps every internal value to the channel taxonomy', () => {
    expect(hubspotChannel('PAID_SEARCH')).toBe('paid_search');
    expect(hubspotChannel('PAID_SOCIAL')).toBe('paid_social');
    expect(hubspotChannel('SOCIAL_MEDIA')).toBe('organic_social');
    expect(hubspotChannel('EMAIL_MARKETING')).toBe('email');
    expect(hubspotChannel('DIRECT_TRAFFIC')).toBe('direct');
    expect(hubspotChannel('AI_REFERRALS')).toBe('referral');
    expect(hubspotChannel(null)).toBeNull();
  });
});
