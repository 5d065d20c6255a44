/**
 * `npm run bench:slack [-- --leads N --requests R]`: the Slack app under load and faults,
 * measured from outside, against a bare Bolt app in the same run. A signed-request load
 * generator and a loopback Slack (Web API + response_url, with fault modes) talk to
 * `node src/main.ts` in HTTP mode (what `npm start` runs) and to bench/slack-bare-bolt.ts.
 * Writes bench/SLACK.md: machine, date, ack p50/p99/max, acks over 3 s, replies lost or
 * duplicated, RSS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { loadSnapshot } from '../src/data/snapshot-load.ts';
import { createStoreSink } from '../src/data/store-sink.ts';
import { encodeSnapshot } from '../src/kpi/snapshot-file.ts';
import type { Lead } from '../src/model/lead.ts';
import { NODE_FLAGS } from '../src/shared/node-flags.ts';
import { openStore } from '../src/store/open.ts';
import { freePort } from '../test/support/app-process.ts';
import { SlackApiServer } from '../test/support/slack-api-server.ts';
import { cost, lead } from '../test/support/slack-data.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/support/slack-harness.ts';
import { TcpProxy } from '../test/support/tcp-proxy.ts';
import type { LoadJob, LoadMessage } from './slack-load.ts';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const { values: flags } = parseArgs({
  options: {
    leads: { type: 'string', default: '50000' },
    requests: { type: 'string', default: '2000' },
    results: { type: 'string', default: join(root, 'bench', 'SLACK.md') },
    'skip-faults': { type: 'boolean', default: false },
    /** Every request a different question (no two answers can be shared), instead of three alternating ones. */
    distinct: { type: 'boolean', default: false },
    /** A folder for CPU profiles of the app (node --cpu-prof, main thread and query threads). */
    'app-cpu-prof': { type: 'string' },
  },
});
const LEADS = Number(flags.leads);
const REQUESTS = Number(flags.requests);
// Distinct: each load scenario gets its own questions (answers are shared within a minute).
const QUERIES = flags.distinct
  ? distinctQueries(2 * REQUESTS)
  : ['cpl by=campaign period=2026-10', 'leads period=2026-10', 'cac by=channel period=2026-10'];

/** `count` different questions over October 2026: metric × breakdown × first and last day. */
function distinctQueries(count: number): string[] {
  const metrics = ['cpl', 'leads', 'cac', 'spend', 'customers'];
  const breakdowns = ['', ' by=campaign', ' by=channel', ' by=day'];
  const out: string[] = [];
  for (let first = 1; out.length < count && first <= 30; first++) {
    for (let last = first + 1; out.length < count && last <= 31; last++) {
      for (const metric of metrics) {
        for (const by of breakdowns) {
          if (out.length >= count) break;
          const day = (d: number) => `2026-10-${String(d).padStart(2, '0')}`;
          out.push(`${metric}${by} from=${day(first)} to=${day(last)}`);
        }
      }
    }
  }
  return out;
}

const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Leads over October 2026 across 40 campaigns and 4 channels, and a month of spend. */
async function seed(dir: string, databaseUrl?: string): Promise<void> {
  const db = await openStore(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dir });
  const sink = createStoreSink(db);
  const channels = ['google', 'meta', 'linkedin', 'bing'] as const;
  const batch: Lead[] = [];
  for (let i = 0; i < LEADS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    batch.push(
      lead(`l${i}`, `2026-10-${day}T${String(8 + (i % 10)).padStart(2, '0')}:00:00Z`, {
        campaign: `Campaign ${i % 40}`,
        source: channels[i % 4],
        customerAt: i % 25 === 0 ? Date.parse(`2026-10-${day}T18:00:00Z`) : null,
        amount: i % 25 === 0 ? 900 + (i % 7) * 50 : null,
      }),
    );
    if (batch.length === 20_000) await sink.writeLeads(batch.splice(0));
  }
  await sink.writeLeads(batch);
  const costs = [];
  for (let c = 0; c < 40; c++) {
    for (let d = 1; d <= 28; d++) {
      costs.push(
        cost(`c${c}-${d}`, `2026-10-${String(d).padStart(2, '0')}`, 50 + c, {
          campaign: `Campaign ${c}`,
          source: channels[c % 4],
        }),
      );
    }
  }
  await sink.writeCosts(costs);
  await sink.finish({
    origin: 'bench',
    name: 'bench',
    startedAt: Date.now(),
    finishedAt: Date.now(),
    rowsRead: LEADS + costs.length,
    rowsSkipped: 0,
    report: {},
  });
  await db.close();
}

