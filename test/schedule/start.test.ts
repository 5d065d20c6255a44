import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestPoster } from '../../src/schedule/poster.ts';
import { startScheduler } from '../../src/schedule/scheduler.ts';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import type { Db } from '../../src/store/db.ts';
import { type SlackStub, startSlackStub } from '../support/slack-api-stub-server.ts';
import { embeddedHarness, type Harness, slackClient } from './harness.ts';
import { placeholderRender } from './render.ts';

describe('startScheduler (node-cron triggers + catch-up at start)', () => {
  let harness: Harness;
  let db: Db;
  let slack: SlackStub;

  beforeAll(async () => {
    harness = embeddedHarness();
    db = await harness.open();
    slack = await startSlackStub();
  });
  afterAll(async () => {
    await slack.close();
    await db.close();
    await harness.dispose();
  });

  it('catches up at start inside the grace window, once, and stops cleanly', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z'); // 10:00 in Paris: one hour late
    const subscriptions = createSubscriptionService(db, clock, {
      day: 1,
      time: '09:00',
      timeZone: 'Europe/Paris',
      locale: 'en',
    });
    await subscriptions.syncFromConfig([
      { target: { kind: 'channel', id: 'CSTART' } },
      { target: { kind: 'channel', id: 'CTOKYO' }, timeZone: 'Asia/Tokyo' }, // 18:00 there: outside 2 h
    ]);
    const poster = createDigestPoster(slackClient(slack.apiUrl), db, {
      clock,
      owner: 's',
      render: placeholderRender,
    });
    const deps = { store: db, clock, subscriptions, poster, graceMs: 2 * 3600_000 };
    const stop = await startScheduler(deps);
    await stop();
    const again = await startScheduler(deps);
    await again();
    const top = slack.messages.filter((m) => !m.thread_ts);
    expect(top.map((m) => m.channel)).toEqual(['CSTART']);
  });
});
