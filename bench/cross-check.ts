/**
 * Compares the project's answers with DuckDB's, command by command. A group one engine leaves
 * out (the engine lists every active group and every time bucket; SQL only the groups the
 * asked metrics have rows in) counts as zeros for counts and sums and n/a for ratios.
 */
import type { BenchAnswer } from './mappings.ts';
import type { BenchMetric, BenchSpec } from './queries.ts';

const ADDITIVE: ReadonlySet<BenchMetric> = new Set(['leads', 'mql', 'sql', 'customers', 'revenue', 'spend']);
export const TOLERANCE = 1e-9;

export interface Disagreement {
  index: number;
  text: string;
  key: string;
  metric: BenchMetric;
  project: number | null | undefined;
  duckdb: number | null | undefined;
}

export interface CrossCheck {
  compared: number;
  agree: number;
  errors: { index: number; text: string; error: string }[];
  disagreements: Disagreement[];
  /** Commands that disagree, by the first disagreeing metric. */
  byMetric: Record<string, number>;
}

export function same(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  if (a === b) return true;
  return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

const absent = (metric: BenchMetric): number | null => (ADDITIVE.has(metric) ? 0 : null);

export function crossCheck(
  specs: readonly BenchSpec[],
  project: readonly (BenchAnswer | { error: string })[],
  duckdb: readonly BenchAnswer[],
): CrossCheck {
  const out: CrossCheck = { compared: 0, agree: 0, errors: [], disagreements: [], byMetric: {} };
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const p = project[i];
    const d = duckdb[i];
    if (!p || !d) continue;
    out.compared++;
    if (typeof (p as { error?: unknown }).error === 'string') {
      out.errors.push({ index: i, text: spec.text, error: (p as { error: string }).error });
      continue;
    }
    const pa = p as BenchAnswer;
    const keys = new Set([...Object.keys(pa), ...Object.keys(d)]);
    let first: Disagreement | null = null;
    for (const key of keys) {
      for (const metric of spec.metrics) {
        const pv = pa[key] ? pa[key][metric] : absent(metric);
        const dv = d[key] ? d[key][metric] : absent(metric);
        if (!same(pv, dv)) {
          first = { index: i, text: spec.text, key, metric, project: pv, duckdb: dv };
          break;
        }
      }
      if (first) break;
    }
    if (first) {
      out.disagreements.push(first);
      out.byMetric[`${spec.view}:${first.metric}`] = (out.byMetric[`${spec.view}:${first.metric}`] ?? 0) + 1;
    } else out.agree++;
  }
  return out;
}