/** The snapshot of the seeded data as the app holds it: its encoded bytes, shared by the query threads (MB). */
async function snapshotMb(dir: string): Promise<number> {
  const db = await openStore({ DATA_DIR: dir });
  try {
    const snapshot = await loadSnapshot(db, { timeZone: 'Europe/Paris', currency: 'EUR', persist: false });
    return encodeSnapshot(snapshot).byteLength / 2 ** 20;
  } finally {
    await db.close();
  }
}

interface Proc {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<number | null>;
}

async function spawnNode(
  script: string,
  env: Record<string, string>,
  ready: string,
  accept: (status: number) => boolean = (status) => status === 200,
  nodeArgs: readonly string[] = [],
): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 180_000;
  for (;;) {
    const ok = await fetch(`${url}${ready}`).then(
      (r) => accept(r.status),
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > until)
      throw new Error(`${script} did not start:\n${output.join('')}`);
    await sleep(100);
  }
  return { child, url, output, exited };
}

/** Resident memory of a process, from /proc (MB). */
async function rssMb(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU time a process used so far, all its threads, user + system (ms), from /proc. */
async function cpuMs(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return (ticks * 1000) / CLOCK_TICKS;
}
/** Linux' USER_HZ: /proc counts CPU time in hundredths of a second. */
const CLOCK_TICKS = 100;

interface Usage {
  /** Peak resident memory (MB). */
  rss: number;
  /** CPU time used meanwhile, every thread (ms). */
  cpuMs: number;
}

/** Samples a process' RSS every 50 ms until stopped; returns the peak (MB) and the CPU time used meanwhile. */
function watchRss(pid: number | undefined): { stop(): Promise<Usage> } {
  let peak = 0;
  let running = true;
  const cpuAtStart = cpuMs(pid);
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await rssMb(pid));
      await sleep(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      // A process that has exited (SIGTERM scenario) has no CPU count any more: unknown.
      const end = await cpuMs(pid);
      return { rss: peak, cpuMs: end > 0 ? end - (await cpuAtStart) : Number.NaN };
    },
  };
}

interface LoadResult {
  acks: number[];
  statuses: Map<number, number>;
  ids: string[];
  acked: string[];
}

/**
 * `count` signed /kpi requests, `concurrency` at a time; ack latency of each (ms). Sent from a
 * worker thread (bench/slack-load.ts), so that the loopback Slack on this thread, busy with
 * the replies, does not delay the reading of the acknowledgements.
 */
