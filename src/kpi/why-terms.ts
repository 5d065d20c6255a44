import { metricDef } from './catalogue.ts';
import type { Targets } from './derive.ts';
import type { MetricId } from './query.ts';
import { F } from './scan-core.ts';

/** A sum of accumulator fields, each added or subtracted (revenue − cost). */
export type Fields = readonly (readonly [field: number, sign: 1 | -1])[];

/**
 * How a metric splits over groups. A `sum` (leads, spend, revenue, profit) is the sum of its
 * groups' values. A `ratio` is scale × Σ num / Σ den over the groups (CPL = spend / leads,
 * a stage conversion = next stage / stage × 100, ROI = (revenue − cost) / cost × 100).
 */
export type WhyTerm =
  | { kind: 'sum'; fields: Fields }
  | {
      kind: 'ratio';
      num: Fields;
      den: Fields;
      scale: number;
      /** The accumulator field of the count that decides whether a group's rate means anything. */
      volume: number;
      /** A share of a count (conversion, valid rate, CTR): the two-proportion test applies. */
      proportion: boolean;
    };

const one = (field: number): Fields => [[field, 1]];
const sum = (field: number): WhyTerm => ({ kind: 'sum', fields: one(field) });
const ratio = (num: Fields, den: Fields, scale: number, volume: number, proportion = false): WhyTerm => ({
  kind: 'ratio',
  num,
  den,
  scale,
  volume,
  proportion,
});
const share = (num: number, den: number): WhyTerm => ratio(one(num), one(den), 100, den, true);

/** The catalogue's volume metric as an accumulator field. */
const VOLUME_FIELD: Partial<Record<MetricId, number>> = {
  leads: F.leads,
  valid: F.valid,
  mql: F.mql,
  sql: F.sql,
  customers: F.customers,
  impressions: F.impressions,
  clicks: F.clicks,
};
const volumeOf = (id: MetricId, fallback: number): number => {
  const volume = metricDef(id).volume;
  return (volume && VOLUME_FIELD[volume]) ?? fallback;
};
const costPer = (id: MetricId, den: number): WhyTerm => ratio(one(F.spend), one(den), 1, volumeOf(id, den));

const TERMS: Partial<Record<MetricId, WhyTerm>> = {
  leads: sum(F.leads),
  valid: sum(F.valid),
  mql: sum(F.mql),
  sql: sum(F.sql),
  activations: sum(F.activations),
  customers: sum(F.customers),
  revenue: sum(F.revenue),
  pipeline: sum(F.pipeline),
  spend: sum(F.spend),
  cost: sum(F.cost),
  impressions: sum(F.impressions),
  clicks: sum(F.clicks),
  profit: {
    kind: 'sum',
    fields: [
      [F.revenue, 1],
      [F.cost, -1],
    ],
  },
  valid_rate: share(F.valid, F.leads),
  lead_to_valid: share(F.valid, F.leads),
  conv: share(F.customers, F.leads),
  valid_to_mql: share(F.mql, F.valid),
  mql_to_sql: share(F.sql, F.mql),
  sql_to_customer: share(F.customers, F.sql),
  winrate: ratio(
    one(F.customers),
    [
      [F.customers, 1],
      [F.lost, 1],
    ],
    100,
    F.customers,
    true,
  ),
  ctr: ratio(one(F.clicks), one(F.impressions), 100, F.impressions, true),
  l2c: ratio(one(F.leads), one(F.customers), 1, F.customers),
  cpc: costPer('cpc', F.clicks),
  cpm: ratio(one(F.spend), one(F.impressions), 1000, F.impressions),
  cpl: costPer('cpl', F.leads),
  cost_per_mql: costPer('cost_per_mql', F.mql),
  cost_per_sql: costPer('cost_per_sql', F.sql),
  cpa: costPer('cpa', F.customers),
  cac: ratio(one(F.acquisition), one(F.customers), 1, F.customers),
  aov: ratio(one(F.revenue), one(F.customers), 1, F.customers),
  rpl: ratio(one(F.revenue), one(F.leads), 1, F.leads),
  // rpl − cpl = (revenue − spend) / leads.
  npl: ratio(
    [
      [F.revenue, 1],
      [F.spend, -1],
    ],
    one(F.leads),
    1,
    F.leads,
  ),
  roi: ratio(
    [
      [F.revenue, 1],
      [F.cost, -1],
    ],
    one(F.cost),
    100,
    F.customers,
  ),
};

/**
 * How `metric` splits into group contributions, or null when it does not add up over groups:
 * medians (cycle), distinct counts (arpc, and CLV / LTV:CAC under the margin model), shares of
 * a total (contribution), and a configured constant CLV.
 */
export function whyTerm(metric: MetricId, targets: Targets): WhyTerm | null {
  const term = TERMS[metric];
  if (term) return term;
  const clvTarget = targets.clv !== undefined && Number.isFinite(targets.clv) ? targets.clv : null;
  const model = targets.clvModel;
  const lifetime = model?.kind === 'frequency' ? model.purchaseFrequency * model.lifetime : null;
  if (metric === 'ltv_cac') {
    // CLV / CAC = clv × customers / cost, or (revenue / customers) × f × l / (cost / customers).
    if (clvTarget !== null) return ratio(one(F.customers), one(F.acquisition), clvTarget, F.customers);
    if (lifetime !== null) return ratio(one(F.revenue), one(F.acquisition), lifetime, F.customers);
    return null;
  }
  if (metric === 'clv' && clvTarget === null && lifetime !== null) {
    return ratio(one(F.revenue), one(F.customers), lifetime, F.customers);
  }
  return null;
}

/** Σ sign × acc[block + field]. */
export function fieldsAt(acc: Float64Array, block: number, fields: Fields): number {
  let total = 0;
  for (const [field, sign] of fields) total += sign * acc[block + field]!;
  return total;
}
