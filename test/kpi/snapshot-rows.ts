import type { Query } from '../../src/kpi/query.ts';
import { cost, lead, times } from './rows.ts';

/** Leads and costs over October 2026 with every field and breakdown in use, and a query maker. */
const day = (d: number, h = 10) => Date.UTC(2026, 9, d, h);
export const leads = times(120, (i) =>
  lead({
    createdAt: day(1 + (i % 28)),
    campaign: i % 3 === 0 ? 'Spring Sale' : i % 3 === 1 ? 'spring_sale' : 'Brand',
    channel: i % 2 ? 'paid_search' : 'paid_social',
    owner: `owner${i % 4}`,
    mqlAt: i % 2 ? day(2 + (i % 27), 15) : null,
    sqlAt: i % 4 === 1 ? day(3 + (i % 26)) : null,
    customerAt: i % 8 === 1 ? day(4 + (i % 25)) : null,
    lostAt: i % 8 === 5 ? day(4 + (i % 25)) : null,
    amount: i % 8 === 1 ? 1000 + i : null,
    pipelineAmount: i % 8 === 3 ? 500 : null,
    customerId: i % 8 === 1 ? `cust${i % 5}` : null,
    valid: i % 10 !== 0,
  }),
);
export const costs = times(56, (i) =>
  cost({
    date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
    campaign: i % 2 ? 'Spring Sale' : 'Brand',
    channel: i % 2 ? 'paid_search' : 'paid_social',
    amount: 40 + i,
    kind: i % 7 === 0 ? 'sales' : 'media',
    impressions: 1000 + i,
    clicks: 10 + i,
    // Ad-platform breakdowns travel through both stores like the other dimensions.
    age: i % 3 === 0 ? null : i % 3 === 1 ? '25-34' : '35-44',
    gender: i % 2 ? 'female' : 'male',
    device: i % 4 === 0 ? 'desktop' : 'iphone',
    placement: i % 5 === 0 ? 'instagram Stories' : 'facebook Feed',
    hour: String(i % 24).padStart(2, '0'),
  }),
);

export const query = (over: Partial<Query>): Query => ({
  metrics: ['leads', 'mql', 'sql', 'customers', 'cpl', 'cac', 'roi', 'arpc', 'winrate', 'pipeline', 'ctr'],
  filters: [],
  by: null,
  period: { kind: 'month', year: 2026, month: 10 },
  compare: null,
  view: 'flow',
  ...over,
});
