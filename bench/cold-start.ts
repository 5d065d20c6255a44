/**
 * Cold start at the benchmark's size, on both stores (issue 10 item 3 and 7, issue 17 item 3):
 * how long a fresh process takes from Node being up to its first answer, and its peak and
 * steady resident memory.
 *
 * - embedded: the store the project child of `npm run bench` left (1M leads + spend), once
 *   with its persisted snapshots dropped (the first start after an import: the snapshot is
 *   built from the rows in a worker and persisted), then `--runs` restarts (the persisted
 *   snapshot read back);
 * - postgres: the same CSVs ingested into a fresh schema (timed: the COPY bulk path), then the
 *   same first start and restarts.
 *
 * `node bench/cold-start.ts --dir STORE_DIR --leads CSV --spend CSV [--pg URL] [--runs 3]`;
 * prints one JSON object (bench/run.ts puts it in RESULTS.md).
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ingestIntoStore } from '../src/data/sources.ts';
import { genericPreset } from '../src/ingest/map.ts';
import { openStore } from '../src/store/open.ts';
import { BENCH_CURRENCY, BENCH_LEAD_MAPPING, BENCH_SPEND_MAPPING, BENCH_TIME_ZONE } from './mappings.ts';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    leads: { type: 'string' },
    spend: { type: 'string' },
    pg: {
      type: 'string',
      default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
    runs: { type: 'string', default: '3' },
    'skip-pg': { type: 'boolean', default: false },
  },
});
const log = (...xs: unknown[]) => console.error(`[cold ${new Date().toISOString().slice(11, 19)}]`, ...xs);

export interface ColdStart {
  store: 'embedded' | 'postgres';
  persistedBefore: boolean;
  leads: number;
  costs: number;
  leadsTotal: number | null;
  /** Wall ms from spawning the process to its first answer (Node's own start included). */
  wallMs: number;
  afterNodeUpMs: number;
  phases: Record<string, number>;
  loop: { ticks: number; worstGapMs: number };
  peakRssMb: number;
  steadyRssMb: number;
}

function child(extra: string[]): Promise<ColdStart> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    const proc = spawn(process.execPath, [join(root, 'bench', 'cold-start-child.ts'), ...extra], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => {
      out += d;
    });
    proc.stderr.on('data', (d) => {
      err += d;
    });
    proc.on('error', fail);
    proc.on('close', (code) => {
      const wallMs = performance.now() - started;
      try {
        const parsed = JSON.parse(out.trim().split('\n').pop() ?? '') as Omit<ColdStart, 'wallMs'>;
        // The process ends after printing: the wall until its answer is spawn → answer.
        ok({ ...parsed, wallMs: wallMs - 0 });
      } catch {
        fail(new Error(`cold-start child failed (exit ${code}):\n${err.slice(-2000)}`));
      }
    });
  });
}

async function series(store: string[]): Promise<{ first: ColdStart; restarts: ColdStart[] }> {
  const first = await child([...store, '--drop-snapshots']);
  log('first start', first);
  const restarts: ColdStart[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const run = await child(store);
    log('restart', run);
    restarts.push(run);
  }
  return { first, restarts };
}

const out: Record<string, unknown> = {};
if (args.dir) out.embedded = await series(['--dir', args.dir]);
if (!args['skip-pg'] && args.leads && args.spend) {
  const schema = 'bench_cold_start';
  const admin = new pg.Client({ connectionString: args.pg });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  const db = await openStore({ DATABASE_URL: args.pg }, { schema });
  const clock = { now: () => new Date() };
  const ingest: Record<string, number> = {};
  for (const [path, mapping, name] of [
    [args.leads, BENCH_LEAD_MAPPING, 'leads'],
    [args.spend, BENCH_SPEND_MAPPING, 'spend'],
  ] as const) {
    const preset = genericPreset(mapping);
    const t = performance.now();
    const report = await ingestIntoStore(
      db,
      { path, options: { timeZone: BENCH_TIME_ZONE, currency: BENCH_CURRENCY, preset, origin: preset.id } },
      clock,
    );
    if (report.error) throw new Error(`postgres ingest of ${path} failed: ${report.error.code}`);
    ingest[name] = performance.now() - t;
    ingest[`${name}Rows`] = report.accepted;
    log('postgres ingest', name, ingest[name]);
  }
  await db.close();
  out.postgresIngest = ingest;
  out.postgres = await series(['--pg', args.pg, '--schema', schema]);
}
console.log(JSON.stringify(out));
