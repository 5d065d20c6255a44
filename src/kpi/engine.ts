import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { type Dimension, isCostDimension, isDimension, isLeadDimension } from '../model/dimension.ts';
import { zonedDay } from '../shared/days.ts';
import { AppError, err, ok, type Result } from '../shared/errors.ts';
import { type CompiledFilters, compileFilters } from './compile.ts';
import { blockOf, deriveMetrics, type Targets } from './derive.ts';
import { groupStats } from './group-stats.ts';
import { ALL_PARTS, METRIC_PARTS, PART, partsFor } from './parts.ts';
import { type PeriodBounds, periodDays, resolvePeriod, timeBuckets } from './periods.ts';
import { METRIC_IDS, type MetricId, type Query } from './query.ts';
import {
  type MetricDelta,
  type MetricValue,
  naReason,
  type QueryResult,
  type ResolvedPeriod,
  type ResultRow,
} from './result.ts';
import { F, type Grouping, NF, type ScanResult, scan } from './scan.ts';
import type { Snapshot } from './snapshot.ts';
import { sortRows } from './sort.ts';

export type { ClvModel, Targets } from './derive.ts';

export interface EngineContext {
  now: Date;
  targets: Targets;
  /**
   * Compute only `query.metrics` (and what they are made of): faster on wide periods. The
   * other metrics of the result are then n/a with reason `not_requested`. Off by default.
   */
  onlyRequested?: boolean;
  /** The language of the labels the engine writes itself ("(none)" / "(aucun)"); English by default. */
  locale?: Locale;
}

export const DEFAULT_TARGETS: Targets = { ltvCacRatio: 3 };

/** What an answer and an explanation (`why`) share: the query's periods, filters and scans. */
export interface PreparedQuery {
  current: ResolvedPeriod;
  /** The period before, when the query compares (`compare: 'previous'`); null otherwise. */
  previous: ResolvedPeriod | null;
  /** Why one side's metrics cannot be narrowed by the query's filters and breakdown. */
  na: NaCodes;
  /** The scan parts the answer needs (every part unless `onlyRequested`). */
  parts: number;
  /** One scan of a period (the current one, the previous one, or any other) with a grouping. */
  run(period: ResolvedPeriod, grouping: Grouping): ScanResult;
  unmatched: CompiledFilters['unmatched'];
  nowDay: number;
}

/** Checks a query and resolves its periods and filters; the scans run on demand. */
export function prepareQuery(snapshot: Snapshot, query: Query, ctx: EngineContext): Result<PreparedQuery> {
  for (const metric of query.metrics) {
    if (!(METRIC_IDS as readonly string[]).includes(metric)) {
      return err(new AppError('unknown_metric', 'kpi.query.unknown_metric', { params: { metric } }));
    }
  }
  const dims = [
    ...query.filters.map((f) => f.dimension),
    ...(query.by?.kind === 'dimension' ? [query.by.dimension] : []),
  ];
  for (const dimension of dims) {
    if (!isDimension(dimension)) {
      return err(new AppError('unknown_dimension', 'kpi.query.unknown_dimension', { params: { dimension } }));
    }
  }
  const periods = resolvePeriod(query.period, ctx.now, snapshot.timeZone, dataBounds(snapshot));
  if (!periods.ok) return periods;
  const { current } = periods.value;
  const previous = query.compare === 'previous' ? periods.value.previous : null;

  const filters = compileFilters(snapshot, query.filters);
  const by = query.by;
  const rowsCostNa = by?.kind === 'dimension' && !isCostDimension(by.dimension);
  const totalCostNa = filters.costsNarrowable ? null : ('no_cost_dimension' as const);
  // The mirror image: leads carry no ad-platform breakdown (age, placement…). Filtered by one,
  // lead metrics are n/a and leads are not scanned; broken down by one, the total keeps them.
  const rowsLeadNa = by?.kind === 'dimension' && !isLeadDimension(by.dimension);
  const na: NaCodes = {
    totalCost: totalCostNa,
    rowCost: rowsCostNa ? 'no_cost_dimension' : totalCostNa,
    totalLead: filters.leadsNarrowable ? null : 'no_lead_dimension',
    rowLead: rowsLeadNa || !filters.leadsNarrowable ? 'no_lead_dimension' : null,
  };

  const wanted = ctx.onlyRequested ? partsFor(query.metrics) : ALL_PARTS;
  const parts = filters.leadsNarrowable ? wanted : wanted & PART.costs;
  const nowDay = zonedDay(ctx.now.getTime(), snapshot.timeZone);
  const currentFromDay = periodDays(current).fromDay;
  const run = (period: ResolvedPeriod, grouping: Grouping): ScanResult => {
    const { fromDay, toDay } = periodDays(period);
    // Cohorts are compared at the same age: the current one is observed up to now, an older one
    // up to the day it had the current cohort's age (now minus the shift between their starts).
    const observedToDay = nowDay - (currentFromDay - fromDay);
    return scan(snapshot, {
      fromDay,
      toDay,
      view: query.view,
      leadFilters: filters.lead,
      costFilters: filters.cost,
      scanCosts: filters.costsNarrowable,
      grouping,
      parts,
      observedToDay,
    });
  };
  return ok({ current, previous, na, parts, run, unmatched: filters.unmatched, nowDay });
}

