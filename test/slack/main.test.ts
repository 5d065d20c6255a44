import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreSink } from '../../src/data/store-sink.ts';
import { NODE_FLAGS } from '../../src/shared/node-flags.ts';
import { MessageSchema } from '../../src/shared/slack-message.ts';
import { openStore } from '../../src/store/open.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';
import { cost, lead } from '../support/slack-data.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-harness.ts';
import { postSigned, slashCommandBody } from '../support/slack-signing.ts';
import { eventually } from '../support/wait.ts';

/** The store the app will open: two campaigns over the last days (inside the default 30-day period). */
async function seed(dir: string): Promise<void> {
  const db = await openStore({ DATA_DIR: dir });
  const sink = createStoreSink(db);
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000);
  const leads = Array.from({ length: 10 }, (_, i) =>
    lead(`s${i}`, day(2 + i).toISOString(), { campaign: 'Spring Sale' }),
  ).concat(
    Array.from({ length: 4 }, (_, i) => lead(`b${i}`, day(3 + i).toISOString(), { campaign: 'Brand' })),
  );
  const costs = [
    cost('c1', day(3).toISOString().slice(0, 10), 500, { campaign: 'Spring Sale' }),
    cost('c2', day(4).toISOString().slice(0, 10), 100, { campaign: 'Brand' }),
  ];
  await sink.writeLeads(leads);
  await sink.writeCosts(costs);
  await sink.finish({
    origin: 'seed',
    name: 'seed',
    startedAt: Date.now(),
    finishedAt: Date.now(),
    rowsRead: 16,
    rowsSkipped: 0,
    report: {},
  });
  await db.close();
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

describe('npm start (src/main.ts) in HTTP mode', () => {
  let slack: SlackApiServer;
  let child: ChildProcess;
  let dir: string;
  let port: number;
  const output: string[] = [];

  beforeAll(async () => {
    slack = await new SlackApiServer().start();
    dir = await mkdtemp(join(tmpdir(), 'kpi-main-'));
    await seed(dir);
    port = await freePort();
    child = spawn(process.execPath, [...NODE_FLAGS, 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        DATA_DIR: dir,
        KPI_CONFIG: 'samples/kpi.yaml',
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    // /health answers from the first moment; /ready once the Slack app and the data are there.
    // Startup imports the whole app: slow on a loaded machine.
    await eventually(
      () =>
        fetch(`http://127.0.0.1:${port}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      'GET /ready of npm start',
      { timeoutMs: 80_000, intervalMs: 100 },
    );
  }, 90_000);

  afterAll(async () => {
    child.kill('SIGKILL');
    await slack.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a signed /kpi cpl by=campaign with an ephemeral Block Kit reply', {
    timeout: 60_000,
  }, async () => {
    const body = slashCommandBody({ text: 'cpl by=campaign', responseUrl: slack.responseUrl('main') });
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await slack.waitFor(() => slack.responses.length > 0, 45_000);
    const reply = slack.responses[0]?.body ?? {};
    expect(reply.response_type).toBe('ephemeral');
    const message = MessageSchema.parse(reply);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Spring Sale');
    expect(text).toContain('Brand');
    // 10 leads and 500 € of spend on Spring Sale: a CPL of 50 €.
    expect(text).toMatch(/€50\.00|50,00\s€/);
  });

  it('stops cleanly on SIGTERM and never logged a secret', { timeout: 60_000 }, async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const logs = output.join('');
    expect(logs).toContain('kpi bot started');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
  });
});
