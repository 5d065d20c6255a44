import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';

/** A lead of the test workspace, created at `createdAt` (ISO), in campaign Spring Sale by default. */
export function lead(id: string, createdAt: string, overrides: Partial<Lead> = {}): Lead {
  return {
    origin: 'hubspot-contacts',
    recordId: id,
    createdAt: Date.parse(createdAt),
    channel: 'paid_search',
    source: 'google',
    campaign: 'Spring Sale',
    ad: null,
    audience: null,
    form: null,
    keyword: null,
    owner: null,
    segment: null,
    product: null,
    country: 'FR',
    email: `${id}@example.com`,
    phone: null,
    valid: true,
    mqlAt: null,
    sqlAt: null,
    opportunityAt: null,
    customerAt: null,
    lostAt: null,
    activatedAt: null,
    amount: null,
    pipelineAmount: null,
    currency: 'EUR',
    customerId: null,
    ...overrides,
  };
}

/** Media spend on a day (YYYY-MM-DD). */
export function cost(id: string, date: string, amount: number, overrides: Partial<Cost> = {}): Cost {
  return {
    origin: 'google-ads',
    recordId: id,
    date,
    channel: 'paid_search',
    source: 'google',
    campaign: 'Spring Sale',
    ad: null,
    audience: null,
    keyword: null,
    country: null,
    amount,
    currency: 'EUR',
    kind: 'media',
    impressions: null,
    clicks: null,
    ...overrides,
  };
}

/** `n` leads spread over the given days at 10:00 UTC. */
export function leadsOver(
  prefix: string,
  n: number,
  days: readonly string[],
  overrides: Partial<Lead> = {},
): Lead[] {
  return Array.from({ length: n }, (_, i) =>
    lead(`${prefix}-${i}`, `${days[i % days.length]}T10:00:00Z`, overrides),
  );
}
