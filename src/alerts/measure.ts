import { TZDate } from '@date-fns/tz';
// One module per function: the date-fns root pulls in every function (~200 MB of RSS).
import { format } from 'date-fns/format';
import { metricDef } from '../kpi/catalogue.ts';
import { compileFilters } from '../kpi/compile.ts';
import { runQuery, type Targets } from '../kpi/engine.ts';
import type { Filter, MetricId, PeriodSpec, Query } from '../kpi/query.ts';
import { missingInput, type QueryResult } from '../kpi/result.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import {
  DEFAULT_STAGE_LAG_DAYS,
  isStageConversion,
  type StageConversion,
  type StageLagDays,
  stageCohort,
  stageLag,
} from '../kpi/stage-cohort.ts';
import { dayFromIso, zonedDay } from '../shared/days.ts';
import type { Observation } from './evaluate.ts';
import type { AlertRule, LeadCollapseRule, MetricRule, StaleSourceRule } from './rules.ts';
import { scopeKey } from './rules.ts';

/** When a source (import origin) last refreshed: from the store's `listSources`. */
export interface SourceAge {
  origin: string;
  lastImportAt: number;
}

export interface MeasureContext {
  snapshot: Snapshot;
  now: Date;
  targets: Targets;
  sources: readonly SourceAge[];
  /** The stage lags a stage-conversion rule counts within (config digest.stageLagDays). */
  stageLagDays?: Readonly<StageLagDays>;
}

const HOUR = 3600_000;

const query = (
  metrics: MetricId[],
  filters: readonly Filter[],
  period: PeriodSpec,
  compare: boolean,
): Query => ({
  metrics,
  filters,
  by: null,
  period,
  compare: compare ? 'previous' : null,
  view: 'flow',
});

/** Words for a scope: `campaign = Spring Sale, channel = paid_search` (raw data values). */
export function scopeLabel(filters: readonly Filter[]): string {
  return filters.map((f) => `${f.dimension} = ${f.values.join(', ')}`).join(' · ');
}

function measureMetric(rule: MetricRule, ctx: MeasureContext): Observation {
  const volume = metricDef(rule.metric).rate ? metricDef(rule.metric).volume : null;
  const metrics: MetricId[] = [rule.metric];
  if (volume) metrics.push(volume);
  if (rule.threshold.kind === 'target') metrics.push('clv');
  const base = { scope: scopeKey(rule.filters), scopeLabel: scopeLabel(rule.filters) };
  const result = runQuery(
    ctx.snapshot,
    query(metrics, rule.filters, rule.window, rule.threshold.kind === 'relative'),
    { now: ctx.now, targets: ctx.targets, onlyRequested: true },
  );
  if (!result.ok) return { ...base, value: null, threshold: null, volume: null };
  const total = result.value.total;
  // No loaded source has the column the metric needs: n/a with the reason, never a breach or a recovery.
  const na = missingInput(total.values[rule.metric]);
  if (na) return { ...base, value: null, threshold: null, volume: null, na };
  if (isStageConversion(rule.metric)) return measureStage(rule, rule.metric, result.value, ctx, base);
  const value = total.values[rule.metric]?.value ?? null;
  let threshold: number | null;
  switch (rule.threshold.kind) {
    case 'absolute':
      threshold = rule.threshold.value;
      break;
    case 'relative': {
      const previous = total.previous?.[rule.metric]?.value ?? null;
      threshold = previous === null ? null : previous * (1 + rule.threshold.change);
      break;
    }
    case 'target': {
      // CLV modelled from revenue, with no revenue in the data: the threshold is n/a for that reason.
      const clvNa = missingInput(total.values.clv);
      if (clvNa) return { ...base, value, threshold: null, volume: null, na: clvNa, naOf: 'threshold' };
      const clv = total.values.clv?.value ?? null;
      threshold = clv === null || ctx.targets.ltvCacRatio <= 0 ? null : clv / ctx.targets.ltvCacRatio;
      break;
    }
  }
  return { ...base, value, threshold, volume: volume ? (total.values[volume]?.value ?? 0) : null };
}

/**
 * A stage conversion as the digest's funnel counts it: of the leads in scope that reached the stage
 * in the rule's window, the share that reached the next one within the stage's lag (never above
 * 100 %, unlike the flow ratio). A relative threshold compares it with the window before, observed
 * at the same age (its leads seen for as many days as the current window's), so a young window
 * is not taken for a fall.
 */
