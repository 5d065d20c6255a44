/**
 * Issue 10's `kpi --data` check: a HubSpot contacts export (bench/generate-hubspot.ts,
 * 1 000 000 contacts ≈ 220 MB) asked one question three ways, each in its own process, wall
 * clock and peak RSS (VmHWM, polled) measured from outside:
 *   1. `kpi --data FILE --json Q` (bin/kpi.js) with an empty cache (ingest → snapshot → answer,
 *      then cached),
 *   2. the same again (answered from the cache of bench/… XDG_CACHE_HOME),
 *   3. DuckDB reading the same file and answering the same question by hand-written SQL.
 *
 * `node bench/kpi-data.ts [--contacts 1000000] [--work DIR]`; prints one JSON object.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_FLAGS } from '../src/shared/node-flags.ts';
import { writeHubspotContacts } from './generate-hubspot.ts';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const { values: args } = parseArgs({
  options: {
    contacts: { type: 'string', default: '1000000' },
    work: { type: 'string', default: join(root, 'tmp', 'bench', 'kpi-data') },
  },
});
const log = (...xs: unknown[]) =>
  console.error(`[kpi-data ${new Date().toISOString().slice(11, 19)}]`, ...xs);
const N = Number(args.contacts);
mkdirSync(args.work, { recursive: true });
const file = join(root, 'bench', 'data', `hubspot-contacts-${N}.csv`);
if (!existsSync(file)) {
  log(`generating ${N} HubSpot contacts into ${file}`);
  mkdirSync(dirname(file), { recursive: true });
  await writeHubspotContacts(file, N);
}
const bytes = statSync(file).size;
const QUESTION = 'leads mql sql customers by=channel period=2026-10';

export interface Measured {
  wallMs: number;
  peakRssMb: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process, polling its VmHWM (peak resident set) every 20 ms until it exits. */
function measure(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...NODE_FLAGS, ...argv], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        // Exited between two polls.
      }
    }, 20);
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(poll);
      ok({ wallMs: performance.now() - started, peakRssMb: Math.round(peak / 1024), code, stdout, stderr });
    });
  });
}

const cache = join(args.work, 'cache');
rmSync(cache, { recursive: true, force: true });
const env = { ...process.env, XDG_CACHE_HOME: cache, TZ: 'UTC', KPI_CONFIG: '' };
// The `kpi` command as installed (package.json "bin"): bin/kpi.js, a JavaScript entry that turns
// Node's compile cache on before the first TypeScript module loads. Run as `node src/cli/kpi.ts`,
// Node strips the entry's own types before any cache is on, which loads its type stripper
// (~75 ms and ~15 MB of RSS on every call).
const kpi = [join(root, 'bin', 'kpi.js'), '--json', '--data', file, QUESTION];
log('kpi --data, empty cache…');
const first = await measure(kpi, env);
log('kpi --data again (cache)…');
const second = await measure(kpi, env);
log('duckdb…');
const duck = await measure([join(root, 'bench', 'kpi-data-duckdb.ts'), file, '2026-10-01', '2026-11-01']);

const parse = (run: Measured, what: string): Record<string, unknown> => {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`${what} failed (exit ${run.code}): ${run.stderr.slice(-2000)}`);
  }
};
const a = parse(first, 'kpi --data');
const b = parse(second, 'kpi --data (cached)');
const d = JSON.parse(duck.stdout.trim().split('\n').pop() ?? '{}') as {
  firstAnswerMs: number;
  rows: { source: string; leads: string; mql: string; sql: string; customers: string }[];
};
const total = (a as { total?: Record<string, number> }).total ?? {};
const duckTotal = Object.fromEntries(
  (['leads', 'mql', 'sql', 'customers'] as const).map((k) => [
    k,
    d.rows.reduce((s, r) => s + Number(r[k]), 0),
  ]),
);
console.log(
  JSON.stringify({
    file,
    bytes,
    contacts: N,
    question: QUESTION,
    first: { wallMs: first.wallMs, peakRssMb: first.peakRssMb, code: first.code },
    cached: { wallMs: second.wallMs, peakRssMb: second.peakRssMb, code: second.code },
    duckdb: { wallMs: duck.wallMs, firstAnswerMs: d.firstAnswerMs, peakRssMb: duck.peakRssMb },
    sameAnswerCached:
      JSON.stringify(a.total) === JSON.stringify(b.total) &&
      JSON.stringify(a.rows) === JSON.stringify(b.rows),
    totals: {
      project: { leads: total.leads, mql: total.mql, sql: total.sql, customers: total.customers },
      duckdb: duckTotal,
    },
    ingest: (a.ingest as { accepted: number; skipped: number; elapsedMs: number }[] | undefined)?.map(
      (r) => ({
        accepted: r.accepted,
        skipped: r.skipped,
        elapsedMs: r.elapsedMs,
      }),
    ),
  }),
);
