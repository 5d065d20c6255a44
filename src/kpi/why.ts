import type { DataEnd } from '../model/coverage.ts';
import { type Dimension, isCostDimension, isLeadDimension } from '../model/dimension.ts';
import type { Currency } from '../model/money.ts';
import { AppError, err, ok, type Result } from '../shared/errors.ts';
import { metricDef, type Unit } from './catalogue.ts';
import { dataBounds, dimensionGrouping, type EngineContext, prepareQuery, valuesOf } from './engine.ts';
import { METRIC_PARTS, PART } from './parts.ts';
import { resolvePeriod } from './periods.ts';
import type { Filter, MetricId, PeriodSpec, Query } from './query.ts';
import type { NaCode, ResolvedPeriod } from './result.ts';
import { NF, type ScanResult } from './scan-core.ts';
import type { Snapshot } from './snapshot.ts';
import { type ProportionTestSettings, proportionChange } from './stats.ts';
import { type GroupSplit, splitGroups } from './why-split.ts';
import { fieldsAt, type WhyTerm, whyTerm } from './why-terms.ts';

/** The dimensions tried, most specific first, when the question names none. */
const WHY_DIMENSIONS: readonly Dimension[] = ['campaign', 'channel', 'source', 'owner'];

export const WHY_DEFAULTS = {
  /** Drivers named; the rest are "others". */
  top: 3,
  /** A ratio's group with less volume than this (leads for CPL…) in both periods goes to "others". */
  minVolume: 10,
  /** The noise test of rates: the digest's defaults (significance 5 %, 30 on each side). */
  noise: { alpha: 0.05, minVolume: 30 } satisfies ProportionTestSettings,
  /**
   * An earlier (more specific) dimension keeps the pick while its top group explains at least this
   * fraction of what a later one's does: the campaign that made CPL jump is named, not the
   * channel that merely contains it.
   */
  specific: 0.8,
} as const;

/** `why <metric>`: a metric's change between two periods, explained group by group. */
export interface WhyRequest {
  metric: MetricId;
  filters: readonly Filter[];
  period: PeriodSpec;
  /** The period before (same length), or another period to compare with. */
  against: 'previous' | PeriodSpec;
  /** The dimension to split by; null: the best of WHY_DIMENSIONS. */
  by: Dimension | null;
  view: 'flow' | 'cohort';
}

export interface WhyOptions {
  top?: number;
  minVolume?: number;
  noise?: ProportionTestSettings;
  /** The dimensions tried when the request names none (WHY_DIMENSIONS by default). */
  dimensions?: readonly Dimension[];
}

export interface WhyPart {
  contribution: number;
  /** contribution / change (a fraction); null when the change is 0. */
  share: number | null;
  /** Ratios only (null for sums): mix + rate = contribution. */
  mix: number | null;
  rate: number | null;
}

export interface WhyDriver extends WhyPart {
  dimension: Dimension;
  /** The dimension's value; null for rows without one ("(none)"). */
  key: string | null;
  label: string;
  /** The group's own value of the metric in each period (null: n/a, e.g. no leads). */
  value: number | null;
  previous: number | null;
}

/** The groups not named: the smaller contributions and the groups under the minimum volume. */
export interface WhyOthers extends WhyPart {
  groups: number;
}

/** A dimension tried: how much of the change its top group explains. */
export interface WhyCandidate {
  dimension: Dimension;
  /** The top group's share of the change (null when there is nothing to explain). */
  topShare: number | null;
  top: string | null;
}

/** For rates: the digest's change test on the whole scope. */
export interface WhyNoise {
  pValue: number;
  alpha: number;
  minVolume: number;
  /** The rate's denominators (MQLs for MQL → SQL) in the period and the one compared with. */
  volume: number;
  previousVolume: number;
  /** Not significant, or too little volume: no driver is named. */
  within: boolean;
}

export interface WhyResult {
  kind: 'why';
  request: WhyRequest;
  metric: MetricId;
  unit: Unit;
  currency: Currency;
  period: ResolvedPeriod;
  previousPeriod: ResolvedPeriod;
  /** The metric over the whole scope, as `/kpi` answers it; null with the reason when n/a. */
  value: number | null;
  previous: number | null;
  valueNa: NaCode | null;
  previousNa: NaCode | null;
  /** value − previous (null when either is n/a); relative: / |previous| (a fraction). */
  change: number | null;
  relativeChange: number | null;
  method: 'direct' | 'shift-share';
  dimension: Dimension;
  /** `asked` (by=…) or `auto` (the candidate whose top group explains the most). */
  picked: 'asked' | 'auto';
  candidates: WhyCandidate[];
  /** Sorted by |contribution|, at most `top`; empty when the change is within noise. */
  drivers: WhyDriver[];
  others: WhyOthers | null;
  noise: WhyNoise | null;
  dataVersion: string;
  generatedAt: number;
  /** Where the data the metric reads stops before the period ends (see kpi/coverage.ts whyWithCoverage). */
  dataEnds?: DataEnd[];
}

