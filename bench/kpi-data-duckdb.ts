/**
 * DuckDB beside `kpi --data` on the HubSpot export (bench/kpi-data.ts runs it in its own
 * process): the CSV read into a table, then the same question answered by hand-written SQL
 * (leads by create date, MQL / SQL / customers by the date each stage was reached, in the
 * period, by Original Source). Prints one JSON line: the answer and ms to it.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [path, from, to] = process.argv.slice(2);
const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
await conn.run(`CREATE TABLE c AS SELECT * FROM read_csv('${path}', header = true, all_varchar = true)`);
const stage = (column: string) =>
  `count(*) FILTER (WHERE try_strptime(nullif("${column}", ''), '%Y-%m-%d %H:%M') >= TIMESTAMP '${from}' AND try_strptime(nullif("${column}", ''), '%Y-%m-%d %H:%M') < TIMESTAMP '${to}')`;
const reader = await conn.runAndReadAll(
  `SELECT "Original Source" AS source, ${stage('Create Date')} AS leads,
     ${stage('Became a Marketing Qualified Lead Date')} AS mql,
     ${stage('Became a Sales Qualified Lead Date')} AS sql,
     ${stage('Became a Customer Date')} AS customers
   FROM c GROUP BY 1 ORDER BY 1`,
);
const firstAnswerMs = performance.now() - t0;
const rows = reader.getRowObjectsJson();
console.log(JSON.stringify({ firstAnswerMs, rows }));
