import type { MetricId } from './query.ts';
import { type MetricValue, type NaCode, naReason } from './result.ts';
import { F, NF } from './scan.ts';

/** How CLV is computed when no CLV target is configured (SPEC section 3). */
export type ClvModel =
  | { kind: 'frequency'; purchaseFrequency: number; lifetime: number }
  | { kind: 'margin'; margin: number; churn: number };

export interface Targets {
  /** A configured CLV (workspace currency). */
  clv?: number;
  clvModel?: ClvModel;
  /** LTV:CAC target ratio (3 by default). */
  ltvCacRatio: number;
}

/** The numbers one group's metrics are derived from. */
export interface GroupInputs {
  acc: Float64Array;
  /** Offset of the group's block in acc. */
  base: number;
  distinctCustomers: number;
  cycleMedian: number;
  cycleMean: number;
  /** Revenue of the whole scope (for `contribution`). */
  totalRevenue: number;
  /** Why cost metrics are unknown for this group, or null when spend is known. */
  costNa: NaCode | null;
  /**
   * Whether the data carries lost dates at all (some lead of the snapshot has one). Without them
   * won / (won + lost) would read 100 %, so the win rate is n/a (`no_lost_data`).
   */
  lostData: boolean;
  /**
   * What the loaded data carries at all (absent: everything): a metric whose input no source has
   * is n/a with that reason, never 0 (no revenue column: revenue, ROI, profit… are n/a).
   */
  inputs?: { revenue: boolean; mql: boolean; sql: boolean };
}

const REVENUE_METRICS: readonly MetricId[] = [
  'revenue',
  'aov',
  'arpc',
  'rpl',
  'npl',
  'profit',
  'roi',
  'contribution',
];
const MQL_METRICS: readonly MetricId[] = ['mql', 'valid_to_mql', 'mql_to_sql', 'cost_per_mql'];
const SQL_METRICS: readonly MetricId[] = ['sql', 'mql_to_sql', 'sql_to_customer', 'cost_per_sql'];

/** Metrics whose input no loaded source carries become n/a with that reason. */
function withoutMissingInputs(
  values: Record<MetricId, MetricValue>,
  inputs: GroupInputs['inputs'],
  targets: Targets,
): Record<MetricId, MetricValue> {
  if (!inputs) return values;
  // A reason about the question (a dimension spend does not carry) stays: it is the first fix.
  const set = (id: MetricId, code: NaCode): void => {
    const current = values[id].na?.code;
    if (current === 'no_cost_dimension' || current === 'no_lead_dimension') return;
    values[id] = id === 'ltv_cac' ? { ...na(code), extra: { target: targets.ltvCacRatio } } : na(code);
  };
  if (!inputs.revenue) {
    for (const id of REVENUE_METRICS) set(id, 'no_revenue_data');
    // CLV from revenue (a model), and LTV:CAC from it; a configured CLV stays.
    if (targets.clv === undefined) for (const id of ['clv', 'ltv_cac'] as const) set(id, 'no_revenue_data');
  }
  if (!inputs.mql) for (const id of MQL_METRICS) set(id, 'no_stage_data');
  if (!inputs.sql) for (const id of SQL_METRICS) set(id, 'no_stage_data');
  return values;
}

const val = (value: number): MetricValue => ({ value, na: null });
const na = (code: NaCode): MetricValue => ({ value: null, na: naReason(code) });
/** a / b, or n/a with `code` when b is 0 (never Infinity or NaN). */
const div = (a: number, b: number, code: NaCode, scale = 1): MetricValue =>
  b === 0 || !Number.isFinite(a / b) ? na(code) : val((a / b) * scale);
/** A value computed from others: n/a when one of them is. */
const both = (x: MetricValue, y: MetricValue, f: (a: number, b: number) => MetricValue): MetricValue =>
  x.value === null ? x : y.value === null ? y : f(x.value, y.value);

