import type { Dimension } from '../model/dimension.ts';

/**
 * Every metric of SPEC section 3. The catalogue (catalogue.ts) describes each; the engine
 * computes each; the grammar parses each. `funnel` is a grammar shorthand, not a metric.
 */
export const METRIC_IDS = [
  'leads',
  'valid',
  'valid_rate',
  'mql',
  'sql',
  'activations',
  'customers',
  'conv',
  'lead_to_valid',
  'valid_to_mql',
  'mql_to_sql',
  'sql_to_customer',
  'winrate',
  'l2c',
  'spend',
  'cost',
  'impressions',
  'clicks',
  'ctr',
  'cpc',
  'cpm',
  'cpl',
  'platform_leads',
  'platform_cpl',
  'conversions',
  'cost_per_conversion',
  'cost_per_mql',
  'cost_per_sql',
  'cpa',
  'cac',
  'revenue',
  'aov',
  'arpc',
  'rpl',
  'npl',
  'profit',
  'roi',
  'clv',
  'ltv_cac',
  'cycle',
  'pipeline',
  'contribution',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export type TimeGrain = 'day' | 'week' | 'month';

/** A breakdown: by a dimension, or by time buckets (ISO weeks, calendar months, days). */
export type Breakdown = { kind: 'dimension'; dimension: Dimension } | { kind: 'time'; grain: TimeGrain };

export const RELATIVE_PERIODS = [
  'today',
  'yesterday',
  'this-week',
  'last-week',
  'this-month',
  'last-month',
  'this-quarter',
  'last-quarter',
  'this-year',
  'last-year',
  'mtd',
  'qtd',
  'ytd',
  'all',
] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

/**
 * A period as the user said it; periods.ts resolves it to dates in the workspace time zone
 * with the clock's "now". `range` dates are inclusive calendar days (YYYY-MM-DD).
 */
export type PeriodSpec =
  | { kind: 'relative'; name: RelativePeriod }
  | { kind: 'last-days'; days: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'quarter'; year: number; quarter: number }
  | { kind: 'iso-week'; year: number; week: number }
  | { kind: 'year'; year: number }
  | { kind: 'range'; from: string; to: string };

/** Keep rows whose dimension holds one of the values (canonical values, as in the data). */
export interface Filter {
  dimension: Dimension;
  values: readonly string[];
}

/**
 * How to order a breakdown's rows: by a metric's value (n/a rows last whatever the direction)
 * or by the group's label. Absent from a query: the engine keeps its stable order (labels
 * A→Z, time buckets in time order) and each renderer picks its presentation order.
 */
export interface SortSpec {
  by: MetricId | 'label';
  direction: 'asc' | 'desc';
}

/**
 * The one query object: out of the /kpi text, the CLI, the digest and alert rules, into the
 * engine. Flow view counts stage events dated in the period; cohort view follows the leads
 * created in the period.
 */
export interface Query {
  metrics: readonly MetricId[];
  filters: readonly Filter[];
  by: Breakdown | null;
  period: PeriodSpec;
  compare: 'previous' | null;
  view: 'flow' | 'cohort';
  /** `sort=`: set only when the user asked for an order (see SortSpec). */
  sort?: SortSpec;
}

/** The default period when the user names none. */
export const DEFAULT_PERIOD: PeriodSpec = { kind: 'last-days', days: 30 };
