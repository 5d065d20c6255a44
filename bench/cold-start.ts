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
 *   same first start and restarts, each child a replica with a DATA_DIR (tmp/bench/cold-pg-data,
 *   emptied first): the first start after the import reads the snapshot from Postgres and keeps
 *   a local copy there (store/snapshot-files.ts), which the restarts read.
 *
 * `node bench/cold-start.ts --dir STORE_DIR --leads CSV --spend CSV [--pg URL] [--runs 3]`;
 * prints one JSON object (bench/run.ts puts it in RESULTS.md).
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { persistSnapshot } from '../src/data/snapshot-persist.ts';
import { ingestIntoStore } from '../src/data/sources.ts';
import { genericPreset } from '../src/ingest/map.ts';
import { NODE_FLAGS } from '../src/shared/node-flags.ts';
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
    /** Only `npm start` (no cold-start children), e.g. while working on start-up. */
    'app-only': { type: 'boolean', default: false },
    /** A Postgres schema already filled with the CSVs (its ingest is not redone or timed). */
    'pg-schema': { type: 'string' },
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
    const proc = spawn(
      process.execPath,
      [...NODE_FLAGS, join(root, 'bench', 'cold-start-child.ts'), ...extra],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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

/**
 * The import's own last step, as `npm run ingest` and the app now do once an import commits: the
 * new version's snapshot built (in a worker) and persisted. Timed from a store with none.
 */
async function persistAsImportDoes(open: () => ReturnType<typeof openStore>): Promise<number> {
  const db = await open();
  try {
    await db.execute('DELETE FROM snapshot_parts');
    await db.execute('DELETE FROM snapshots');
    const t = performance.now();
    const outcome = await persistSnapshot(db, {
      timeZone: BENCH_TIME_ZONE,
      currency: BENCH_CURRENCY as 'EUR',
    });
    if (outcome.status !== 'built') throw new Error(`snapshot not built: ${JSON.stringify(outcome)}`);
    return performance.now() - t;
  } finally {
    await db.close();
  }
}

async function series(
  store: string[],
  open: () => ReturnType<typeof openStore>,
): Promise<{ first: ColdStart; afterImport: { persistMs: number; run: ColdStart }; restarts: ColdStart[] }> {
  // No persisted snapshot (an import that did not persist it): the start builds it in a worker.
  const first = await child([...store, '--drop-snapshots']);
  log('first start', first);
  // The import persisted it: the first start reads it.
  const persistMs = await persistAsImportDoes(open);
  const afterImport = { persistMs, run: await child(store) };
  log('first start after an import that persisted the snapshot', afterImport);
  const restarts: ColdStart[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const run = await child(store);
    log('restart', run);
    restarts.push(run);
  }
  return { first, afterImport, restarts };
}

/**
 * `npm start` (node src/main.ts, HTTP mode) on a store: when /health and /ready first answer 200,
 * and a /kpi sent from the spawn on (retried on 503 as Slack does): when it was acknowledged and
 * when its answer reached response_url (a "loading data" notice before it is not the answer).
 */
export interface AppStart {
  healthMs: number | null;
  readyMs: number | null;
  kpiAckMs: number | null;
  kpiReplyMs: number | null;
  /** Whether the "loading data, a moment" notice went out before the answer. */
  kpiNotice: boolean;
  /** Peak RSS when /ready turned 200, and the resident set 3 s later (steady). */
  peakRssAtReadyMb: number;
  steadyRssMb: number;
  log: string;
}

/** A loopback Slack Web API that answers every method `ok` (auth.test included); response_url posts recorded. */
async function fakeSlack(): Promise<{
  url: string;
  close: () => void;
  replies: { path: string; at: number; body: string }[];
}> {
  const replies: { path: string; at: number; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (req.url?.startsWith('/response/')) replies.push({ path: req.url, at: performance.now(), body });
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          ok: true,
          user_id: 'UBOT',
          bot_id: 'BBOT',
          team_id: 'T1',
          url: 'https://x.slack.com/',
        }),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/`, close: () => server.close(), replies };
}

const SIGNING_SECRET = 'bench-signing-secret';

/** POSTs a signed /kpi slash command (a new trigger id each time: each is its own delivery). */
async function postKpi(port: number, text: string, responseUrl: string): Promise<number> {
  const body = new URLSearchParams({
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    command: '/kpi',
    text,
    response_url: responseUrl,
    trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}`,
    api_app_id: 'A1',
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-signature': signature,
        'x-slack-request-timestamp': String(ts),
      },
      body,
      signal: AbortSignal.timeout(3000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** The first question asked of a started app (the cold-start child's, bench/cold-start-child.ts). */
const KPI_TEXT = 'leads mql sql customers spend cpl cac by=channel period=2026-05';

const rssOf = (pid: number, field: 'VmHWM' | 'VmRSS'): number => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
};

async function appStart(store: Record<string, string>): Promise<AppStart> {
  const slack = await fakeSlack();
  const port = await freePort();
  const config = join(root, 'tmp', 'bench', 'cold-start.kpi.yaml');
  writeFileSync(config, `workspace:\n  timeZone: ${BENCH_TIME_ZONE}\n  currency: ${BENCH_CURRENCY}\n`);
  const started = performance.now();
  const proc = spawn(process.execPath, [...NODE_FLAGS, join(root, 'src', 'main.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      SLACK_BOT_TOKEN: 'xoxb-0000000000-0000000000-benchbenchbenchbench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      PORT: String(port),
      KPI_CONFIG: config,
      LOG_LEVEL: 'info',
      ...store,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => {
    log += d;
  });
  proc.stderr.on('data', (d) => {
    log += d;
  });
  const get = async (path: string) => {
    try {
      return (await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) })).status;
    } catch {
      return 0;
    }
  };
  let healthMs: number | null = null;
  let readyMs: number | null = null;
  let kpiAckMs: number | null = null;
  const until = performance.now() + 120_000;
  // The /kpi goes out alongside the probes, from the start, until one is acknowledged (200).
  const responseUrl = `${slack.url.replace(/\/api\/$/, '')}/response/first`;
  const kpi = (async () => {
    while (kpiAckMs === null && performance.now() < until && proc.exitCode === null) {
      if ((await postKpi(port, KPI_TEXT, responseUrl)) === 200) kpiAckMs = performance.now() - started;
      else await new Promise((r) => setTimeout(r, 20));
    }
  })();
  while (readyMs === null && performance.now() < until && proc.exitCode === null) {
    if (healthMs === null && (await get('/health')) === 200) healthMs = performance.now() - started;
    if (healthMs !== null && (await get('/ready')) === 200) readyMs = performance.now() - started;
    else await new Promise((r) => setTimeout(r, 20));
  }
  const peakRssAtReadyMb = rssOf(proc.pid ?? 0, 'VmHWM');
  await kpi;
  const answer = () => slack.replies.find((r) => !r.body.includes('hourglass'));
  while (!answer() && performance.now() < until && proc.exitCode === null)
    await new Promise((r) => setTimeout(r, 10));
  const reply = answer();
  const kpiReplyMs = reply ? reply.at - started : null;
  const kpiNotice = slack.replies.some((r) => r.body.includes('hourglass'));
  await new Promise((r) => setTimeout(r, 3000));
  const steadyRssMb = rssOf(proc.pid ?? 0, 'VmRSS');
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('close', r));
  slack.close();
  return {
    healthMs,
    readyMs,
    kpiAckMs,
    kpiReplyMs,
    kpiNotice,
    peakRssAtReadyMb,
    steadyRssMb,
    log: log.slice(-1500),
  };
}