/** Every metric of the catalogue for one group. */
export function deriveMetrics(g: GroupInputs, targets: Targets): Record<MetricId, MetricValue> {
  const a = (f: number): number => g.acc[g.base + f]!;
  const leads = a(F.leads);
  const valid = a(F.valid);
  const mql = a(F.mql);
  const sql = a(F.sql);
  const customers = a(F.customers);
  const lost = a(F.lost);
  const revenue = a(F.revenue);
  const costNa = g.costNa;
  const noMedia = a(F.mediaRows) === 0;
  const noCost = a(F.costRows) === 0;
  // A spend-based metric: n/a when spend cannot be narrowed, or there is no media spend at all.
  const perSpend = (den: number, code: NaCode, scale = 1): MetricValue =>
    costNa ? na(costNa) : noMedia ? na('no_spend') : div(a(F.spend), den, code, scale);
  const costSum = (f: number): MetricValue => (costNa ? na(costNa) : val(a(f)));

  const cost = costSum(F.cost);
  // What the ad platforms counted themselves: n/a (not 0) when no row carried a count, and a
  // cost per result over the spend of the rows that did (an engagement campaign's spend is not
  // spread over another campaign's leads).
  const platformCount = (sum: number, rows: number, code: NaCode): MetricValue =>
    costNa ? na(costNa) : a(rows) === 0 ? na(code) : val(a(sum));
  const platformCost = (spendField: number, sum: number, rows: number, code: NaCode): MetricValue =>
    costNa ? na(costNa) : a(rows) === 0 ? na(code) : div(a(spendField), a(sum), code);
  const cpl = perSpend(leads, 'no_leads');
  const rpl = div(revenue, leads, 'no_leads');
  const aov = div(revenue, customers, 'no_customers');
  const arpc = div(revenue, g.distinctCustomers, 'no_customers');
  const cac = costNa ? na(costNa) : noCost ? na('no_cost') : div(a(F.acquisition), customers, 'no_customers');
  const clv = clvOf(targets, aov, arpc);

  return withoutMissingInputs(
    {
      leads: val(leads),
      valid: val(valid),
      valid_rate: div(valid, leads, 'no_leads', 100),
      mql: val(mql),
      sql: val(sql),
      activations: val(a(F.activations)),
      customers: val(customers),
      conv: div(customers, leads, 'no_leads', 100),
      lead_to_valid: div(valid, leads, 'no_leads', 100),
      valid_to_mql: div(mql, valid, 'no_valid', 100),
      mql_to_sql: div(sql, mql, 'no_mql', 100),
      sql_to_customer: div(customers, sql, 'no_sql', 100),
      winrate: g.lostData ? div(customers, customers + lost, 'no_closed', 100) : na('no_lost_data'),
      l2c: div(leads, customers, 'no_customers'),
      spend: costSum(F.spend),
      cost,
      impressions: costSum(F.impressions),
      clicks: costSum(F.clicks),
      ctr: costNa ? na(costNa) : div(a(F.clicks), a(F.impressions), 'no_impressions', 100),
      cpc: perSpend(a(F.clicks), 'no_clicks'),
      cpm: perSpend(a(F.impressions), 'no_impressions', 1000),
      cpl,
      platform_leads: platformCount(F.platformLeads, F.platformLeadRows, 'no_platform_leads'),
      platform_cpl: platformCost(
        F.platformLeadSpend,
        F.platformLeads,
        F.platformLeadRows,
        'no_platform_leads',
      ),
      conversions: platformCount(F.conversions, F.conversionRows, 'no_conversions'),
      cost_per_conversion: platformCost(F.conversionSpend, F.conversions, F.conversionRows, 'no_conversions'),
      cost_per_mql: perSpend(mql, 'no_mql'),
      cost_per_sql: perSpend(sql, 'no_sql'),
      cpa: perSpend(customers, 'no_customers'),
      cac,
      revenue: val(revenue),
      aov,
      arpc,
      rpl,
      npl: both(rpl, cpl, (r, c) => val(r - c)),
      profit: both(val(revenue), cost, (r, c) => val(r - c)),
      roi: both(val(revenue), cost, (r, c) => div(r - c, c, 'no_cost', 100)),
      clv,
      ltv_cac: withTarget(
        both(clv, cac, (l, c) => div(l, c, 'zero_denominator')),
        targets.ltvCacRatio,
      ),
      cycle: Number.isNaN(g.cycleMedian)
        ? na('no_customers')
        : { value: g.cycleMedian, na: null, extra: { median: g.cycleMedian, mean: g.cycleMean } },
      pipeline: val(a(F.pipeline)),
      contribution: div(revenue, g.totalRevenue, 'no_revenue', 100),
    },
    g.inputs,
    targets,
  );
}

/** LTV:CAC carries its target ratio beside the value. */
const withTarget = (v: MetricValue, target: number): MetricValue => ({ ...v, extra: { target } });

function clvOf(targets: Targets, aov: MetricValue, arpc: MetricValue): MetricValue {
  if (targets.clv !== undefined && Number.isFinite(targets.clv)) return val(targets.clv);
  const model = targets.clvModel;
  if (!model) return na('clv_not_configured');
  if (model.kind === 'frequency') {
    return aov.value === null ? aov : val(aov.value * model.purchaseFrequency * model.lifetime);
  }
  if (arpc.value === null) return arpc;
  return div(arpc.value * model.margin, model.churn, 'zero_denominator');
}

/** Where each group's block starts. */
export const blockOf = (group: number): number => group * NF;
