import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { DataEnd, DataSide, DataSpan, SourceCoverage } from '../model/coverage.ts';
import { isoFromDay, zonedDay } from '../shared/days.ts';

export type { DataEnd, DataSpan } from '../model/coverage.ts';

import { METRIC_PARTS, PART } from './parts.ts';
import type { MetricId } from './query.ts';
import { naReason, type QueryResult, type ResolvedPeriod } from './result.ts';
import type { WhyResult } from './why.ts';

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
 * The last day the data can be expected to reach in a period: its last day, or yesterday when the
 * period runs to today or later. Today's rows are still coming in (an export made this morning
 * stops at yesterday), so "no leads after yesterday" on every answer ending today would be noise.
 */
export function expectedLastDay(period: ResolvedPeriod, now: Date, timeZone: string): string {
  const yesterday = isoFromDay(zonedDay(now.getTime(), timeZone) - 1);
  return yesterday.localeCompare(period.to) < 0 ? yesterday : period.to;
}

/**
 * True when a side has sources but none of them has a row on or after `from`: a period starting
 * then holds none of that side's data, and its zeros are not zeros but "no data".
 */
export function sideMissing(
  coverage: readonly SourceCoverage[],
  side: DataSide,
  from: string,
  to?: string,
): boolean {
  const ofSide = coverage.filter((source) => source.side === side);
  // Before the data starts counts too: a period that ends before every source's first day.
  return (
    ofSide.length > 0 &&
    ofSide.every((source) => source.lastDay < from || (to !== undefined && source.firstDay > to))
  );
}

/** The days each side's data spans (its sources together), leads first; sides without data left out. */
export function dataSpans(coverage: readonly SourceCoverage[]): DataSpan[] {
  const spans: DataSpan[] = [];
  for (const side of ['leads', 'spend'] as const) {
    const ofSide = coverage.filter((source) => source.side === side);
    if (ofSide.length === 0) continue;
    const firstDay = ofSide.map((s) => s.firstDay).sort()[0]!;
    const lastDay = ofSide
      .map((s) => s.lastDay)
      .sort()
      .at(-1)!;
    spans.push({ side, firstDay, lastDay });
  }
  return spans;
}

/**
 * What the data covers, per side: "The data covers leads 2026-02-03 → 2026-02-14; spend
 * 2026-01-27 → 2026-02-23." The CLI and Slack say it under an answer over days outside the data.
 */
export function dataSpansText(spans: readonly DataSpan[], locale: Locale): string {
  const parts = spans.map(
    (span) =>
      `${t(locale, span.side === 'leads' ? 'kpi.coverage.leads' : 'kpi.coverage.spend')} ${span.firstDay} → ${span.lastDay}`,
  );
  return t(locale, 'kpi.coverage.span', { spans: parts.join('; ') });
}

/** What the data covers, per side: `leads 2026-02-03 → 2026-02-14; spend 2026-01-27 → 2026-02-23`. */
export function dataSpanText(coverage: readonly SourceCoverage[], locale: Locale): string {
  return dataSpansText(dataSpans(coverage), locale);
}

/** Whether the answer's period holds none of some side's data (its metrics are then "no data"). */
export function periodOutsideData(period: ResolvedPeriod, coverage: readonly SourceCoverage[]): boolean {
  return (['leads', 'spend'] as const).some((side) => sideMissing(coverage, side, period.from, period.to));
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
    (['leads', 'spend'] as const).filter((side) =>
      sideMissing(coverage, side, result.period.from, result.period.to),
    ),
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
 * metrics read stops before the period ends (or before yesterday, for a period running to today).
 */
export function withCoverage(
  result: QueryResult,
  coverage: readonly SourceCoverage[],
  timeZone: string,
): QueryResult {
  const masked = withoutMissingData(result, coverage);
  const sides = [...new Set(result.query.metrics.flatMap(metricSides))];
  const to = expectedLastDay(result.period, new Date(result.generatedAt), timeZone);
  const dataEnds = dataEndsBefore(coverage, to, sides);
  // An answer over days outside the data says which days the data covers (as the CLI does).
  const outside = periodOutsideData(result.period, coverage);
  return {
    ...masked,
    ...(dataEnds.length > 0 ? { dataEnds } : {}),
    ...(outside ? { dataSpans: dataSpans(coverage) } : {}),
  };
}

/**
 * A `why` answer over the data it was computed from: where each side the metric reads stops
 * before the period ends (or before yesterday, for a period running to today), as answers say.
 */
export function whyWithCoverage(
  result: WhyResult,
  coverage: readonly SourceCoverage[],
  timeZone: string,
): WhyResult {
  const to = expectedLastDay(result.period, new Date(result.generatedAt), timeZone);
  const dataEnds = dataEndsBefore(coverage, to, metricSides(result.metric));
  return dataEnds.length > 0 ? { ...result, dataEnds } : result;
}
