import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { compileFilters } from '../kpi/compile.ts';
import type { Targets } from '../kpi/engine.ts';
import { formatDelta } from '../kpi/format.ts';
import { resolvePeriod } from '../kpi/periods.ts';
import type { MetricId } from '../kpi/query.ts';
import type { ResolvedPeriod } from '../kpi/result.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import {
  type CohortWindow,
  cohortDriver,
  DEFAULT_STAGE_LAG_DAYS,
  isStageConversion,
  type StageConversion,
  type StageLagDays,
  stageLag,
} from '../kpi/stage-cohort.ts';
import type { ProportionTestSettings } from '../kpi/stats.ts';
import { explainChange, WHY_DEFAULTS } from '../kpi/why.ts';
import { periodInWords } from '../kpi/words.ts';
import type { Dimension, LeadDimension } from '../model/dimension.ts';
import { dayFromIso, zonedDay } from '../shared/days.ts';
import { escapeMrkdwn, truncate } from '../shared/escape.ts';
import type { AlertRule } from './rules.ts';

/** Where a stage conversion's move is looked for (as the digest's drop concentration). */
const STAGE_DIMENSIONS: readonly LeadDimension[] = ['campaign', 'channel'];

/** The group behind a breach: its part of the metric's move since the previous window. */
export interface AlertDriver {
  metric: MetricId;
  dimension: Dimension;
  key: string | null;
  label: string;
  contribution: number;
  /** The metric's change from the previous window to the rule's window. */
  change: number;
  previousPeriod: ResolvedPeriod;
  currency: string;
}

/**
 * The top driver of a metric rule's breach: `why` over the rule's window (and filters) against
 * the window before it; the largest contribution in the direction of the move. Null for
 * built-in rules, metrics that do not split, no change, or a rate that moved within noise.
 */
export function alertDriver(
  rule: AlertRule,
  snapshot: Snapshot,
  now: Date,
  targets: Targets,
  noise?: ProportionTestSettings,
  lags: Readonly<StageLagDays> = DEFAULT_STAGE_LAG_DAYS,
): AlertDriver | null {
  if (rule.kind !== 'metric') return null;
  if (isStageConversion(rule.metric)) return stageDriver(rule, rule.metric, snapshot, now, lags);
  const result = explainChange(
    snapshot,
    {
      metric: rule.metric,
      filters: rule.filters,
      period: rule.window,
      against: 'previous',
      by: null,
      view: 'flow',
    },
    { now, targets },
    noise ? { noise } : {},
  );
  if (!result.ok) return null;
  const { change, drivers, previousPeriod, currency } = result.value;
  if (change === null || change === 0) return null;
  const top = drivers.find((d) => Math.sign(d.contribution) === Math.sign(change));
  if (!top) return null;
  return {
    metric: rule.metric,
    dimension: top.dimension,
    key: top.key,
    label: top.label,
    contribution: top.contribution,
    change,
    previousPeriod,
    currency,
  };
}

/**
 * A stage conversion's driver on the cohorts the rule measures (never the flow ratio): the
 * campaign or channel with the largest part of the cohort rate's move since the window before,
 * that window observed at the same age. In percent points, like the engine's rates.
 */
function stageDriver(
  rule: Extract<AlertRule, { kind: 'metric' }>,
  stage: StageConversion,
  snapshot: Snapshot,
  now: Date,
  lags: Readonly<StageLagDays>,
): AlertDriver | null {
  const resolved = resolvePeriod(rule.window, now, snapshot.timeZone);
  if (!resolved.ok) return null;
  const { current, previous } = resolved.value;
  if (!previous) return null;
  const compiled = compileFilters(snapshot, rule.filters);
  if (!compiled.leadsNarrowable) return null;
  const nowDay = zonedDay(now.getTime(), snapshot.timeZone);
  const lag = stageLag(lags, stage);
  const window = (p: ResolvedPeriod, observedUntil: number): CohortWindow => ({
    fromDay: dayFromIso(p.from) ?? 0,
    toDay: dayFromIso(p.to) ?? 0,
    lag,
    observedUntil: () => observedUntil,
    filters: compiled.lead,
  });
  const shift = (dayFromIso(current.from) ?? 0) - (dayFromIso(previous.from) ?? 0);
  const top = cohortDriver(
    snapshot,
    stage,
    window(current, nowDay),
    window(previous, nowDay - shift),
    STAGE_DIMENSIONS.filter((d) => !rule.filters.some((f) => f.dimension === d && f.values.length === 1)),
    WHY_DEFAULTS,
  );
  if (!top) return null;
  return {
    metric: stage,
    dimension: top.dimension,
    key: top.key,
    label: top.label,
    contribution: top.contribution * 100,
    change: top.change * 100,
    previousPeriod: previous,
    currency: snapshot.currency,
  };
}

/** "Top driver against the previous window (Nov 9 – 15, 2026): campaign Brand (+€3.10 of +€3.80)." */
export function alertDriverText(driver: AlertDriver, locale: Locale): string {
  const amount = (abs: number) => formatDelta(driver.metric, { abs, rel: null }, locale, driver.currency);
  return t(locale, 'why.alert_driver', {
    previousPeriod: periodInWords(driver.previousPeriod, locale),
    dimension: t(locale, `kpi.dimension.${driver.dimension}`),
    label: escapeMrkdwn(truncate(driver.key === null ? t(locale, 'kpi.none') : driver.label, 80)),
    contribution: amount(driver.contribution),
    change: amount(driver.change),
  });
}
