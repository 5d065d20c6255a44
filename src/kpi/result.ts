import type { MessageKey } from '../i18n/catalogue.ts';
import type { DataEnd, DataSpan } from '../model/coverage.ts';
import type { Dimension } from '../model/dimension.ts';
import type { Currency } from '../model/money.ts';
import type { MetricId, Query } from './query.ts';

/** Why a metric has no number. Each code has a catalogue message `kpi.na.<code>`. */
export const NA_REASONS = [
  'no_leads',
  'no_valid',
  'no_mql',
  'no_sql',
  'no_customers',
  'no_closed',
  'no_lost_data',
  'no_spend',
  'no_cost',
  'no_clicks',
  'no_impressions',
  'no_revenue',
  'no_revenue_data',
  'no_stage_data',
  'no_platform_leads',
  'no_conversions',
  'zero_denominator',
  'no_cost_dimension',
  'no_lead_dimension',
  'clv_not_configured',
  'not_applicable',
  'not_requested',
  'no_data',
] as const;
export type NaCode = (typeof NA_REASONS)[number];

/**
 * Reasons that hold for the loaded data as a whole, not for one period: no source has the column
 * the metric needs. A digest or an alert rule on such a metric says so (once) instead of judging it.
 */
export const MISSING_INPUT: ReadonlySet<NaCode> = new Set([
  'no_revenue_data',
  'no_stage_data',
  'no_lost_data',
]);

/** The value's n/a reason when it is a missing input (see MISSING_INPUT), else null. */
export function missingInput(value: { na: NaReason | null } | undefined): NaCode | null {
  const code = value?.na?.code;
  return code !== undefined && MISSING_INPUT.has(code) ? code : null;
}

export interface NaReason {
  code: NaCode;
  /** The catalogue message explaining the reason (`kpi.na.<code>`). */
  messageKey: MessageKey;
}

/** One metric's answer: a number, or null with the reason. Never Infinity or NaN. */
export interface MetricValue {
  value: number | null;
  na: NaReason | null;
  /** Extra numbers some metrics carry (e.g. `cycle` exposes `mean` beside the median in `value`). */
  extra?: Readonly<Record<string, number | null>>;
}

export interface MetricDelta {
  /** current − previous; null when either side is n/a. */
  abs: number | null;
  /** (current − previous) / |previous| × 100; null when either side is n/a or previous is 0. */
  rel: number | null;
}

/** A period resolved to calendar days in the workspace time zone. */
export interface ResolvedPeriod {
  /** First day, YYYY-MM-DD (inclusive). */
  from: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  to: string;
  /** Instant of `from` 00:00 in the workspace zone (epoch ms, inclusive). */
  startMs: number;
  /** Instant of the day after `to`, 00:00 in the workspace zone (epoch ms, exclusive). */
  endMs: number;
  /** Human label, e.g. `2026-W05`, `2026-10`, `2026-Q3`, `2026-10-01 → 2026-10-30`. */
  label: string;
}

export interface ResultRow {
  /** The group's key: the dimension value or the time bucket's first day; null for the total and for "(none)". */
  key: string | null;
  /** Display label (the value, "(none)" for a missing value, the bucket label for time). */
  label: string;
  values: Record<MetricId, MetricValue>;
  /** The same group's values over the previous period, when `compare: 'previous'`. */
  previous?: Record<MetricId, MetricValue>;
  delta?: Record<MetricId, MetricDelta>;
}

export interface QueryResult {
  query: Query;
  /** Where the data the metrics read stops before the period ends (set by kpi/coverage.ts). */
  dataEnds?: DataEnd[];
  /**
   * What the data covers, per side, when the period holds none of some side's data (an empty
   * answer): "The data covers leads 2026-02-03 → 2026-02-14" (set by kpi/coverage.ts).
   */
  dataSpans?: DataSpan[];
  period: ResolvedPeriod;
  previousPeriod: ResolvedPeriod | null;
  /** The whole filtered scope (no breakdown). */
  total: ResultRow;
  /** One row per group when `query.by` is set (empty otherwise). */
  rows: ResultRow[];
  currency: Currency;
  view: 'flow' | 'cohort';
  /**
   * Cohort view: the cohort's age, days from the start of its period to now (0 when the period has
   * not begun). Young cohorts are not mature; a compared cohort is observed at this same age.
   */
  cohortAgeDays?: number;
  /** The snapshot's data version the answer was computed from. */
  dataVersion: string;
  /** Epoch ms of `ctx.now`. */
  generatedAt: number;
  /** Filter values no row holds (they match nothing); absent when every value matched. */
  unmatched?: { dimension: Dimension; value: string }[];
  /**
   * Cost rows spanning days the period cuts (a campaign grid over a range): each counted for the
   * share of its days inside the period. Absent when none was cut.
   */
  proratedCostRows?: number;
  /**
   * The snapshot holds no row at all (nothing imported yet): the CLI and Slack say so and how to
   * load data (catalogue kpi.no_data), instead of an answer of zeros. Absent otherwise.
   */
  storeEmpty?: true;
}

/** The n/a reason for a code, with its catalogue message key. */
export function naReason(code: NaCode): NaReason {
  return { code, messageKey: `kpi.na.${code}` };
}

/** A number (finite) or n/a with the given reason. */
export function metricValue(value: number | null, code: NaCode): MetricValue {
  return value === null || !Number.isFinite(value)
    ? { value: null, na: naReason(code) }
    : { value, na: null };
}