interface Explained {
  dimension: Dimension;
  drivers: WhyDriver[];
  others: WhyOthers | null;
  topShare: number | null;
}

type WhyErrorKey =
  | 'why.not_decomposable'
  | 'why.no_previous'
  | 'why.no_cost_dimension'
  | 'why.no_lead_dimension';
const fail = (key: WhyErrorKey, params: Record<string, string>) =>
  err(new AppError('not_explainable', key, { params }));

/**
 * Explains a metric's change between two periods: each group's contribution (for ratios, its
 * mix and rate effects), adding up exactly to the total change. Pure: the engine's own scans of
 * the snapshot, two per dimension tried.
 */
export function explainChange(
  snapshot: Snapshot,
  request: WhyRequest,
  ctx: EngineContext,
  options: WhyOptions = {},
): Result<WhyResult> {
  const { metric } = request;
  const def = metricDef(metric);
  const term = whyTerm(metric, ctx.targets);
  if (!term) return fail('why.not_decomposable', { metric });
  // Spend has no owner and a lead has no age bracket: the metric's inputs must all carry `by`.
  const needsLeads = (METRIC_PARTS[metric] & ~PART.costs) !== 0;
  if (request.by && def.costBased && !isCostDimension(request.by)) {
    return fail('why.no_cost_dimension', { metric, dimension: request.by });
  }
  if (request.by && needsLeads && !isLeadDimension(request.by)) {
    return fail('why.no_lead_dimension', { metric, dimension: request.by });
  }
  const query: Query = {
    metrics: [metric],
    filters: request.filters,
    by: null,
    period: request.period,
    compare: 'previous',
    view: request.view,
  };
  const prepared = prepareQuery(snapshot, query, { ...ctx, onlyRequested: true });
  if (!prepared.ok) return prepared;
  const { current, run, parts, na } = prepared.value;
  let before = prepared.value.previous;
  if (request.against !== 'previous') {
    const other = resolvePeriod(request.against, ctx.now, snapshot.timeZone, dataBounds(snapshot));
    if (!other.ok) return other;
    before = other.value.current;
  }
  if (before === null) return fail('why.no_previous', { period: current.label });
  const previousPeriod = before;

  const candidates = candidatesFor(request, def.costBased, options.dimensions ?? WHY_DIMENSIONS);
  const scansBy = (dimension: Dimension) => {
    const grouping = dimensionGrouping(snapshot, dimension, ctx.locale);
    return {
      ...grouping,
      after: run(current, grouping.grouping),
      before: run(previousPeriod, grouping.grouping),
    };
  };
  const first = scansBy(candidates[0]!);
  const total = (s: ScanResult) => valuesOf(snapshot, s, parts, ctx.targets, na, true)[0]![metric];
  const value = total(first.after);
  const previous = total(first.before);
  const base: WhyResult = {
    kind: 'why',
    request,
    metric,
    unit: def.unit,
    currency: snapshot.currency,
    period: current,
    previousPeriod,
    value: value.value,
    previous: previous.value,
    valueNa: value.na?.code ?? null,
    previousNa: previous.na?.code ?? null,
    change: null,
    relativeChange: null,
    method: term.kind === 'sum' ? 'direct' : 'shift-share',
    dimension: candidates[0]!,
    picked: request.by !== null ? 'asked' : 'auto',
    candidates: [],
    drivers: [],
    others: null,
    noise: null,
    dataVersion: snapshot.dataVersion,
    generatedAt: ctx.now.getTime(),
  };
  // An n/a side (no leads last week…): nothing to split; the renderers say why.
  if (value.value === null || previous.value === null) return ok(base);
  const change = value.value - previous.value;

  const limits = {
    top: Math.max(1, options.top ?? WHY_DEFAULTS.top),
    minVolume: options.minVolume ?? WHY_DEFAULTS.minVolume,
  };
  const explained = candidates.map((dimension, i) => {
    const scans = i === 0 ? first : scansBy(dimension);
    const splits = splitGroups(term, scans.before, scans.after);
    return rank(dimension, splits, scans.keys, scans.labels, change, term, limits);
  });
  const best = pick(explained);
  const noise = term.kind === 'ratio' && term.proportion ? noiseOf(term, first, options) : null;
  const shown = noise?.within ? withinNoise(best) : best;
  return ok({
    ...base,
    change,
    relativeChange: previous.value === 0 ? null : change / Math.abs(previous.value),
    dimension: shown.dimension,
    candidates: explained.map((e) => ({
      dimension: e.dimension,
      topShare: e.topShare,
      top: e.drivers[0]?.label ?? null,
    })),
    drivers: shown.drivers,
    others: shown.others,
    noise,
  });
}

