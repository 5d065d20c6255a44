/**
 * One app process for the multi-process tests: opens the store named by KPI_TEST_DB, posts the
 * digests due at WORKER_NOW to the loopback Slack server at SLACK_API_URL, prints the outcomes
 * as one JSON line and exits. With PAUSE_AFTER_POST=1 it stops for good right after Slack
 * answered a summary post and before the ts is written (the test then kills it with SIGKILL).
 */
import { hostname } from 'node:os';
import { createDigestPoster } from '../../src/schedule/poster.ts';
import { createScheduler } from '../../src/schedule/scheduler.ts';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { openFromEnv, slackClient } from './harness.ts';
import { placeholderRender } from './render.ts';

const env = process.env;
const clock = new ManualClock(env.WORKER_NOW ?? '');
const owner = `${hostname()}:${process.pid}:${env.WORKER_ID ?? 'w'}`;
const db = await openFromEnv(env);
const client = slackClient(env.SLACK_API_URL ?? '');
const pause = env.PAUSE_AFTER_POST === '1';

const poster = createDigestPoster(client, db, {
  clock,
  owner,
  render: placeholderRender,
  leaseMs: Number(env.LEASE_MS ?? 600_000),
  sleep: async () => {},
  hooks: {
    afterPost: async (runKey) => {
      if (!pause || runKey.includes('/')) return;
      process.stdout.write(`PAUSED ${runKey}\n`);
      // Hold here until the test kills the process.
      await new Promise<never>(() => {
        setInterval(() => {}, 60_000);
      });
    },
  },
});
const subscriptions = createSubscriptionService(db, clock, {
  day: 1,
  time: '09:00',
  timeZone: 'Europe/Paris',
  locale: 'en',
});
const scheduler = createScheduler({
  store: db,
  clock,
  subscriptions,
  poster,
  graceMs: Number(env.GRACE_MS ?? 6 * 3600_000),
});
const outcomes = await scheduler.tick();
process.stdout.write(`${JSON.stringify({ owner, outcomes })}\n`);
await db.close();
