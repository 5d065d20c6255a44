import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { NODE_FLAGS } from '../../src/shared/node-flags.ts';
import type { Db } from '../../src/store/db.ts';
import { seedCampaigns } from './slack-data.ts';
import { BOT_TOKEN, SIGNING_SECRET } from './slack-harness.ts';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Seeds a store with a few campaigns of October 2026. */
export function seedStore(db: Db): Promise<void> {
  return seedCampaigns(db, ['Spring Sale', 'Brand'], 'seed');
}

export interface AppProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output: string[];
  exited: Promise<number | null>;
  /** Polls GET `path` until it answers `status` (deadline in ms). */
  waitFor(path: string, status: number, deadlineMs?: number): Promise<void>;
}

/** `node src/main.ts` in HTTP mode with exactly this environment (plus the Slack secrets and PATH). */
export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    url,
    output,
    exited,
    async waitFor(path, status, deadlineMs = 80_000) {
      const until = Date.now() + deadlineMs;
      while (Date.now() < until) {
        const got = await fetch(`${url}${path}`).then(
          (r) => r.status,
          () => 0,
        );
        if (got === status) return;
        if (child.exitCode !== null) throw new Error(`the app exited:\n${output.join('')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${path} never answered ${status}:\n${output.join('')}`);
    },
  };
}
