import type { MetricId, SortSpec } from './query.ts';
import type { NaCode, QueryResult, ResultRow } from './result.ts';
import { presentationSort, sortRows } from './sort.ts';

/**
 * A result as a reader takes it in: the rows in the order that matters, the top of them, how
 * many more there are, the groups that have no number at all folded into one line, and the
 * highest and lowest group of the first metric. Slack and the CLI render the same layout.
 */
export interface AnswerLayout {
  sort: SortSpec | null;
  /** The rows to show, in order (at most `maxRows`: the first ones, or a trend's latest). */
  rows: ResultRow[];
  /** Rows with numbers that were not shown (beyond `maxRows`; a trend's earliest buckets). */
  more: number;
  /** Groups with no number for any metric asked for (a dimension breakdown only). */
  empty: EmptyGroups;
  /** The first metric's highest and lowest group, when at least two groups have a value. */
  extremes: Extremes | null;
}

export interface EmptyGroups {
  count: number;
  /** Their common reason for the first metric, when they share one ("without spend"). */
  reason: NaCode | null;
}

export interface Extremes {
  metric: MetricId;
  highest: ResultRow;
  lowest: ResultRow;
}

const hasNumber = (row: ResultRow, metrics: readonly MetricId[]): boolean =>
  metrics.some((id) => row.values[id]?.value !== null && row.values[id]?.value !== undefined);

function extremesOf(rows: readonly ResultRow[], metric: MetricId | undefined): Extremes | null {
  if (metric === undefined) return null;
  let highest: ResultRow | null = null;
  let lowest: ResultRow | null = null;
  for (const row of rows) {
    const value = row.values[metric]?.value ?? null;
    if (value === null) continue;
    if (highest === null || value > (highest.values[metric]?.value ?? value)) highest = row;
    if (lowest === null || value < (lowest.values[metric]?.value ?? value)) lowest = row;
  }
  if (!highest || !lowest || highest === lowest) return null;
  return { metric, highest, lowest };
}

function commonReason(rows: readonly ResultRow[], metric: MetricId | undefined): NaCode | null {
  if (metric === undefined) return null;
  const codes = new Set(rows.map((row) => row.values[metric]?.na?.code ?? null));
  const [only] = codes;
  return codes.size === 1 && only ? only : null;
}

/**
 * Lays a result out for reading. Time buckets keep their order, are never folded (an empty
 * week is part of a trend) and, when cut, keep the latest; a dimension breakdown is sorted
 * (`presentationSort`), cut to its top rows, and its empty groups folded.
 */
export function layoutAnswer(result: QueryResult, maxRows = Number.POSITIVE_INFINITY): AnswerLayout {
  const metrics = result.query.metrics;
  const sort = presentationSort(result.query);
  const ordered = sort ? sortRows(result.rows, sort) : [...result.rows];
  const foldable = result.query.by?.kind === 'dimension';
  const withNumbers = foldable ? ordered.filter((row) => hasNumber(row, metrics)) : ordered;
  const empty = foldable ? ordered.filter((row) => !hasNumber(row, metrics)) : [];
  // A trend is read up to today: when it is cut, the most recent buckets stay.
  const keep = Math.max(0, maxRows);
  const shown = foldable
    ? withNumbers.slice(0, keep)
    : withNumbers.slice(Math.max(0, withNumbers.length - keep));
  return {
    sort,
    rows: shown,
    more: withNumbers.length - shown.length,
    empty: { count: empty.length, reason: commonReason(empty, metrics[0]) },
    extremes: extremesOf(withNumbers, metrics[0]),
  };
}
