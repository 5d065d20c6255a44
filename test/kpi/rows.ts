import type { Cost, Lead } from '../../src/model/index.ts';

/** Test rows: a lead or cost with defaults, overridden where the test cares. */
let seq = 0;

export function lead(over: Partial<Lead> = {}): Lead {
  seq++;
  return {
    origin: 'test',
    recordId: `L${seq}`,
    createdAt: Date.UTC(2026, 9, 5, 10),
    channel: 'paid_social',
    source: 'facebook',
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
    ...over,
  };
}

export function cost(over: Partial<Cost> = {}): Cost {
  seq++;
  return {
    origin: 'test',
    recordId: `C${seq}`,
    date: '2026-10-05',
    channel: 'paid_social',
    source: 'facebook',
    campaign: null,
    ad: null,
    audience: null,
    keyword: null,
    country: null,
    amount: 0,
    currency: 'EUR',
    kind: 'media',
    impressions: null,
    clicks: null,
    ...over,
  };
}

export const times = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));
