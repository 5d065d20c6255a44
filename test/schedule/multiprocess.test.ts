import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { NODE_FLAGS } from '../../src/shared/node-flags.ts';
import type { Db } from '../../src/store/db.ts';
import { createRunStore } from '../../src/store/runs.ts';
import { type SlackStub, startSlackStub } from '../support/slack-api-stub-server.ts';
import { type Harness, postgresHarness } from './harness.ts';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const MONDAY_9_PARIS = '2026-11-23T08:00:00.000Z';
// Real processes on a shared CI machine: each start costs seconds, so these tests get room.
const PROCESS_TIMEOUT = 180_000;
const at = (offsetMs: number) => new Date(Date.parse(MONDAY_9_PARIS) + offsetMs).toISOString();

interface Worker {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the worker printed `text`. */
  waitFor(text: string): Promise<void>;
  /** Resolves with the exit code and the outcomes line. */
  done(): Promise<{ code: number | null; signal: NodeJS.Signals | null; outcomes: { status: string }[] }>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, [...NODE_FLAGS, WORKER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.filter((x) => out.includes(x.text))) w.resolve();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    output: () => out + err,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void exited.then(() => reject(new Error(`worker exited before printing ${text}:\n${out}${err}`)));
      }),
    async done() {
      const [code, signal] = await exited;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) throw new Error(`worker failed (${code ?? signal}):\n${out}${err}`);
      return { code, signal, outcomes: (JSON.parse(line) as { outcomes: { status: string }[] }).outcomes };
    },
  };
}

// Replicas share Postgres (the embedded store serves one process; its claims are tested in
// exactly-once.test.ts). CI exports TEST_DATABASE_URL: these run there, never skipped.
describe.each([['postgres', postgresHarness]] as const)(
  'app processes on one %s store',
  (_name, makeHarness) => {
    let harness: Harness;
    let db: Db;
    let slack: SlackStub;

    beforeAll(async () => {
      harness = makeHarness();
      db = await harness.open();
    });
    afterAll(async () => {
      await db.close();
      await harness.dispose();
    });
    beforeEach(async () => {
      await db.execute('DELETE FROM runs');
      await db.execute('DELETE FROM digest_subscriptions');
      slack = await startSlackStub();
      return () => slack.close();
    });

    const subscribe = async (...channels: string[]) => {
      const service = createSubscriptionService(db, new ManualClock('2026-11-01T00:00:00Z'), {
        day: 1,
        time: '09:00',
        timeZone: 'Europe/Paris',
        locale: 'en',
      });
      for (const id of channels) await service.subscribe({ target: { kind: 'channel', id } });
    };
    const env = (extra: Record<string, string>) => ({
      ...harness.workerEnv,
      SLACK_API_URL: slack.apiUrl,
      ...extra,
    });
    const topLevel = (channel: string) => slack.messages.filter((m) => m.channel === channel && !m.thread_ts);

    it(
      'three processes at Monday 09:00 post exactly one digest per subscription',
      async () => {
        await subscribe('CA', 'CB', 'CC');
        const workers = [1, 2, 3].map((i) =>
          startWorker(env({ WORKER_NOW: MONDAY_9_PARIS, WORKER_ID: `w${i}` })),
        );
        const results = await Promise.all(workers.map((w) => w.done()));
        const posted = results.flatMap((r) => r.outcomes).filter((o) => o.status === 'posted');
        expect(posted).toHaveLength(3);
        for (const channel of ['CA', 'CB', 'CC']) {
          const [summary, ...more] = topLevel(channel);
          expect(more).toEqual([]);
          const thread = slack.messages.filter((m) => m.thread_ts === summary?.ts);
          expect(thread.filter((m) => m.text.startsWith('Details'))).toHaveLength(2);
          expect(thread.filter((m) => m.files)).toHaveLength(1);
        }
        expect(slack.callsOf('chat.postMessage')).toHaveLength(9);
      },
      PROCESS_TIMEOUT,
    );

    it(
      'a process killed with SIGKILL between Slack answer and ts write, then restarted, leaves exactly one',
      async () => {
        await subscribe('CKILL');
        const doomed = startWorker(
          env({ WORKER_NOW: MONDAY_9_PARIS, WORKER_ID: 'doomed', PAUSE_AFTER_POST: '1', LEASE_MS: '60000' }),
        );
        await doomed.waitFor('PAUSED digest:channel:CKILL:2026-W47');
        doomed.child.kill('SIGKILL');
        await once(doomed.child, 'exit');
        expect(topLevel('CKILL')).toHaveLength(1);
        const runs = createRunStore(db);
        const half = await runs.get('digest:channel:CKILL:2026-W47');
        expect(half).toMatchObject({ status: 'posting', slackTs: null });

        // Restarted while the dead claim still holds: it waits (no post).
        const early = await startWorker(env({ WORKER_NOW: at(30_000), WORKER_ID: 'early' })).done();
        expect(early.outcomes.map((o) => o.status)).toEqual(['skipped']);

        // Restarted after the lease: it finds its message by metadata and finishes the thread.
        const historyBefore = slack.callsOf('conversations.history').length;
        const resumed = await startWorker(env({ WORKER_NOW: at(2 * 60_000), WORKER_ID: 'resumed' })).done();
        expect(resumed.outcomes.map((o) => o.status)).toEqual(['posted']);
        const [summary, ...more] = topLevel('CKILL');
        expect(more).toEqual([]);
        expect(slack.callsOf('conversations.history').length).toBe(historyBefore + 1);
        const done = await runs.get('digest:channel:CKILL:2026-W47');
        expect(done).toMatchObject({
          status: 'posted',
          slackTs: summary?.ts,
          slackChannel: 'CKILL',
          threadDone: true,
        });
        const thread = slack.messages.filter((m) => m.thread_ts === summary?.ts);
        expect(thread.filter((m) => m.text.startsWith('Details'))).toHaveLength(2);
        expect(thread.filter((m) => m.files)).toHaveLength(1);
      },
      PROCESS_TIMEOUT,
    );
  },
);
