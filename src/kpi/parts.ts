import type { MetricId } from './query.ts';

/** The parts of a scan: lead events by kind, open pipeline, and costs. Bit flags. */
export const PART = {
  created: 1,
  mql: 2,
  sql: 4,
  activated: 8,
  lost: 16,
  customer: 32,
  pipeline: 64,
  costs: 128,
  /** Distinct customers per group (sorts the customer events). */
  distinct: 256,
  /** Time-to-convert median and mean per group (sorts the cycle days). */
  cycle: 512,
} as const;
export const ALL_PARTS = 1023;
/** The parts that need the customer events collected during the scan. */
export const CUSTOMER_EVENT_PARTS = PART.distinct | PART.cycle;

const { created, mql, sql, activated, lost, customer, pipeline, costs, distinct } = PART;

/** What each metric is computed from. */
export const METRIC_PARTS: Readonly<Record<MetricId, number>> = {
  leads: created,
  valid: created,
  valid_rate: created,
  mql,
  sql,
  activations: activated,
  customers: customer,
  conv: created | customer,
  lead_to_valid: created,
  valid_to_mql: created | mql,
  mql_to_sql: mql | sql,
  sql_to_customer: sql | customer,
  winrate: customer | lost,
  l2c: created | customer,
  spend: costs,
  cost: costs,
  impressions: costs,
  clicks: costs,
  ctr: costs,
  cpc: costs,
  cpm: costs,
  cpl: costs | created,
  platform_leads: costs,
  platform_cpl: costs,
  conversions: costs,
  cost_per_conversion: costs,
  cost_per_mql: costs | mql,
  cost_per_sql: costs | sql,
  cpa: costs | customer,
  cac: costs | customer,
  revenue: customer,
  aov: customer,
  arpc: customer | distinct,
  rpl: customer | created,
  npl: customer | created | costs,
  profit: customer | costs,
  roi: customer | costs,
  // Through ARPC under the margin model (the distinct customers).
  clv: customer | distinct,
  ltv_cac: customer | costs | distinct,
  cycle: customer | PART.cycle,
  pipeline,
  contribution: customer,
};

/** The parts the metrics need (every part when the list is empty). */
export function partsFor(metrics: readonly MetricId[]): number {
  if (metrics.length === 0) return ALL_PARTS;
  let parts = 0;
  for (const id of metrics) parts |= METRIC_PARTS[id];
  return parts;
}
