import { type GoodDirection, metricDef } from './catalogue.ts';
import type { MetricId, Query, SortSpec } from './query.ts';
import type { ResultRow } from './result.ts';

/**
 * The order a breakdown is read in when the user names none, from the catalogue's "better"
 * direction: a cost (better: lower) shows the worst group first, the one that needs attention;
 * a return (better: higher) shows the best first, where the money works; a plain amount (spend)
 * shows the biggest first. All three put the largest value on top.
 */
const DEFAULT_DIRECTION: Record<GoodDirection, SortSpec['direction']> = {
  down: 'desc',
  up: 'desc',
  neutral: 'desc',
};

/** The direction that matters for a metric (see DEFAULT_DIRECTION). */
export function defaultSortDirection(id: MetricId): SortSpec['direction'] {
  return DEFAULT_DIRECTION[metricDef(id).good];
}

/**
 * The order a renderer shows a result's rows in: the user's `sort=`, else the first metric in
 * the direction that matters for a dimension breakdown, else none (time buckets stay in time
 * order; a total has no rows).
 */
export function presentationSort(query: Query): SortSpec | null {
  if (query.sort) return query.sort;
  const first = query.metrics[0];
  if (query.by?.kind !== 'dimension' || first === undefined) return null;
  return { by: first, direction: defaultSortDirection(first) };
}

/**
 * What `a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })` compares with,
 * made once: localeCompare with options builds a new ICU collator on every call, which made
 * sorting a breakdown the largest part of rendering a reply (CPU profile of bench:slack --distinct).
 */
const LABEL_COLLATOR = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Labels A→Z (or Z→A with sign −1; accents and numbers read naturally); "(none)" always last. */
function byLabel(a: ResultRow, b: ResultRow, sign = 1): number {
  if ((a.key === null) !== (b.key === null)) return a.key === null ? 1 : -1;
  return sign * LABEL_COLLATOR.compare(a.label, b.label) || 0;
}

/**
 * The rows in the asked order, as a new array (stable). By a metric: n/a values go last in
 * either direction, ties are broken by label.
 */
export function sortRows(rows: readonly ResultRow[], sort: SortSpec): ResultRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const by = sort.by;
  if (by === 'label') return [...rows].sort((a, b) => byLabel(a, b, sign));
  return [...rows].sort((a, b) => {
    const x = a.values[by]?.value ?? null;
    const y = b.values[by]?.value ?? null;
    if (x === null || y === null) return x === y ? byLabel(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byLabel(a, b);
  });
}
