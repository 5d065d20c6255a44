import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { isSingular } from '../../i18n/plural.ts';
import { type DataEnd, dataEndText } from '../../kpi/coverage.ts';
import type { QueryResult, ResolvedPeriod } from '../../kpi/result.ts';
import type { Snapshot } from '../../kpi/snapshot.ts';
import type { SourceFreshness } from '../../store/imports.ts';

/** `2026-W45 (2026-11-02 → 2026-11-08)`, or just the range when the label is the range. */
export function periodText(period: ResolvedPeriod): string {
  const range = period.from === period.to ? period.from : `${period.from} → ${period.to}`;
  return period.label === range || period.label.includes('→') ? period.label : `${period.label} (${range})`;
}

/** An instant in the workspace zone, to the minute: `2026-11-23 10:04`. */
export function instantText(ms: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  }
}

/** How fresh the data is: row counts and the last import. */
function dataText(snapshot: Snapshot, sources: readonly SourceFreshness[], locale: Locale): string {
  const last = Math.max(0, ...sources.map((s) => s.lastImportAt));
  const counts = { leads: snapshot.leads.count, costs: snapshot.costs.count };
  return last > 0
    ? t(locale, 'command.cli.context_data', { ...counts, when: instantText(last, snapshot.timeZone) })
    : t(locale, 'command.cli.context_data_undated', counts);
}

/** What the context line reads from an answer (a query result, or a `why` with its request). */
export type ContextSubject = Pick<QueryResult, 'period' | 'previousPeriod' | 'view' | 'cohortAgeDays'> & {
  query: Pick<QueryResult['query'], 'filters'>;
};

/** The line under the table: period, comparison, filters, view, data freshness. */
export function contextLine(
  result: ContextSubject,
  snapshot: Snapshot,
  sources: readonly SourceFreshness[],
  locale: Locale,
  dataEnds: readonly DataEnd[] = [],
): string {
  const parts = [t(locale, 'command.cli.context_period', { period: periodText(result.period) })];
  if (result.previousPeriod) {
    parts.push(t(locale, 'command.cli.context_previous', { period: periodText(result.previousPeriod) }));
  }
  if (result.query.filters.length > 0) {
    const filters = result.query.filters.map((f) => `${f.dimension}=${f.values.join(', ')}`).join('; ');
    parts.push(t(locale, 'command.cli.context_filters', { filters }));
  }
  if (result.view === 'cohort') {
    const days = result.cohortAgeDays ?? 0;
    const key = isSingular(locale, days) ? 'command.cli.context_cohort_one' : 'command.cli.context_cohort';
    parts.push(t(locale, key, { days }));
  }
  parts.push(dataText(snapshot, sources, locale));
  // The period runs past the data: say where each side stops ("no leads after 2026-11-22 in …").
  if (dataEnds.length > 0) parts.push(`⚠ ${dataEndText(dataEnds, locale)}`);
  return parts.join(' · ');
}
