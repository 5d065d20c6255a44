/**
 * The reference engine of the benchmark: DuckDB (in-process, columnar) on the same CSV files,
 * answering the same specs with SQL. Used for speed, memory and, on every query, to check the
 * project's numbers.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { BENCH_NOW } from './mappings.ts';
import type { BenchMetric, BenchSpec } from './queries.ts';

export type Answer = Map<string, Partial<Record<BenchMetric, number | null>>>;

export async function openDuckDb(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

export async function loadCsv(conn: DuckDBConnection, leadsPath: string, spendPath: string): Promise<void> {
  await conn.run(`CREATE TABLE leads AS SELECT
      "Lead ID" AS id, "Created At"::TIMESTAMP AS created_at, "Channel" AS channel, "Source" AS source,
      "Campaign" AS campaign, "Country" AS country, "MQL Date"::TIMESTAMP AS mql_at,
      "SQL Date"::TIMESTAMP AS sql_at, "Customer Date"::TIMESTAMP AS customer_at, "Amount"::DOUBLE AS amount
    FROM read_csv('${leadsPath}', header = true, all_varchar = true)`);
  await conn.run(`CREATE TABLE spend AS SELECT
      "Date"::DATE AS date, "Channel" AS channel, "Source" AS source, "Campaign" AS campaign,
      "Spend"::DOUBLE AS spend
    FROM read_csv('${spendPath}', header = true, all_varchar = true)`);
}

/** The engine's key of a group: "(none)" for a missing value (the engine's null key). */
const groupKey = (k: unknown): string => (k == null ? '(none)' : String(k));

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function keyExpr(spec: BenchSpec, ts: string): string {
  if (spec.by === 'week') return `strftime(date_trunc('week', ${ts}), '%Y-%m-%d')`;
  if (spec.by === 'month') return `strftime(date_trunc('month', ${ts}), '%Y-%m')`;
  if (spec.by) return spec.by;
  return `'total'`;
}

function where(spec: BenchSpec, ts: string, forSpend: boolean): string {
  const parts = [`${ts} >= DATE ${q(spec.from)}`, `${ts} < DATE ${q(spec.to)} + INTERVAL 1 DAY`];
  for (const f of spec.filters) {
    if (forSpend && f.dim === 'country') continue;
    parts.push(`${f.dim} IN (${f.values.map(q).join(', ')})`);
  }
  return parts.join(' AND ');
}

/** Aggregates in SQL, ratios from the aggregates (the same formulas as SPEC section 3). */
export async function answer(conn: DuckDBConnection, spec: BenchSpec): Promise<Answer> {
  const ctes: string[] = [];
  const cols: string[] = [];
  const need = new Set(spec.metrics);
  const count = (name: string, ts: string, extra = '') => {
    ctes.push(
      `a_${name} AS (SELECT ${keyExpr(spec, ts)} AS k, count(*)::DOUBLE AS v${extra} FROM leads WHERE ${where(spec, ts, false)} GROUP BY k)`,
    );
    cols.push(name);
  };
  if (spec.view === 'cohort') {
    // A stage counts when the lead reached it by the end of "now"'s day (the engine observes a
    // cohort up to today; events dated later have not happened yet).
    const by = `DATE ${q(BENCH_NOW.toISOString().slice(0, 10))} + INTERVAL 1 DAY`;
    const reached = (col: string) => `count(CASE WHEN ${col} < ${by} THEN 1 END)::DOUBLE`;
    ctes.push(`c AS (SELECT ${keyExpr(spec, 'created_at')} AS k, count(*)::DOUBLE AS leads,
      ${reached('customer_at')} AS customers, ${reached('mql_at')} AS mql, ${reached('sql_at')} AS sql
      FROM leads WHERE ${where(spec, 'created_at', false)} GROUP BY k)`);
    const rows = await conn.runAndReadAll(`WITH ${ctes.join(', ')} SELECT * FROM c`);
    const out: Answer = new Map();
    for (const r of rows.getRowObjects()) {
      const leads = Number(r.leads);
      const mql = Number(r.mql);
      // The engine's cohort view (src/kpi/scan-cohort.ts): leads created in the period and every
      // stage they reached by now; MQL → SQL is SQLs / MQLs of the cohort.
      out.set(groupKey(r.k), {
        leads,
        conv: leads ? (Number(r.customers) / leads) * 100 : null,
        mql_to_sql: mql ? (Number(r.sql) / mql) * 100 : null,
      });
    }
    return out;
  }
  if (['leads', 'cpl', 'conv'].some((m) => need.has(m as BenchMetric))) count('leads', 'created_at');
  if (need.has('mql') || need.has('mql_to_sql')) count('mql', 'mql_at');
  if (need.has('sql') || need.has('mql_to_sql')) count('sql', 'sql_at');
  if (['customers', 'cac', 'conv'].some((m) => need.has(m as BenchMetric))) count('customers', 'customer_at');
  if (need.has('revenue') || need.has('roi')) {
    ctes.push(
      `a_revenue AS (SELECT ${keyExpr(spec, 'customer_at')} AS k, sum(amount) AS v FROM leads WHERE ${where(spec, 'customer_at', false)} GROUP BY k)`,
    );
    cols.push('revenue');
  }
  if (['spend', 'cpl', 'cac', 'roi'].some((m) => need.has(m as BenchMetric))) {
    ctes.push(
      `a_spend AS (SELECT ${keyExpr(spec, 'date')} AS k, sum(spend) AS v FROM spend WHERE ${where(spec, 'date', true)} GROUP BY k)`,
    );
    cols.push('spend');
  }
  // CTEs are prefixed a_ so they never shadow the leads / spend tables.
  const keys = `keys AS (${cols.map((c) => `SELECT k FROM a_${c}`).join(' UNION ')})`;
  const select = `SELECT keys.k, ${cols.map((c) => `a_${c}.v AS ${c}`).join(', ')} FROM keys ${cols
    .map((c) => `LEFT JOIN a_${c} ON a_${c}.k = keys.k`)
    .join(' ')}`;
  const rows = await conn.runAndReadAll(`WITH ${[...ctes, keys].join(', ')} ${select}`);
  const out: Answer = new Map();
  for (const r of rows.getRowObjects()) {
    const v = (name: string) => (r[name] == null ? 0 : Number(r[name]));
    const div = (a: number, b: number, k = 1) => (b ? (a / b) * k : null);
    // As the engine (src/kpi/derive.ts): CPL and CAC are n/a when no spend row falls in the
    // group (not 0); spend itself is then 0.
    const noSpend = r.spend == null;
    const row: Partial<Record<BenchMetric, number | null>> = {};
    for (const m of spec.metrics) {
      row[m] =
        m === 'cpl'
          ? noSpend
            ? null
            : div(v('spend'), v('leads'))
          : m === 'cac'
            ? noSpend
              ? null
              : div(v('spend'), v('customers'))
            : m === 'roi'
              ? div(v('revenue') - v('spend'), v('spend'), 100)
              : m === 'conv'
                ? div(v('customers'), v('leads'), 100)
                : m === 'mql_to_sql'
                  ? div(v('sql'), v('mql'), 100)
                  : v(m);
    }
    out.set(groupKey(r.k), row);
  }
  return out;
}
