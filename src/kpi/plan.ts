import type { Result } from '../shared/errors.ts';
import { type EngineContext, runQuery } from './engine.ts';
import type { Filter, PeriodSpec } from './query.ts';
import { type MetricValue, naReason, type ResolvedPeriod } from './result.ts';
import type { Snapshot } from './snapshot.ts';

/** The basis period when the user names none: a quarter of history smooths weekly noise. */
const DEFAULT_PLAN_PERIOD: PeriodSpec = { kind: 'last-days', days: 90 };

export interface PlanRequest {
  customers: number;
  period?: PeriodSpec;
  filters?: readonly Filter[];
}

/** The reverse funnel: what it takes to win `customers` at the rates seen over `period`. */
export interface PlanResult {
  customers: number;
  period: ResolvedPeriod;
  /** Rates observed over the period (percent), flow view. */
  rates: { leadToMql: MetricValue; mqlToSql: MetricValue; sqlToCustomer: MetricValue; conv: MetricValue };
  /** Observed cost per lead and per customer. */
  cpl: MetricValue;
  cpa: MetricValue;
  /** Needed volumes (rounded up) and budget. */
  needed: { sql: MetricValue; mql: MetricValue; leads: MetricValue; budget: MetricValue };
  dataVersion: string;
}

const ok = (value: number): MetricValue => ({ value, na: null });

/** need / (rate %), rounded up; n/a when the rate is unknown or zero. */
function through(need: MetricValue, rate: MetricValue): MetricValue {
  if (need.value === null) return need;
  if (rate.value === null) return rate;
  if (rate.value === 0) return { value: null, na: naReason('zero_denominator') };
  return ok(Math.ceil(need.value / (rate.value / 100) - 1e-9));
}

export function plan(snapshot: Snapshot, request: PlanRequest, ctx: EngineContext): Result<PlanResult> {
  const answer = runQuery(
    snapshot,
    {
      metrics: ['leads', 'mql', 'sql', 'customers', 'conv', 'mql_to_sql', 'sql_to_customer', 'cpl', 'cpa'],
      filters: request.filters ?? [],
      by: null,
      period: request.period ?? DEFAULT_PLAN_PERIOD,
      compare: null,
      view: 'flow',
    },
    ctx,
  );
  if (!answer.ok) return answer;
  const v = answer.value.total.values;
  const leads = v.leads.value ?? 0;
  const mql = v.mql.value ?? 0;
  const leadToMql: MetricValue =
    leads === 0 ? { value: null, na: naReason('no_leads') } : ok((mql / leads) * 100);
  const target = ok(Math.max(0, Math.ceil(request.customers)));
  const sql = through(target, v.sql_to_customer);
  const mqlNeeded = through(sql, v.mql_to_sql);
  // Without MQL/SQL stages in the data, the overall conversion rate still plans the leads.
  const chained = through(mqlNeeded, leadToMql);
  const leadsNeeded = chained.value !== null ? chained : through(target, v.conv);
  const budget: MetricValue =
    leadsNeeded.value === null
      ? leadsNeeded
      : v.cpl.value === null
        ? v.cpl
        : ok(leadsNeeded.value * v.cpl.value);
  return {
    ok: true,
    value: {
      customers: target.value ?? 0,
      period: answer.value.period,
      rates: { leadToMql, mqlToSql: v.mql_to_sql, sqlToCustomer: v.sql_to_customer, conv: v.conv },
      cpl: v.cpl,
      cpa: v.cpa,
      needed: { sql, mql: mqlNeeded, leads: leadsNeeded, budget },
      dataVersion: snapshot.dataVersion,
    },
  };
}
