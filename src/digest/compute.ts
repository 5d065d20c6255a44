import { type EngineContext, runQuery } from '../kpi/engine.ts';
import type { Breakdown, MetricId, PeriodSpec, Query } from '../kpi/query.ts';
import { missingInput, type QueryResult, type ResultRow } from '../kpi/result.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import { dayFromIso, zonedDay } from '../shared/days.ts';
import { CAC_METRICS, cacVsClv } from './cac.ts';
import { CAMPAIGN_METRICS, rankCampaigns } from './campaigns.ts';
import { headlineDrivers, stageConcentration } from './drivers.ts';
import { digestFlags } from './flags.ts';
import { dataQuality, staleness } from './quality.ts';
import { stageLag, windowCohort } from './stage-cohort.ts';
import { type StepCounts, stageItems } from './stages.ts';
import {
  type ComputeDigestOptions,
  type Digest,
  HEADLINE_METRICS,
  type HeadlineItem,
  type HeadlineMetric,
  type SourceFreshness,
  type StageId,
  type TrendPoint,
} from './types.ts';
import { digestWindows } from './weeks.ts';

const STEP_METRICS = ['leads', 'valid', 'mql', 'sql', 'customers'] as const;
const RATE_METRICS = ['lead_to_valid', 'valid_to_mql', 'mql_to_sql', 'sql_to_customer'] as const;
const WEEK_METRICS: readonly MetricId[] = [
  ...new Set<MetricId>([...HEADLINE_METRICS, ...STEP_METRICS, ...RATE_METRICS]),
];
const TREND_METRICS: readonly MetricId[] = [...STEP_METRICS, 'spend', 'cpl', 'cac'];

/** Counts and sums: the baseline shows their weekly average; ratios are shown as they are. */
const ADDITIVE: ReadonlySet<HeadlineMetric> = new Set([
  'leads',
  'mql',
  'sql',
  'customers',
  'spend',
  'revenue',
]);
/** Metrics the engine gives in percent; the digest keeps fractions. */
const PERCENT: ReadonlySet<MetricId> = new Set(['roi', ...RATE_METRICS]);
/** Which feed each headline number is built on (for the stale marker). */
const FEEDS: Readonly<Record<HeadlineMetric, 'leads' | 'spend' | 'both'>> = {
  leads: 'leads',
  mql: 'leads',
  sql: 'leads',
  customers: 'leads',
  revenue: 'leads',
  spend: 'spend',
  cpl: 'both',
  cac: 'both',
  roi: 'both',
  ltv_cac: 'both',
};

type Ask = (
  metrics: readonly MetricId[],
  period: PeriodSpec,
  by?: Breakdown,
  compare?: boolean,
) => QueryResult;

const metricOf = (row: ResultRow | undefined, id: MetricId): number | null => {
  const value = row?.values[id]?.value ?? null;
  return value !== null && PERCENT.has(id) ? value / 100 : value;
};
const countsOf = (row: ResultRow | undefined): StepCounts => ({
  leads: metricOf(row, 'leads') ?? 0,
  valid: metricOf(row, 'valid') ?? 0,
  mql: metricOf(row, 'mql') ?? 0,
  sql: metricOf(row, 'sql') ?? 0,
  customers: metricOf(row, 'customers') ?? 0,
});
const range = (window: { from: string; to: string }): PeriodSpec => ({ kind: 'range', ...window });

/**
 * The weekly digest (SPEC section 5): a pure function of the snapshot, the week, the settings
 * and the sources' freshness. Every KPI comes from the engine's `runQuery` with the same query
 * objects as `/kpi`; only the comparisons, the tests and the flags are the digest's own.
 * Throws an AppError (`period_invalid`) for a week that does not exist.
 */
