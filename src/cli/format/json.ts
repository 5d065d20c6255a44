import type { MetricId } from '../../kpi/query.ts';
import type { QueryResult, ResolvedPeriod, ResultRow } from '../../kpi/result.ts';

type JsonRow = Record<string, string | number | null>;

/** A row as flat JSON: `<id>` (null when n/a), `<id>_na` (the reason code), and the comparison. */
function rowToJson(row: ResultRow, metrics: readonly MetricId[], compare: boolean): JsonRow {
  const out: JsonRow = { key: row.key, label: row.label };
  for (const id of metrics) {
    const value = row.values[id];
    out[id] = value.value;
    out[`${id}_na`] = value.na?.code ?? null;
    if (compare) {
      const previous = row.previous?.[id];
      out[`${id}_previous`] = previous?.value ?? null;
      out[`${id}_previous_na`] = previous?.na?.code ?? null;
      out[`${id}_delta`] = row.delta?.[id]?.abs ?? null;
      out[`${id}_delta_pct`] = row.delta?.[id]?.rel ?? null;
    }
  }
  return out;
}

const periodJson = (period: ResolvedPeriod | null) =>
  period ? { from: period.from, to: period.to, label: period.label } : null;

/** The `kpi --json` answer to a query: one object scripts can read without parsing text. */
export function resultToJson(command: string, result: QueryResult): Record<string, unknown> {
  const compare = result.previousPeriod !== null;
  const metrics = result.query.metrics;
  return {
    command,
    kind: 'query',
    query: result.query,
    metrics,
    period: periodJson(result.period),
    previousPeriod: periodJson(result.previousPeriod),
    currency: result.currency,
    view: result.view,
    ...(result.cohortAgeDays !== undefined ? { cohortAgeDays: result.cohortAgeDays } : {}),
    rows: result.rows.map((row) => rowToJson(row, metrics, compare)),
    total: rowToJson(result.total, metrics, compare),
    ...(result.proratedCostRows ? { proratedCostRows: result.proratedCostRows } : {}),
    dataVersion: result.dataVersion,
    generatedAt: new Date(result.generatedAt).toISOString(),
  };
}