function measureStage(
  rule: MetricRule,
  stage: StageConversion,
  answer: QueryResult,
  ctx: MeasureContext,
  base: Pick<Observation, 'scope' | 'scopeLabel'>,
): Observation {
  const lag = stageLag(ctx.stageLagDays ?? DEFAULT_STAGE_LAG_DAYS, stage);
  const nowDay = zonedDay(ctx.now.getTime(), ctx.snapshot.timeZone);
  const compiled = compileFilters(ctx.snapshot, rule.filters);
  // A scope leads do not carry (an ad-platform breakdown): no lead is in it, nothing to measure.
  if (!compiled.leadsNarrowable) return { ...base, value: null, threshold: null, volume: null };
  const filters = compiled.lead;
  const rateOf = (from: string, to: string, observedUntil: number) => {
    const fromDay = dayFromIso(from);
    const toDay = dayFromIso(to);
    if (fromDay === null || toDay === null) return { rate: null, reached: 0 };
    const cohort = stageCohort(ctx.snapshot.leads, stage, {
      fromDay,
      toDay,
      lag,
      observedUntil: () => observedUntil,
      filters,
    });
    return {
      rate: cohort.reached > 0 ? (cohort.converted / cohort.reached) * 100 : null,
      reached: cohort.reached,
    };
  };
  const current = rateOf(answer.period.from, answer.period.to, nowDay);
  let threshold: number | null = null;
  if (rule.threshold.kind === 'absolute') threshold = rule.threshold.value;
  else if (rule.threshold.kind === 'relative' && answer.previousPeriod) {
    const shift = (dayFromIso(answer.period.from) ?? 0) - (dayFromIso(answer.previousPeriod.from) ?? 0);
    const before = rateOf(answer.previousPeriod.from, answer.previousPeriod.to, nowDay - shift);
    threshold = before.rate === null ? null : before.rate * (1 + rule.threshold.change);
  }
  return { ...base, value: current.rate, threshold, volume: current.reached, lagDays: lag };
}

function measureStale(rule: StaleSourceRule, ctx: MeasureContext): Observation[] {
  return ctx.sources.map((s) => ({
    scope: `source=${s.origin}`,
    scopeLabel: s.origin,
    value: Math.max(0, (ctx.now.getTime() - s.lastImportAt) / HOUR),
    threshold: rule.maxAgeHours,
    volume: null,
  }));
}

/**
 * Yesterday's leads (a full day, in the workspace zone) against the average of the same
 * weekday over the previous weeks. The threshold is `ratio` × that average; with too small an
 * average there is nothing to compare (threshold null: no data).
 */
function measureCollapse(rule: LeadCollapseRule, ctx: MeasureContext): Observation {
  const zone = ctx.snapshot.timeZone;
  const local = new TZDate(ctx.now.getTime(), zone);
  const dayAt = (offset: number) =>
    format(
      new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + offset, 12, 0, zone),
      'yyyy-MM-dd',
    );
  const leadsOn = (offset: number): number | null => {
    const day = dayAt(offset);
    const result = runQuery(
      ctx.snapshot,
      query(['leads'], rule.filters, { kind: 'range', from: day, to: day }, false),
      { now: ctx.now, targets: ctx.targets, onlyRequested: true },
    );
    return result.ok ? (result.value.total.values.leads?.value ?? 0) : null;
  };
  const base = {
    scope: `collapse:${scopeKey(rule.filters)}`,
    scopeLabel: scopeLabel(rule.filters),
    volume: null,
  };
  const yesterday = leadsOn(-1);
  const history: number[] = [];
  for (let w = 1; w <= rule.weeks; w++) {
    const n = leadsOn(-1 - 7 * w);
    if (n !== null) history.push(n);
  }
  if (yesterday === null || history.length === 0) return { ...base, value: null, threshold: null };
  const average = history.reduce((a, b) => a + b, 0) / history.length;
  if (average < rule.minBaseline) return { ...base, value: yesterday, threshold: null };
  return { ...base, value: yesterday, threshold: rule.ratio * average };
}

/** Measures a rule: one observation per scope (a metric rule has one; stale sources, one per source). */
export function measure(rule: AlertRule, ctx: MeasureContext): Observation[] {
  switch (rule.kind) {
    case 'metric':
      return [measureMetric(rule, ctx)];
    case 'stale_source':
      return measureStale(rule, ctx);
    case 'lead_collapse':
      return [measureCollapse(rule, ctx)];
  }
}
