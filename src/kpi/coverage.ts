import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { DataEnd, DataSide, SourceCoverage } from '../model/coverage.ts';

export type { DataEnd } from '../model/coverage.ts';

import { METRIC_PARTS, PART } from './parts.ts';
import type { MetricId } from './query.ts';
import { naReason, type QueryResult } from './result.ts';

/** The sides a metric is computed from (a cost metric reads spend; a funnel metric, leads). */
export function metricSides(metric: MetricId): DataSide[] {
  const parts = METRIC_PARTS[metric];
  const sides: DataSide[] = [];
  if ((parts & ~(PART.costs | PART.distinct | PART.cycle)) !== 0) sides.push('leads');
  if ((parts & PART.costs) !== 0) sides.push('spend');
  return sides;
}

/**
 * The sources whose data stops before `to` (the last day of a period), grouped by side and last
 * day, leads first. Sources of a side none of `sides` needs are left out.
 */
export function dataEndsBefore(
  coverage: readonly SourceCoverage[],
  to: string,
  sides: readonly DataSide[] = ['leads', 'spend'],
): DataEnd[] {
  const ends = new Map<string, DataEnd>();
  for (const source of coverage) {
    if (!sides.includes(source.side) || source.lastDay >= to) continue;
    const key = `${source.side}|${source.lastDay}`;
    const end = ends.get(key) ?? { side: source.side, lastDay: source.lastDay, origins: [] };
    end.origins.push(source.origin);
    ends.set(key, end);
  }
  return [...ends.values()]
    .map((end) => ({ ...end, origins: end.origins.sort() }))
    .sort((a, b) => (a.side === b.side ? a.lastDay.localeCompare(b.lastDay) : a.side === 'leads' ? -1 : 1));
}

/**
 * True when a side has sources but none of them has a row on or after `from`: a period starting
 * then holds none of that side's data, and its zeros are not zeros but "no data".
 */
export function sideMissing(coverage: readonly SourceCoverage[], side: DataSide, from: string): boolean {
  const ofSide = coverage.filter((source) => source.side === side);
  return ofSide.length > 0 && ofSide.every((source) => source.lastDay < from);
}

/** `no leads after 2026-11-22 in hubspot-contacts; no spend after 2026-11-22 in google-ads, meta-ads`. */
export function dataEndText(ends: readonly DataEnd[], locale: Locale): string {
  return ends
    .map((end) =>
      t(locale, 'kpi.coverage.ends', {
        side: t(locale, end.side === 'leads' ? 'kpi.coverage.leads' : 'kpi.coverage.spend'),
        day: end.lastDay,
        origins: end.origins.join(', '),
      }),
    )
    .join('; ');
}

/**
 * An answer over days the data does not reach: the metrics whose side has no data at all in the
 * current period become n/a (`no_data`) instead of zeros, and no metric is compared with the
 * previous period on a side the current one lacks (no −100 % from missing data).
 */
export function withoutMissingData(result: QueryResult, coverage: readonly SourceCoverage[]): QueryResult {
  const missing = new Set<DataSide>(
    (['leads', 'spend'] as const).filter((side) => sideMissing(coverage, side, result.period.from)),
  );
  if (missing.size === 0) return result;
  const hit = result.query.metrics.filter((m) => metricSides(m).some((side) => missing.has(side)));
  if (hit.length === 0) return result;
  const mask = <T extends ResultRowLike>(row: T): T => {
    const values = { ...row.values };
    for (const m of hit) values[m] = { value: null, na: naReason('no_data') };
    const delta = row.delta ? { ...row.delta } : row.delta;
    if (delta) for (const m of hit) delete delta[m];
    return { ...row, values, ...(delta ? { delta } : {}) };
  };
  return { ...result, total: mask(result.total), rows: result.rows.map(mask) };
}

type ResultRowLike = QueryResult['rows'][number];

/**
 * An answer as it may be shown over the data it was computed from: days after the data are
 * "no data" and not compared (`withoutMissingData`), and `dataEnds` says where each side the
 * metrics read stops before the period ends.
 */
export function withCoverage(result: QueryResult, coverage: readonly SourceCoverage[]): QueryResult {
  const masked = withoutMissingData(result, coverage);
  const sides = [...new Set(result.query.metrics.flatMap(metricSides))];
  const dataEnds = dataEndsBefore(coverage, result.period.to, sides);
  return dataEnds.length > 0 ? { ...masked, dataEnds } : masked;
}
