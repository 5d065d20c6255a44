import type { QueryResult } from '../kpi/result.ts';
import type { WhyResult } from '../kpi/why.ts';
import { type CsvCell, toCsv } from '../shared/csv.ts';

/** The full breakdown table (every row, every metric, previous values and deltas when compared). */
export function resultToCsv(result: QueryResult, dimensionLabel: string): string {
  const metrics = result.query.metrics;
  const compared = result.previousPeriod !== null;
  const head = [
    dimensionLabel,
    ...metrics.flatMap((m) => (compared ? [m, `${m}_previous`, `${m}_change_pct`] : [m])),
  ];
  const rows = [...result.rows, { ...result.total, label: 'Total' }].map((row) => [
    row.label,
    ...metrics.flatMap((m) =>
      compared
        ? [row.values[m]?.value ?? null, row.previous?.[m]?.value ?? null, row.delta?.[m]?.rel ?? null]
        : [row.values[m]?.value ?? null],
    ),
  ]);
  return toCsv(head, rows);
}

/** A `why` answer as CSV: one row per driver, then "others", then the total change (exact numbers). */
export function whyToCsv(result: WhyResult): string {
  const head = ['dimension', 'key', 'label', 'contribution', 'share', 'mix', 'rate', 'value', 'previous'];
  const rows: CsvCell[][] = result.drivers.map((d) => [
    d.dimension,
    d.key,
    d.label,
    d.contribution,
    d.share,
    d.mix,
    d.rate,
    d.value,
    d.previous,
  ]);
  const o = result.others;
  if (o)
    rows.push([
      result.dimension,
      null,
      `others (${o.groups})`,
      o.contribution,
      o.share,
      o.mix,
      o.rate,
      null,
      null,
    ]);
  rows.push([
    result.dimension,
    null,
    'Total',
    result.change,
    result.change === null ? null : 1,
    null,
    null,
    result.value,
    result.previous,
  ]);
  return toCsv(head, rows);
}
