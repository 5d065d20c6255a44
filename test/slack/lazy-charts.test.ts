import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../src/shared/node-flags.ts';
import { freePort } from '../support/app-process.ts';
import { eventually } from '../support/wait.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TRACE = join(root, 'bench', 'startup', 'trace-loads.mjs');

describe('the chart stack at start-up', () => {
  let slackUrl = '';
  const slack = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, user_id: 'UBOT', team_id: 'T1', bot_id: 'B1' }));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', () => resolve()));
    const address = slack.address();
    slackUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/`;
  });
  afterAll(() => new Promise<void>((resolve) => slack.close(() => resolve())));

  it('is not loaded by the time the app is ready (vega, vega-lite, resvg wait for the first chart)', {
    timeout: 90_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-lazy-'));
    const port = await freePort();
    const child = spawn(process.execPath, [...NODE_FLAGS, '--import', TRACE, 'src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-lazy-test',
        SLACK_SIGNING_SECRET: 'lazy-test-secret',
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
      await eventually(
        () =>
          fetch(`http://127.0.0.1:${port}/ready`).then(
            (r) => r.status === 200,
            () => false,
          ),
        'GET /ready = 200',
        { timeoutMs: 80_000, intervalMs: 50 },
      );
      expect(stderr).not.toContain('chart-stack-loaded');
      // The same hook does see the stack when something imports it (the check can fail).
      const seen = await new Promise<string>((resolve) => {
        const probe = spawn(
          process.execPath,
          [...NODE_FLAGS, '--import', TRACE, '--input-type=module', '-e', "await import('vega-lite')"],
          { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let out = '';
        probe.stderr?.on('data', (c: Buffer) => {
          out += c.toString();
        });
        probe.once('exit', () => resolve(out));
      });
      expect(seen).toContain('chart-stack-loaded vega-lite');
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