/** The Postgres replicas' DATA_DIR (their local copies of the snapshots), emptied first. */
const PG_DATA_DIR = join(root, 'tmp', 'bench', 'cold-pg-data');
rmSync(PG_DATA_DIR, { recursive: true, force: true });

const out: Record<string, unknown> = {};
if (args.dir) {
  const dir = args.dir;
  if (!args['app-only']) out.embedded = await series(['--dir', dir], () => openStore({ DATA_DIR: dir }));
  out.embeddedApp = await appStart({ DATA_DIR: args.dir });
  log('npm start, embedded', out.embeddedApp);
}
if (!args['skip-pg'] && args['pg-schema']) {
  const schema = args['pg-schema'];
  if (!args['app-only'])
    out.postgres = await series(['--pg', args.pg, '--schema', schema, '--data-dir', PG_DATA_DIR], () =>
      openStore({ DATABASE_URL: args.pg }, { schema }),
    );
  const url = new URL(args.pg);
  url.searchParams.set('options', `-c search_path=${schema}`);
  out.postgresApp = await appStart({ DATABASE_URL: url.toString(), DATA_DIR: PG_DATA_DIR });
  log('npm start, postgres', out.postgresApp);
} else if (!args['skip-pg'] && args.leads && args.spend) {
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
  out.postgres = await series(['--pg', args.pg, '--schema', schema, '--data-dir', PG_DATA_DIR], () =>
    openStore({ DATABASE_URL: args.pg }, { schema }),
  );
  const url = new URL(args.pg);
  url.searchParams.set('options', `-c search_path=${schema}`);
  out.postgresApp = await appStart({ DATABASE_URL: url.toString(), DATA_DIR: PG_DATA_DIR });
  log('npm start, postgres', out.postgresApp);
}
console.log(JSON.stringify(out));