/** The first and last day holding data (what `period=all` spans), when there is data. */
export function dataBounds(snapshot: Snapshot): PeriodBounds | undefined {
  return snapshot.minDay !== null && snapshot.maxDay !== null
    ? { minDay: snapshot.minDay, maxDay: snapshot.maxDay }
    : undefined;
}

/** A grouping by one dimension's codes, with each code's key (null for "(none)") and label. */
export interface DimensionGrouping {
  grouping: Grouping;
  keys: (string | null)[];
  labels: string[];
}

export function dimensionGrouping(
  snapshot: Snapshot,
  dimension: Dimension,
  locale: Locale = 'en',
): DimensionGrouping {
  const dict = snapshot.dictionaries[dimension];
  const none = t(locale, 'kpi.none');
  return {
    grouping: {
      kind: 'dimension',
      size: dict.size,
      leadCodes: isLeadDimension(dimension) ? snapshot.leads.codes[dimension] : null,
      costCodes: isCostDimension(dimension) ? snapshot.costs.codes[dimension] : null,
    },
    keys: dict.labels.map((label, code) => (code === 0 ? null : label)),
    labels: dict.labels.map((label, code) => (code === 0 ? none : label)),
  };
}

/** Answers a query from the snapshot: synchronous and pure; never touches the store. */
export function runQuery(snapshot: Snapshot, query: Query, ctx: EngineContext): Result<QueryResult> {
  const prepared = prepareQuery(snapshot, query, ctx);
  if (!prepared.ok) return prepared;
  const { current, previous, na, parts, run, nowDay } = prepared.value;
  const by = query.by;
  const groupingFor = (period: ResolvedPeriod): DimensionGrouping => {
    if (by === null) return { grouping: { kind: 'none', size: 0 }, keys: [], labels: [] };
    if (by.kind === 'time') {
      const b = timeBuckets(period, by.grain);
      return {
        grouping: { kind: 'time', size: b.keys.length, fromDay: b.fromDay, dayToBucket: b.dayToBucket },
        keys: b.keys,
        labels: b.labels,
      };
    }
    return dimensionGrouping(snapshot, by.dimension, ctx.locale);
  };

  const cur = groupingFor(current);
  const curScan = run(current, cur.grouping);
  const curValues = valuesOf(snapshot, curScan, parts, ctx.targets, na);
  // Time buckets of two periods do not line up: only the total is compared then.
  const prevScan = previous
    ? run(previous, by?.kind === 'time' ? { kind: 'none', size: 0 } : cur.grouping)
    : null;
  const prevValues = prevScan ? valuesOf(snapshot, prevScan, parts, ctx.targets, na) : null;

  const rowOf = (g: number, key: string | null, label: string, prevIndex: number | null): ResultRow => {
    const values = curValues[g]!;
    const prev = prevValues && prevIndex !== null ? prevValues[prevIndex] : undefined;
    return prev
      ? { key, label, values, previous: prev, delta: deltas(values, prev) }
      : { key, label, values };
  };

  const groups = cur.grouping.size;
  const total = rowOf(groups, null, current.label, prevScan ? prevScan.groups : null);
  const rows: ResultRow[] = [];
  for (let g = 0; g < groups; g++) {
    const active =
      by?.kind === 'time' || hasActivity(curScan, g) || (prevScan !== null && hasActivity(prevScan, g));
    if (!active) continue;
    rows.push(rowOf(g, cur.keys[g] ?? null, cur.labels[g] ?? '', by?.kind === 'time' ? null : g));
  }
  if (by?.kind === 'dimension') {
    rows.sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.label.localeCompare(b.label)));
  }
  // `sort=`: the asked order, for every consumer (the JSON too); without it the stable order above.
  const ordered = query.sort ? sortRows(rows, query.sort) : rows;

  const result: QueryResult = {
    query,
    period: current,
    previousPeriod: previous,
    total,
    rows: ordered,
    currency: snapshot.currency,
    view: query.view,
    dataVersion: snapshot.dataVersion,
    generatedAt: ctx.now.getTime(),
  };
  // The cohort's age: days from the start of its period to now (0 for a period not begun yet).
  if (query.view === 'cohort') result.cohortAgeDays = Math.max(0, nowDay - periodDays(current).fromDay);
  if (prepared.value.unmatched.length > 0) result.unmatched = prepared.value.unmatched;
  const prorated = curScan.acc[blockOf(curScan.groups) + F.prorated]!;
  if (prorated > 0) result.proratedCostRows = prorated;
  if (snapshot.leads.count + snapshot.costs.count === 0) result.storeEmpty = true;
  return ok(result);
}