function load(
  url: string,
  slack: SlackApiServer,
  prefix: string,
  count: number,
  concurrency: number,
  onProgress?: (done: number) => void,
): Promise<LoadResult> {
  const job: LoadJob = {
    url,
    responseBase: slack.responseUrl(''),
    secret: SIGNING_SECRET,
    prefix,
    count,
    concurrency,
    queries: flags.distinct
      ? QUERIES.slice(concurrency === 50 ? 0 : count, concurrency === 50 ? count : 2 * count)
      : QUERIES,
  };
  const worker = new Worker(new URL('./slack-load.ts', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.on('message', (message: LoadMessage) => {
      if (message.type === 'progress') onProgress?.(message.done);
      else {
        const { result } = message;
        resolve({ ...result, statuses: new Map(result.statuses) });
        void worker.terminate();
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
  });
}

/** Waits until no reply arrived for `quietMs` (or the deadline), then counts per id. */
async function replies(slack: SlackApiServer, ids: readonly string[], quietMs = 3000, deadlineMs = 180_000) {
  const until = Date.now() + deadlineMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < until) {
    const n = slack.responses.length;
    if (n !== last) {
      last = n;
      since = Date.now();
    }
    await sleep(100);
  }
  const per = new Map<string, number>();
  for (const r of slack.responses) {
    const id = r.path.slice('/response/'.length);
    per.set(id, (per.get(id) ?? 0) + 1);
  }
  let lost = 0;
  let duplicated = 0;
  for (const id of ids) {
    const n = per.get(id) ?? 0;
    if (n === 0) lost++;
    if (n > 1) duplicated++;
  }
  return { lost, duplicated };
}

const pct = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const ms = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(0));

interface Row {
  target: string;
  scenario: string;
  requests: number;
  statuses: string;
  p50: string;
  p99: string;
  max: string;
  over3s: number;
  lost: number;
  duplicated: number;
  rss: string;
  cpu: string;
}

function row(
  target: string,
  scenario: string,
  r: LoadResult,
  rep: { lost: number; duplicated: number },
  usage: Usage,
): Row {
  return {
    target,
    scenario,
    requests: r.ids.length,
    statuses: [...r.statuses.entries()].map(([s, n]) => `${s === 0 ? 'refused' : s}×${n}`).join(' '),
    p50: ms(pct(r.acks, 50)),
    p99: ms(pct(r.acks, 99)),
    max: ms(Math.max(...r.acks)),
    over3s: r.acks.filter((a) => a > 3000).length,
    lost: rep.lost,
    duplicated: rep.duplicated,
    rss: usage.rss.toFixed(0),
    cpu: r.ids.length > 0 && Number.isFinite(usage.cpuMs) ? (usage.cpuMs / r.ids.length).toFixed(2) : '–',
  };
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = os.loadavg()[0] ?? 0;
  const rows: Row[] = [];
  const notes: string[] = [];
  let snapshot = Number.NaN;
  const dir = await mkdtemp(join(os.tmpdir(), 'kpi-bench-slack-'));
  const slack = await new SlackApiServer().start();
  slack.botToken = BOT_TOKEN;
  const children: ChildProcess[] = [];
  try {
    log(`seeding ${LEADS} leads`);
    await seed(dir);
    snapshot = await snapshotMb(dir);
    const appEnv: Record<string, string> = {
      ...(process.env.QUERY_WORKERS ? { QUERY_WORKERS: process.env.QUERY_WORKERS } : {}),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DATA_DIR: dir,
    };
    const bare = await spawnNode('bench/slack-bare-bolt.ts', appEnv, '/', () => true);
    children.push(bare.child);
    const profile = flags['app-cpu-prof'];
    const app = await spawnNode(
      'src/main.ts',
      appEnv,
      '/ready',
      undefined,
      profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(profile)] : [],
    );
    children.push(app.child);
    const appReadyRss = await rssMb(app.child.pid);
    const bareIdleRss = await rssMb(bare.child.pid);
    notes.push(
      `RSS once ready, before any load: app ${appReadyRss.toFixed(0)} MB (snapshot of ${LEADS} leads loaded: ${snapshot.toFixed(1)} MB encoded), bare Bolt ${bareIdleRss.toFixed(0)} MB.`,
    );

    for (const concurrency of [50, 200]) {
      for (const [name, proc] of [
        ['bare Bolt', bare],
        ['app', app],
      ] as const) {
        log(`${name}: ${REQUESTS} /kpi at concurrency ${concurrency}`);
        const rss = watchRss(proc.child.pid);
        const prefix = `${name === 'app' ? 'a' : 'b'}${concurrency}`;
        const r = await load(proc.url, slack, prefix, REQUESTS, concurrency);
        const rep = await replies(slack, r.ids);
        rows.push(row(name, `load, concurrency ${concurrency}`, r, rep, await rss.stop()));
      }
    }

    if (profile && flags['skip-faults']) {
      // A profile is written when the process exits by itself (not on SIGKILL).
      app.child.kill('SIGTERM');
      await app.exited;
    }

    if (!flags['skip-faults']) {
      // response_url answering 429 (Retry-After: 2) and 500 to a tenth of the replies each.
      log('fault: response_url 429 / 500');
      for (let i = 0; i < 200; i++) {
        if (i % 10 === 0) slack.scriptResponse(`f429-${i}`, [{ status: 429, retryAfter: 2 }]);
        if (i % 10 === 5) slack.scriptResponse(`f429-${i}`, [{ status: 500 }]);
      }
      {
        const rss = watchRss(app.child.pid);
        const r = await load(app.url, slack, 'f429', 200, 50);
        const rep = await replies(slack, r.ids, 5000);
        rows.push(row('app', 'response_url 429 (Retry-After 2) ×20, 500 ×20', r, rep, await rss.stop()));
      }

      // SIGTERM in the middle of 600 requests: every acknowledged one must get its reply.
      log('fault: SIGTERM under load');
      {
        const rss = watchRss(app.child.pid);
        let signalled = false;
        const r = await load(app.url, slack, 'term', 600, 50, (done) => {
          if (!signalled && done >= 200) {
            signalled = true;
            app.child.kill('SIGTERM');
          }
        });
        const code = await app.exited;
        const rep = await replies(slack, r.acked, 3000);
        rows.push(
          row('app', 'SIGTERM after 200 of 600 (lost = acked without reply)', r, rep, await rss.stop()),
        );
        notes.push(
          `SIGTERM: exit code ${code}; ${r.acked.length} requests acknowledged, the others refused (503 or connection refused) for Slack to retry elsewhere.`,
        );
      }
      await bare.child.kill('SIGTERM');

      // Postgres stopped for 10 s (a TCP proxy cut) while requests keep coming.
      log('fault: Postgres unreachable for 10 s');
      const database = `kpi_bench_${Math.random().toString(36).slice(2, 8)}`;
      const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const admin = new pg.Client({ connectionString: adminUrl });
      try {
        await admin.connect();
        await admin.query(`CREATE DATABASE ${database}`);
        const direct = new URL(adminUrl);
        direct.pathname = `/${database}`;
        await seed(dir, direct.toString());
        const proxy = await new TcpProxy({
          host: direct.hostname,
          port: Number(direct.port || 5432),
        }).start();
        const via = new URL(direct.toString());
        via.port = String(proxy.port);
        const pgApp = await spawnNode('src/main.ts', { ...appEnv, DATABASE_URL: via.toString() }, '/ready');
        children.push(pgApp.child);
        const rss = watchRss(pgApp.child.pid);
        const readyStates: number[] = [];
        let cutAt = 0;
        const r = await load(pgApp.url, slack, 'pg', 600, 20, (done) => {
          if (done === 100) {
            cutAt = Date.now();
            void proxy.cut().then(() =>
              setTimeout(() => {
                void proxy.restore();
              }, 10_000),
            );
            // /ready seen from outside during the cut, once a second.
            for (let k = 1; k <= 9; k++) {
              setTimeout(() => {
                void fetch(`${pgApp.url}/ready`).then(
                  (x) => readyStates.push(x.status),
                  () => readyStates.push(0),
                );
              }, k * 1000);
            }
          }
        });
        if (Date.now() - cutAt < 12_000) await sleep(12_000 - (Date.now() - cutAt));
        const rep = await replies(slack, r.acked, 5000);
        rows.push(
          row('app (Postgres)', 'Postgres unreachable 10 s during 600 requests', r, rep, await rss.stop()),
        );
        notes.push(
          `Postgres outage: /ready answered ${readyStates.join(', ') || 'nothing'} during the cut (503 = out of rotation).`,
        );
        pgApp.child.kill('SIGTERM');
        await pgApp.exited;
        await proxy.stop();
      } catch (error) {
        notes.push(`Postgres outage scenario not run: ${(error as Error).message}`);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
        await admin.end().catch(() => undefined);
      }
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await slack.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const cpu = os.cpus()[0]?.model ?? '?';
  const header = [
    '# Slack under load and faults (`npm run bench:slack`)',
    '',
    `Run ${started.toISOString()} on ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}.`,
    `Store: embedded (node:sqlite) with ${LEADS} leads over October 2026 (40 campaigns, 4 channels); ${flags.distinct ? `every request asks a different question (${QUERIES.length} of them, e.g. \`${QUERIES[0]}\`, \`${QUERIES[QUERIES.length - 1]}\`), so no answer can be shared` : `queries alternate ${QUERIES.map((q) => `\`${q}\``).join(', ')}`}.`,
    `The load generator, the loopback Slack, the app and the bare Bolt app share this machine; its 1-minute load average was ${loadBefore.toFixed(1)} at the start and ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end (other sessions were running on it), so latencies include waiting for a CPU. The requests go out from a worker thread of the bench, the loopback Slack answers on its main thread.`,
    `The app ran with QUERY_WORKERS=${process.env.QUERY_WORKERS ?? '1 (default)'}.`,
    '',
    "Ack = time from sending a signed request to its HTTP response. Lost = a request acknowledged (200) whose reply never reached response_url; duplicated = more than one reply. RSS = peak resident memory of the process during the scenario. CPU = the process' CPU time (every thread, user + system) from the first request until its replies stopped, per request: what it costs the machine, whatever else runs on it.",
    '',
    '| target | scenario | requests | HTTP statuses | ack p50 ms | ack p99 ms | ack max ms | acks > 3 s | replies lost | replies duplicated | peak RSS MB | CPU ms per request |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const lines = rows.map(
    (r) =>
      `| ${r.target} | ${r.scenario} | ${r.requests} | ${r.statuses} | ${r.p50} | ${r.p99} | ${r.max} | ${r.over3s} | ${r.lost} | ${r.duplicated} | ${r.rss} | ${r.cpu} |`,
  );
  const ratio = (c: number) => {
    const a = rows.find((r) => r.target === 'app' && r.scenario === `load, concurrency ${c}`);
    const b = rows.find((r) => r.target === 'bare Bolt' && r.scenario === `load, concurrency ${c}`);
    return a && b
      ? `concurrency ${c}: app p99 ${a.p99} ms vs bare ${b.p99} ms (${(Number(a.p99) / Number(b.p99)).toFixed(2)}×, target ≤ 1.5×); RSS ${a.rss} vs ${b.rss} MB (target ≤ 2 × bare + snapshot = ${(2 * Number(b.rss) + snapshot).toFixed(0)} MB); CPU ${a.cpu} vs ${b.cpu} ms per request`
      : '';
  };
  const text = [
    ...header,
    ...lines,
    '',
    '## Against the targets',
    '',
    `- ${ratio(50)}`,
    `- ${ratio(200)}`,
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  await writeFile(flags.results, text);
  log(`wrote ${flags.results}`);
  process.stdout.write(`${text}\n`);
}

await main();
