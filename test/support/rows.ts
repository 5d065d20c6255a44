import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';

/**
 * A lead with every optional field empty. Each test area's own helper (test/kpi/rows.ts,
 * test/support/slack-data.ts, …) passes the defaults its tests read, and nothing else.
 */
export function blankLead(fields: Partial<Lead> & Pick<Lead, 'recordId' | 'createdAt'>): Lead {
  return {
    origin: 'test',
    channel: 'paid_search',
    source: null,
    campaign: null,
    ad: null,
    audience: null,
    form: null,
    keyword: null,
    owner: null,
    segment: null,
    product: null,
    country: null,
    email: null,
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
    currency: null,
    customerId: null,
    ...fields,
  };
}

/** A media cost row with every optional field empty. */
export function blankCost(fields: Partial<Cost> & Pick<Cost, 'recordId' | 'date' | 'amount'>): Cost {
  return {
    origin: 'test',
    channel: 'paid_search',
    source: null,
    campaign: null,
    ad: null,
    audience: null,
    keyword: null,
    country: null,
    currency: 'EUR',
    kind: 'media',
    impressions: null,
    clicks: null,
    ...fields,
  };
}
