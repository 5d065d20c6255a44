/**
 * Start-up cost of the app, with the chart stack loaded lazily (as shipped) and eagerly (as it
 * was: vega, vega-lite and resvg imported at start, reproduced with `node --import`).
 *
 * Each run spawns `node src/main.ts` in HTTP mode against a loopback Slack Web API (auth.test
 * answered at once) and an empty embedded store, polls GET /ready until 200, then reads the
 * child's resident memory (VmRSS, /proc) and stops it. The time is spawn → first 200 of /ready.
 * Writes bench/startup/RESULTS.md. `npm run bench:startup [-- --runs 7]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NODE_FLAGS } from '../../src/shared/node-flags.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(values.runs);
const TRACE = join(root, 'bench', 'startup', 'trace-loads.mjs');
const EAGER = ['vega', 'vega-lite', '@resvg/resvg-js'];

/** A loopback Slack Web API: every method answers ok (auth.test with the ids Bolt reads). */
function fakeSlack(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ok: true,
          user_id: 'UBOT',
          team_id: 'T1',
          bot_id: 'B1',
          url: 'https://x.slack.com/',
        }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}/api/`, server });
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Run {
  /** Spawn → first 200 of GET /health (the front door, open before the app's modules load). */
  healthMs: number;
  readyMs: number;
  rssMb: number;
  chartLoaded: boolean;
}

async function once(mode: 'lazy' | 'eager', slackUrl: string): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-startup-'));
  const port = await freePort();
  const args = [
    '--import',
    TRACE,
    ...(mode === 'eager' ? EAGER.flatMap((m) => ['--import', m]) : []),
    'src/main.ts',
  ];
  const started = performance.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-startup-bench',
      SLACK_SIGNING_SECRET: 'startup-bench-secret',
      SLACK_API_URL: slackUrl,
      PORT: String(port),
      DATA_DIR: dir,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  try {
    const deadline = Date.now() + 60_000;
    let healthMs = Number.NaN;
    for (;;) {
      if (Number.isNaN(healthMs)) {
        const health = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.status,
          () => 0,
        );
        if (health === 200) healthMs = performance.now() - started;
      }
      const status = Number.isNaN(healthMs)
        ? 0
        : await fetch(`http://127.0.0.1:${port}/ready`).then(
            (r) => r.status,
            () => 0,
          );
      if (status === 200) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`not ready:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const readyMs = performance.now() - started;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { healthMs, readyMs, rssMb: rssKb / 1024, chartLoaded: stderr.includes('chart-stack-loaded') };
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const loadBefore = loadavg()[0] ?? 0;
const slack = await fakeSlack();
const results: Record<'lazy' | 'eager', Run[]> = { lazy: [], eager: [] };
try {
  await once('lazy', slack.url); // warm the file cache once, not counted
  for (let i = 0; i < RUNS; i++) {
    // Alternate so that machine load drifts over both modes alike.
    results.eager.push(await once('eager', slack.url));
    results.lazy.push(await once('lazy', slack.url));
  }
} finally {
  slack.server.close();
}

const row = (mode: 'lazy' | 'eager', label: string) => {
  const runs = results[mode];
  const ms = runs.map((r) => r.readyMs);
  const health = runs.map((r) => r.healthMs);
  const rss = runs.map((r) => r.rssMb);
  const loaded = runs.filter((r) => r.chartLoaded).length;
  return `| ${label} | ${median(health).toFixed(0)} ms (${Math.min(...health).toFixed(0)}–${Math.max(...health).toFixed(0)}) | ${median(ms).toFixed(0)} ms (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)}) | ${median(rss).toFixed(1)} MB (${Math.min(...rss).toFixed(1)}–${Math.max(...rss).toFixed(1)}) | ${loaded} / ${runs.length} |`;
};
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const load = `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after (machine shared with other work: times vary with it; RSS much less)`;
const text = `## Start-up: the chart stack loads on the first chart

\`npm run bench:startup\` (bench/startup/run.ts), ${new Date().toISOString().slice(0, 10)}, ${cpu} × ${cpus().length}, Node ${process.versions.node}, ${load}.
\`node src/main.ts\` in HTTP mode, empty embedded store, loopback Slack; time from spawn to the first
200 of GET /health (the port opens before the app's modules load) and of GET /ready, resident memory (VmRSS) at that moment; median (min–max) of ${RUNS} runs each,
alternating. "Eager" imports vega, vega-lite and resvg before the app (\`node --import\`), as start-up
did when the chart modules were imported statically; "lazy" is the app as shipped (they load on
the first digest or answer chart, src/shared/vega-png.ts).

| start-up | spawn → /health | spawn → /ready | RSS at /ready | chart stack loaded by then |
|---|---|---|---|---|
${row('eager', 'eager (before)')}
${row('lazy', 'lazy (now)')}
`;
writeFileSync(join(root, 'bench', 'startup', 'RESULTS.md'), text);
process.stdout.write(text);
