import { describe, expect, it } from 'vitest';
import { createDigestPoster } from '../../src/schedule/poster.ts';
import { startScheduler } from '../../src/schedule/scheduler.ts';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';
import { eventually, quietly } from '../support/wait.ts';
import { placeholderRender } from './render.ts';

describe('startScheduler (node-cron triggers + catch-up at start)', () => {
  const env = useStoreAndSlack();

  it('catches up at start inside the grace window, once, and stops cleanly', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z'); // 10:00 in Paris: one hour late
    const subscriptions = createSubscriptionService(env.db, clock, {
      day: 1,
      time: '09:00',
      timeZone: 'Europe/Paris',
      locale: 'en',
    });
    await subscriptions.syncFromConfig([
      { target: { kind: 'channel', id: 'CSTART' } },
      { target: { kind: 'channel', id: 'CTOKYO' }, timeZone: 'Asia/Tokyo' }, // 18:00 there: outside 2 h
    ]);
    const poster = createDigestPoster(env.client(), env.db, {
      clock,
      owner: 's',
      render: placeholderRender,
    });
    const deps = { store: env.db, clock, subscriptions, poster, graceMs: 2 * 3600_000 };
    const stop = await startScheduler(deps);
    await stop();
    const again = await startScheduler(deps);
    await again();
    const top = env.slack.messages.filter((m) => !m.thread_ts);
    expect(top.map((m) => m.channel)).toEqual(['CSTART']);
  });

  it('posts when a real node-cron trigger fires after the schedule is reached, and only once', async () => {
    // 08:00 in Paris on Monday 23 November: the 09:00 digest is not due yet.
    const clock = new ManualClock('2026-11-23T07:00:00Z');
    const subscriptions = createSubscriptionService(env.db, clock, {
      day: 1,
      time: '09:00',
      timeZone: 'Europe/Paris',
      locale: 'en',
    });
    await subscriptions.syncFromConfig([{ target: { kind: 'channel', id: 'CFIRE' } }]);
    const poster = createDigestPoster(env.client(), env.db, {
      clock,
      owner: 'cron',
      render: placeholderRender,
    });
    const posts = () => env.slack.messages.filter((m) => m.channel === 'CFIRE' && !m.thread_ts);
    // The sweep is a node-cron task; at one second (six-field expression) it fires during the test.
    const stop = await startScheduler({
      store: env.db,
      clock,
      subscriptions,
      poster,
      graceMs: 2 * 3600_000,
      sweepCron: '* * * * * *',
    });
    try {
      expect(posts()).toEqual([]);
      // Nothing is due: whatever fires stays quiet.
      await quietly(() => posts().length === 0, 'posts before 09:00', { quietMs: 1_500 });
      clock.set('2026-11-23T08:00:30Z'); // 09:00:30 in Paris
      await eventually(() => posts().length === 1, 'the digest posted by a cron fire', { timeoutMs: 10_000 });
      // Later fires find the run claimed and finished: still one post.
      await quietly(() => posts().length === 1, 'the CFIRE posts', { quietMs: 2_500 });
      expect(posts()[0]?.text).toBe(
        `Weekly digest 2026-W47 for ${(await subscriptions.listActive())[0]?.id}`,
      );
    } finally {
      await stop();
    }
  });
});
