import type { EngineContext } from '../kpi/engine.ts';
import type { MetricId, PeriodSpec } from '../kpi/query.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import { explainChange, type WhyDriver, type WhyResult } from '../kpi/why.ts';
import type { Dimension } from '../model/dimension.ts';
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
const STAGE_DIMENSIONS: readonly Dimension[] = ['campaign', 'channel'];
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
 * Where a flagged stage drop concentrates: the campaign or channel whose contribution to the
 * fall is the largest, against the same reference the flag names (previous week or baseline).
 */
export function stageConcentration(
  snapshot: Snapshot,
  stage: StageId,
  against: 'previous' | 'baseline',
  windows: Windows,
  ctx: EngineContext,
  settings: DigestSettings,
): StageConcentration | null {
  const reference = against === 'previous' ? windows.previous : windows.baseline;
  const why = explain(snapshot, stage, windows.week, reference, ctx, settings, STAGE_DIMENSIONS);
  if (!why || why.change === null || why.change >= 0) return null;
  const top = why.drivers.find((d) => d.contribution < 0);
  return top ? { ...driverOf(top), change: why.change } : null;
}
