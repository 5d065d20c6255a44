import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../src/shared/node-flags.ts';
import { freePort } from './support/app-process.ts';
import { SlackApiServer } from './support/slack-api-server.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './support/slack-harness.ts';

interface Exit {
  code: number | null;
  lines: Record<string, unknown>[];
  text: string;
}

/** Runs `node src/main.ts` with exactly `env` (plus PATH) until it exits by itself. */
function start(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_FLAGS, 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: string[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c.toString()));
    child.stderr.on('data', (c: Buffer) => out.push(c.toString()));
    // A step that fails must end the process: one that hangs fails the test by this timeout.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts did not exit:\n${out.join('')}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const text = out.join('');
      const lines = text
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, lines, text });
    });
  });
}

const failure = (exit: Exit) => exit.lines.find((l) => typeof l.step === 'string');

describe.concurrent('npm start (src/main.ts): each startup step fails with a coded error naming it', () => {
  let dir = '';
  let busy: Server;
  let busyPort = 0;
  let slack: SlackApiServer;
  // Each start its own port: the port opens first thing (the front door), before any step.
  const base = async () => ({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    // Nothing listens there: no call may reach a real Slack.
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    DATA_DIR: dir,
    PORT: String(await freePort()),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-main-steps-'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    busyPort = typeof address === 'object' && address ? address.port : 0;
    slack = await new SlackApiServer().start();
  });
  afterAll(async () => {
    await slack.stop();
    await new Promise((resolve) => busy.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('config: no bot token', { timeout: 100_000 }, async () => {
    const { SLACK_BOT_TOKEN: _, ...env } = await base();
    const exit = await start(env);
    expect(exit.code).toBe(2);
    expect(failure(exit)).toMatchObject({ step: 'config', code: 'env_invalid' });
    expect(String(failure(exit)?.msg)).toContain('SLACK_BOT_TOKEN');
  });

  it('config: a config file that is not there', { timeout: 100_000 }, async () => {
    const exit = await start({ ...(await base()), KPI_CONFIG: join(dir, 'missing.yaml') });
    expect(exit.code).toBe(2);
    expect(failure(exit)).toMatchObject({ step: 'config', code: 'config_invalid' });
    expect(String(failure(exit)?.msg)).toContain('missing.yaml');
  });

  it('store: a Postgres that does not answer', { timeout: 100_000 }, async () => {
    const exit = await start({ ...(await base()), DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none' });
    expect(exit.code).toBe(1);
    expect(failure(exit)).toMatchObject({ step: 'store', code: 'store_failed' });
  });

  it('listener: a port already taken, after the earlier steps were undone', {
    timeout: 100_000,
  }, async () => {
    const exit = await start({ ...(await base()), SLACK_API_URL: slack.apiUrl, PORT: String(busyPort) });
    // The process exits by itself: the scheduler's timers were stopped and the store closed.
    expect(exit.code).toBe(1);
    expect(failure(exit)).toMatchObject({ step: 'listener', code: 'listen_failed' });
    expect(exit.text).not.toContain('kpi bot started');
    expect(exit.text).not.toContain(BOT_TOKEN);
  });

  it('slack: a token Slack refuses ends the start at once, non-zero, saying so', {
    timeout: 100_000,
  }, async () => {
    const refusing = await new SlackApiServer().start();
    refusing.script('auth.test', [{ status: 200, body: { ok: false, error: 'invalid_auth' } }]);
    try {
      const exit = await start({ ...(await base()), SLACK_API_URL: refusing.apiUrl });
      expect(exit.code).toBe(1);
      expect(failure(exit)).toMatchObject({ step: 'slack', code: 'slack_failed' });
      expect(String(failure(exit)?.msg)).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
      expect(refusing.callsTo('auth.test')).toHaveLength(1);
      expect(exit.text).not.toContain(BOT_TOKEN);
    } finally {
      await refusing.stop();
    }
  });
});
