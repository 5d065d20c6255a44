/**
 * The benchmark's child process for DuckDB (run by bench/run.ts after the project's child, in
 * its own process so its peak RSS is its own): CSV → tables → first answer, then warm latency
 * over the same specs, and each answer as JSON for the cross-check.
 *
 *   node bench/duckdb-child.ts --leads F --spend F --out answers.json [--queries 1000]
 *
 * Prints one JSON line (ChildResult) on stdout at the end.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { version } from '@duckdb/node-api';
import { type Answer, answer, loadCsv, openDuckDb } from './duckdb-engine.ts';
import { type BenchAnswer, type ChildResult, summarise } from './mappings.ts';
import { benchSpecs } from './queries.ts';

const { values: args } = parseArgs({
  options: {
    leads: { type: 'string' },
    spend: { type: 'string' },
    out: { type: 'string' },
    queries: { type: 'string', default: '1000' },
    threads: { type: 'string' },
    'warm-passes': { type: 'string', default: '1' },
  },
});
if (!args.leads || !args.spend || !args.out) {
  console.error('usage: duckdb-child.ts --leads F --spend F --out answers.json');
  process.exit(2);
}

const specs = benchSpecs(Number(args.queries));
const toJson = (a: Answer): BenchAnswer => Object.fromEntries([...a].map(([k, v]) => [k, { ...v }]));

const phases: Record<string, number> = {};
const t0 = performance.now();
let mark = t0;
const lap = (name: string) => {
  const now = performance.now();
  phases[name] = now - mark;
  mark = now;
};
const conn = await openDuckDb();
if (args.threads) await conn.run(`SET threads = ${Number(args.threads)}`);
lap('open');
await loadCsv(conn, args.leads, args.spend);
lap('loadCsv');
const first = specs[0];
if (!first) throw new Error('no specs');
await answer(conn, first);
lap('firstQuery');
const firstAnswerMs = performance.now() - t0;
const cpu = process.cpuUsage();
const firstAnswerCpuMs = (cpu.user + cpu.system) / 1000;

// One untimed pass first, as for the project, then the timed pass(es).
for (const spec of specs) await answer(conn, spec);
const latencies = new Array<number>(specs.length).fill(Number.POSITIVE_INFINITY);
const cpuLatencies = new Array<number>(specs.length).fill(Number.POSITIVE_INFINITY);
const answers: BenchAnswer[] = [];
const passes = Number(args['warm-passes']);
for (let pass = 0; pass < passes; pass++) {
  for (let i = 0; i < specs.length; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    const a = await answer(conn, specs[i]!);
    const dt = performance.now() - s;
    const cu = process.cpuUsage(c);
    latencies[i] = Math.min(latencies[i]!, dt);
    cpuLatencies[i] = Math.min(cpuLatencies[i]!, (cu.user + cu.system) / 1000);
    if (pass === 0) answers.push(toJson(a));
  }
}
writeFileSync(args.out, JSON.stringify(answers));
const threads = await conn.runAndReadAll(`SELECT current_setting('threads') AS t`);
conn.closeSync();

const result: ChildResult = {
  engine: 'duckdb',
  firstAnswerMs,
  phases,
  firstAnswerCpuMs,
  warm: summarise(latencies, 0),
  latencies,
  cpu: summarise(cpuLatencies, 0),
  cpuLatencies,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  answersPath: args.out,
  version: version(),
  extra: { threads: Number(threads.getRowObjects()[0]?.t ?? Number.NaN) },
};
console.log(JSON.stringify(result));
