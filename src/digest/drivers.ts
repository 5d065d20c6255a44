import type { EngineContext } from '../kpi/engine.ts';
import type { MetricId, PeriodSpec } from '../kpi/query.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import { cohortDriver } from '../kpi/stage-cohort.ts';
import { explainChange, WHY_DEFAULTS, type WhyDriver, type WhyResult } from '../kpi/why.ts';
import type { Dimension, LeadDimension } from '../model/dimension.ts';
import { digestCohortWindow, stageLag } from './stage-cohort.ts';
import type {
  DigestDriver,
  DigestSettings,
  HeadlineDrivers,
  HeadlineItem,
  StageConcentration,
  StageId,
} from './types.ts';

/** A headline KPI that moved this much (relative, either way) gets its drivers named. */
const DRIVER_THRESHOLD = 0.2;
/** Where a stage drop concentrates: by campaign or by channel (SPEC §5.2). */
const STAGE_DIMENSIONS: readonly LeadDimension[] = ['campaign', 'channel'];
/** Drivers kept per headline KPI (one is named in the channel, all in the thread). */
const TOP = 3;

interface Windows {
  week: PeriodSpec;
  previous: PeriodSpec;
  baseline: PeriodSpec;
}

const driverOf = (d: WhyDriver): DigestDriver => ({
  dimension: d.dimension,
  key: d.key,
  label: d.label,
  contribution: d.contribution,
  share: d.share,
});

function explain(
  snapshot: Snapshot,
  metric: MetricId,
  week: PeriodSpec,
  against: PeriodSpec,
  ctx: EngineContext,
  settings: DigestSettings,
  dimensions?: readonly Dimension[],
): WhyResult | null {
  const result = explainChange(
    snapshot,
    { metric, filters: [], period: week, against, by: null, view: 'flow' },
    ctx,
    {
      top: TOP,
      noise: { alpha: settings.alpha, minVolume: settings.minVolume },
      ...(dimensions ? { dimensions } : {}),
    },
  );
  // A metric that does not split (LTV:CAC under the margin model) simply names no driver.
  return result.ok && result.value.change !== null ? result.value : null;
}

/**
 * The top drivers of each headline KPI that moved DRIVER_THRESHOLD or more against the previous
 * week (and is not stale): `why` over the same two weeks, keyed by metric.
 */
export function headlineDrivers(
  snapshot: Snapshot,
  headline: readonly HeadlineItem[],
  windows: Windows,
  ctx: EngineContext,
  settings: DigestSettings,
): Map<MetricId, HeadlineDrivers> {
  const out = new Map<MetricId, HeadlineDrivers>();
  for (const item of headline) {
    if (item.stale || item.deltaRel === null || Math.abs(item.deltaRel) < DRIVER_THRESHOLD) continue;
    const why = explain(snapshot, item.metric, windows.week, windows.previous, ctx, settings);
    if (!why || why.change === null || why.drivers.length === 0) continue;
    out.set(item.metric, {
      dimension: why.dimension,
      change: why.change,
      drivers: why.drivers.map(driverOf),
    });
  }
  return out;
}

/**
 * Where a flagged stage drop concentrates: the campaign or channel whose part of the fall is the
 * largest, against the same reference the flag names (previous week or baseline). Computed on the
 * same cohorts as the funnel line (leads that reached the stage, converted within its lag, the
 * reference observed at the week's age), so its numbers are the flag's own and never pass 100 %.
 * The campaign is named unless the channel explains clearly more of the fall (as `why` picks).
 */
export function stageConcentration(
  snapshot: Snapshot,
  stage: StageId,
  against: 'previous' | 'baseline',
  windows: CohortWindows,
  settings: DigestSettings,
): StageConcentration | null {
  const lag = stageLag(settings.stageLagDays, stage);
  const reference = against === 'previous' ? windows.previous : windows.baseline;
  const cohortWindow = (w: { from: string; to: string }) =>
    digestCohortWindow(w, windows.week.from, windows.nowDay, lag);
  const top = cohortDriver(
    snapshot,
    stage,
    cohortWindow(windows.week),
    cohortWindow(reference),
    STAGE_DIMENSIONS,
    WHY_DEFAULTS,
  );
  if (!top || top.change >= 0) return null;
  // Percent points, as the engine gives rates.
  return { ...top, contribution: top.contribution * 100, change: top.change * 100 };
}

/** The digest's windows as ISO days, and today (epoch day): what the stage cohorts are counted over. */
export interface CohortWindows {
  week: { from: string; to: string };
  previous: { from: string; to: string };
  baseline: { from: string; to: string };
  nowDay: number;
}