/** Why one side's metrics cannot be narrowed, for the total and for the rows of a breakdown. */
export interface NaCodes {
  totalCost: 'no_cost_dimension' | null;
  rowCost: 'no_cost_dimension' | null;
  totalLead: 'no_lead_dimension' | null;
  rowLead: 'no_lead_dimension' | null;
}

/** Metric values for every group of a scan, total last (only the total with `onlyTotal`). */
export function valuesOf(
  snapshot: Snapshot,
  s: ScanResult,
  parts: number,
  targets: Targets,
  na: NaCodes,
  onlyTotal = false,
): Record<MetricId, MetricValue>[] {
  const stats = groupStats(s, snapshot.customerCodes, parts);
  const totalRevenue = s.acc[blockOf(s.groups) + F.revenue]!;
  const lostData = snapshot.leads.index.lost.days.length > 0;
  // Inputs no loaded source carries (only judged when there are leads at all).
  const L = snapshot.leads;
  const inputs =
    L.count > 0
      ? { revenue: L.revenueData, mql: L.index.mql.days.length > 0, sql: L.index.sql.days.length > 0 }
      : undefined;
  const out: Record<MetricId, MetricValue>[] = [];
  for (let g = onlyTotal ? s.groups : 0; g <= s.groups; g++) {
    const isTotal = g === s.groups;
    const leadNa = isTotal ? na.totalLead : na.rowLead;
    out.push(
      withoutLeads(
        leadNa,
        onlyParts(
          parts,
          deriveMetrics(
            {
              acc: s.acc,
              base: blockOf(g),
              distinctCustomers: stats.distinctCustomers[g]!,
              cycleMedian: stats.cycleMedian[g]!,
              cycleMean: stats.cycleMean[g]!,
              totalRevenue,
              costNa: isTotal ? na.totalCost : na.rowCost,
              lostData,
              ...(inputs ? { inputs } : {}),
            },
            targets,
          ),
        ),
      ),
    );
  }
  return out;
}

const NOT_REQUESTED: MetricValue = { value: null, na: naReason('not_requested') };

/** Values whose parts were not scanned become n/a (`not_requested`). */
function onlyParts(parts: number, values: Record<MetricId, MetricValue>): Record<MetricId, MetricValue> {
  if (parts === ALL_PARTS) return values;
  for (const id of METRIC_IDS)
    if ((METRIC_PARTS[id] & parts) !== METRIC_PARTS[id]) values[id] = NOT_REQUESTED;
  return values;
}

/** Metrics made of lead counts become n/a when leads cannot be narrowed (only spend metrics stay). */
function withoutLeads(
  code: 'no_lead_dimension' | null,
  values: Record<MetricId, MetricValue>,
): Record<MetricId, MetricValue> {
  if (code === null) return values;
  const reason: MetricValue = { value: null, na: naReason(code) };
  for (const id of METRIC_IDS) if ((METRIC_PARTS[id] & ~PART.costs) !== 0) values[id] = reason;
  return values;
}

/** True when the group counted or summed anything in the scan. */
function hasActivity(s: ScanResult, g: number): boolean {
  const base = g * NF;
  for (let f = 0; f < NF; f++) if (s.acc[base + f] !== 0) return true;
  return false;
}

/** Absolute and relative change of every metric. */
function deltas(
  current: Record<MetricId, MetricValue>,
  previous: Record<MetricId, MetricValue>,
): Record<MetricId, MetricDelta> {
  const out = {} as Record<MetricId, MetricDelta>;
  for (const id of METRIC_IDS) {
    const c = current[id].value;
    const p = previous[id].value;
    const abs = c === null || p === null ? null : c - p;
    out[id] = { abs, rel: abs === null || p === null || p === 0 ? null : (abs / Math.abs(p)) * 100 };
  }
  return out;
}
