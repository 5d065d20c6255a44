import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Targets } from '../kpi/engine.ts';
import { formatDelta } from '../kpi/format.ts';
import type { MetricId } from '../kpi/query.ts';
import type { ResolvedPeriod } from '../kpi/result.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import type { ProportionTestSettings } from '../kpi/stats.ts';
import { explainChange } from '../kpi/why.ts';
import { periodInWords } from '../kpi/words.ts';
import type { Dimension } from '../model/dimension.ts';
import { escapeMrkdwn, truncate } from '../shared/escape.ts';
import type { AlertRule } from './rules.ts';

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
): AlertDriver | null {
  if (rule.kind !== 'metric') return null;
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