export function computeDigest(snapshot: Snapshot, options: ComputeDigestOptions): Digest {
  const now = new Date(options.now);
  const { settings } = options;
  // Only the parts of a scan the requested metrics need (the digest reads nothing else).
  const ctx: EngineContext = { now, targets: settings.targets, onlyRequested: true };
  const ask: Ask = (metrics, period, by, compare = false) => {
    const query: Query = {
      metrics,
      filters: [],
      by: by ?? null,
      period,
      compare: compare ? 'previous' : null,
      view: 'flow',
    };
    const result = runQuery(snapshot, query, ctx);
    if (!result.ok) throw result.error;
    return result.value;
  };
  const windows = digestWindows(options.week, now, snapshot.timeZone, settings);

  const week = ask(WEEK_METRICS, windows.weekSpec, undefined, true);
  const baselineResult = ask(WEEK_METRICS, range(windows.baseline));
  const trendResult = ask(TREND_METRICS, range(windows.trend), { kind: 'time', grain: 'week' });
  const trend: TrendPoint[] = trendResult.rows.map((row) => {
    const counts = countsOf(row);
    const monday = row.key ?? '';
    const [year, wk] = row.label.split('-W').map(Number);
    return {
      year: year ?? 0,
      week: wk ?? 0,
      from: monday,
      ...counts,
      cpl: metricOf(row, 'cpl'),
      cac: metricOf(row, 'cac'),
    };
  });
  // Baseline weeks that hold any data: a young workspace's baseline averages what it has.
  const baselineWeeks = trendResult.rows.filter((row) => {
    const monday = row.key ?? '';
    const active = (metricOf(row, 'leads') ?? 0) > 0 || (metricOf(row, 'spend') ?? 0) > 0;
    return active && monday >= windows.baseline.from && monday <= windows.baseline.to;
  }).length;

  const partial = windows.weekPeriod.endMs > now.getTime();
  const stale = staleness(
    options.sources,
    now.getTime(),
    { endMs: windows.weekPeriod.endMs, to: windows.week.to },
    settings,
  );
  // A side whose every source stops before the week starts has no data in it: its numbers are
  // n/a ("no data"), not zeros, and a side whose data stops within the week is not compared
  // with the previous week (a change made of missing days is no change).
  const endsOf = (side: 'leads' | 'spend') =>
    options.sources.filter(
      (s) => s.lastDataDay !== undefined && (s.feeds ?? 'both') !== (side === 'leads' ? 'spend' : 'leads'),
    );
  const missing = {
    leads: sideWithout(endsOf('leads'), windows.week.from),
    spend: sideWithout(endsOf('spend'), windows.week.from),
  };
  const cut = {
    leads: stale.sources.some((s) => s.dataEndsOn !== undefined && (s.feeds ?? 'both') !== 'spend'),
    spend: stale.sources.some((s) => s.dataEndsOn !== undefined && (s.feeds ?? 'both') !== 'leads'),
  };
  const onSides = (feed: 'leads' | 'spend' | 'both', of: { leads: boolean; spend: boolean }): boolean =>
    feed === 'leads' ? of.leads : feed === 'spend' ? of.spend : of.leads || of.spend;
  if (partial) {
    stale.leads = true;
    stale.spend = true;
  }
  const staleFor = (feed: 'leads' | 'spend' | 'both'): boolean =>
    feed === 'leads' ? stale.leads : feed === 'spend' ? stale.spend : stale.leads || stale.spend;

  const current = week.total;
  const previous = week.total.previous;
  const baseline = baselineWeeks > 0 ? baselineResult.total : undefined;
  const headline: HeadlineItem[] = HEADLINE_METRICS.map((metric) => {
    // No loaded source has the column the metric needs: n/a with that reason, never 0 or −100 %.
    const absent = missingInput(current.values[metric]);
    const outside = onSides(FEEDS[metric], missing);
    const value = outside ? null : metricOf(current, metric);
    const before = previous ? metricOf({ ...current, values: previous }, metric) : null;
    const base = metricOf(baseline, metric);
    const compared = !onSides(FEEDS[metric], cut);
    const deltaAbs = compared && value !== null && before !== null ? value - before : null;
    const na = absent ?? (outside ? 'no_data' : null);
    return {
      metric,
      value,
      previous: before,
      baseline: base !== null && ADDITIVE.has(metric) ? base / baselineWeeks : base,
      deltaAbs,
      deltaRel: deltaAbs !== null && before !== null && before !== 0 ? deltaAbs / Math.abs(before) : null,
      stale: staleFor(FEEDS[metric]),
      ...(na ? { na } : {}),
    };
  });

  // Stage conversion as a cohort (leads that reached X in the window, and of those the ones that
  // reached X+1 within the stage's usual lag), so it never exceeds 100 %.
  const nowDay = zonedDay(now.getTime(), snapshot.timeZone);
  const cohortIn = (window: { from: string; to: string }) => (stage: StageId) =>
    windowCohort(snapshot, stage, window, windows.week.from, nowDay, stageLag(settings.stageLagDays, stage));
  const stages = stageItems(
    cohortIn(windows.week),
    cohortIn(windows.previous),
    baseline ? cohortIn(windows.baseline) : null,
    settings,
    stale.leads,
    nowDay - (dayFromIso(windows.week.to) ?? nowDay),
  ).map((stage) => {
    // Without stage dates in the data a stage is not "0 %": n/a with the reason, never flagged.
    const na = missingInput(current.values[stage.id]);
    return na
      ? { ...stage, rate: null, previousRate: null, baselineRate: null, drop: null, flagged: false, na }
      : stage;
  });

  const cacWindow = range(windows.cac);
  // The by-channel answer carries the overall total too: one scan less.
  const cacChannels = ask(CAC_METRICS, cacWindow, { kind: 'dimension', dimension: 'channel' });
  const cacCampaigns = ask(CAC_METRICS, cacWindow, { kind: 'dimension', dimension: 'campaign' });
  const cac = cacVsClv(
    windows.cac,
    cacChannels.total,
    cacChannels.rows,
    cacCampaigns.rows,
    settings,
    stale.leads || stale.spend,
  );

  const campaignResult = ask(CAMPAIGN_METRICS, range(windows.campaigns), {
    kind: 'dimension',
    dimension: 'campaign',
  });
  // Profit and ROI need revenue: without any in the data a ranking would only sort by cost.
  const campaignsNa = missingInput(campaignResult.total.values.profit);
  const ranked = campaignsNa
    ? { best: [], worst: [], na: campaignsNa }
    : rankCampaigns(campaignResult.rows, settings.topCampaigns, stale.leads || stale.spend);

  const counts = countsOf(current);
  const quality = dataQuality(snapshot, windows.week, counts, stale.sources);
  const digest: Digest = {
    week: windows.week,
    baselineWeeks: settings.baselineWeeks,
    baselinePeriod: windows.baseline,
    previousPeriod: windows.previous,
    currency: snapshot.currency,
    generatedAt: now.getTime(),
    partial,
    headline,
    stages,
    cacVsClv: cac,
    campaigns: { period: windows.campaigns, ...ranked },
    dataQuality: quality.quality,
    trend: trend.slice(-8),
    flags: [],
    nothingNotable: true,
  };
  digest.flags = digestFlags(digest, settings, quality);
  digest.nothingNotable = digest.flags.length === 0;

  // What moved (SPEC §5.7, `why`): the top groups of each headline KPI that moved 20 % or more,
  // and where each flagged stage drop concentrates.
  const whyWindows = {
    week: windows.weekSpec,
    previous: range(windows.previous),
    baseline: range(windows.baseline),
  };
  const whyCtx = { now, targets: settings.targets };
  const drivers = headlineDrivers(snapshot, headline, whyWindows, whyCtx, settings);
  for (const item of headline) {
    const found = drivers.get(item.metric);
    if (found) item.drivers = found;
  }
  for (const flag of digest.flags) {
    if (flag.kind !== 'stage_drop') continue;
    const where = stageConcentration(
      snapshot,
      flag.stage,
      flag.against,
      { week: windows.week, previous: windows.previous, baseline: windows.baseline, nowDay },
      settings,
    );
    if (where) flag.concentration = where;
  }
  return digest;
}

/** True when the side has sources with known data days and none reaches `from`. */
function sideWithout(sources: readonly SourceFreshness[], from: string): boolean {
  return sources.length > 0 && sources.every((s) => s.lastDataDay === null || (s.lastDataDay ?? '') < from);
}