/** The dimensions to try: the one asked for, else those the metric's inputs carry and no filter pins. */
function candidatesFor(
  request: WhyRequest,
  costBased: boolean,
  dimensions: readonly Dimension[],
): Dimension[] {
  if (request.by) return [request.by];
  const pinned = new Set(request.filters.filter((f) => f.values.length === 1).map((f) => f.dimension));
  const usable = dimensions.filter((d) => !costBased || isCostDimension(d));
  const free = usable.filter((d) => !pinned.has(d));
  return free.length > 0 ? free : usable.slice(0, 1);
}

/** Groups sorted by |contribution|; the top ones with enough volume are drivers, the rest others. */
function rank(
  dimension: Dimension,
  splits: readonly GroupSplit[],
  keys: readonly (string | null)[],
  labels: readonly string[],
  change: number,
  term: WhyTerm,
  limits: { top: number; minVolume: number },
): Explained {
  const shareOf = (x: number): number | null => (change === 0 ? null : x / change);
  const order = splits
    .map((split, g) => ({ split, g }))
    .filter(({ split }) => split.active)
    .sort(
      (a, b) =>
        Math.abs(b.split.contribution) - Math.abs(a.split.contribution) ||
        (labels[a.g] ?? '').localeCompare(labels[b.g] ?? ''),
    );
  const drivers: WhyDriver[] = [];
  const rest: GroupSplit[] = [];
  for (const { split, g } of order) {
    const enough = split.volume === null || split.volume >= limits.minVolume;
    if (drivers.length < limits.top && enough && split.contribution !== 0) {
      drivers.push({
        dimension,
        key: keys[g] ?? null,
        label: labels[g] ?? '',
        contribution: split.contribution,
        share: shareOf(split.contribution),
        mix: split.mix,
        rate: split.rate,
        value: split.value,
        previous: split.previous,
      });
    } else rest.push(split);
  }
  const ratio = term.kind === 'ratio';
  const sum = (pick: (s: GroupSplit) => number | null): number =>
    rest.reduce((t, s) => t + (pick(s) ?? 0), 0);
  const others: WhyOthers | null =
    rest.length === 0
      ? null
      : {
          contribution: sum((s) => s.contribution),
          share: shareOf(sum((s) => s.contribution)),
          mix: ratio ? sum((s) => s.mix) : null,
          rate: ratio ? sum((s) => s.rate) : null,
          groups: rest.length,
        };
  // A dimension with one group (every lead from one source) explains nothing by splitting.
  const topShare = order.length > 1 ? (drivers[0]?.share ?? null) : null;
  return { dimension, drivers, others, topShare };
}

/**
 * The candidate whose top group explains the largest share of the change (capped at all of it),
 * except that an earlier, more specific candidate is kept while it explains at least
 * WHY_DEFAULTS.specific of what the later one does.
 */
function pick(explained: readonly Explained[]): Explained {
  const score = (e: Explained): number =>
    e.topShare === null ? Number.NEGATIVE_INFINITY : Math.min(1, e.topShare);
  let best = explained[0]!;
  for (const e of explained.slice(1)) {
    const better = score(e) > score(best);
    const bestHolds = score(best) > 0 && score(best) >= WHY_DEFAULTS.specific * score(e);
    if (better && !bestHolds) best = e;
  }
  return best;
}

/** Within noise no group is named: everything is "others". */
function withinNoise(e: Explained): Explained {
  if (e.drivers.length === 0) return e;
  const parts = [...e.drivers, ...(e.others ? [e.others] : [])];
  const add = (f: (p: WhyPart) => number | null): number | null =>
    parts.some((p) => f(p) === null) ? null : parts.reduce((t, p) => t + (f(p) ?? 0), 0);
  return {
    ...e,
    drivers: [],
    others: {
      contribution: add((p) => p.contribution) ?? 0,
      share: add((p) => p.share),
      mix: add((p) => p.mix),
      rate: add((p) => p.rate),
      groups: e.drivers.length + (e.others?.groups ?? 0),
    },
  };
}

function noiseOf(
  term: Extract<WhyTerm, { kind: 'ratio' }>,
  scans: { after: ScanResult; before: ScanResult },
  options: WhyOptions,
): WhyNoise {
  const settings = options.noise ?? WHY_DEFAULTS.noise;
  const at = (s: ScanResult) => ({
    x: fieldsAt(s.acc, s.groups * NF, term.num),
    n: fieldsAt(s.acc, s.groups * NF, term.den),
  });
  const a = at(scans.after);
  const b = at(scans.before);
  const test = proportionChange(a.x, a.n, b.x, b.n, settings);
  return {
    pValue: test?.pValue ?? 1,
    alpha: settings.alpha,
    minVolume: settings.minVolume,
    volume: a.n,
    previousVolume: b.n,
    within: test === null || !test.significant || !test.enoughVolume,
  };
}
