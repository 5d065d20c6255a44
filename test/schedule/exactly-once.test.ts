import { describe, expect, it } from 'vitest';
import { createDigestPoster, DIGEST_EVENT } from '../../src/schedule/poster.ts';
import { createScheduler } from '../../src/schedule/scheduler.ts';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { createRunStore } from '../../src/store/runs.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';
import { embeddedHarness, postgresHarness } from './harness.ts';
import { placeholderRender } from './render.ts';

const HOUR = 3600_000;
const DEFAULTS = { day: 1, time: '09:00', timeZone: 'Europe/Paris', locale: 'en' as const };

const localHour = (instant: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(
    instant,
  );

describe.each([
  ['embedded', embeddedHarness],
  ['postgres', postgresHarness],
] as const)('digest scheduling on the %s store', (_name, makeHarness) => {
  const env = useStoreAndSlack(makeHarness, { clean: ['runs', 'digest_subscriptions'], slackPerTest: true });

  const build = (
    clock: ManualClock,
    options: { graceMs?: number; adminChannel?: string; owner?: string } = {},
  ) => {
    const subscriptions = createSubscriptionService(env.db, clock, DEFAULTS);
    const poster = createDigestPoster(env.client(), env.db, {
      clock,
      owner: options.owner ?? 'test-process',
      render: placeholderRender,
      sleep: async () => {},
      maxAttempts: 3,
      adminChannel: options.adminChannel ?? null,
    });
    const scheduler = createScheduler({
      store: env.db,
      clock,
      subscriptions,
      poster,
      graceMs: options.graceMs ?? HOUR,
    });
    return { subscriptions, poster, scheduler };
  };

  const topLevel = (channel: string) =>
    env.slack.messages.filter((m) => m.channel === channel && !m.thread_ts);

  it('a clock travelling over 10 weeks posts 10 digests per subscription, at 09:00 local across DST', async () => {
    // 23 Feb → 4 May 2026 spans both the US (8 March) and the EU (29 March) DST changes.
    const clock = new ManualClock('2026-02-23T00:00:00Z');
    const { subscriptions, scheduler } = build(clock);
    await subscriptions.syncFromConfig([
      { target: { kind: 'channel', id: 'CPARIS' } },
      { target: { kind: 'channel', id: 'CNY' }, timeZone: 'America/New_York' },
    ]);
    const posted: { runKey: string; at: Date }[] = [];
    for (let h = 0; h < 10 * 7 * 24; h++) {
      for (const o of await scheduler.tick())
        if (o.status === 'posted') posted.push({ runKey: o.runKey, at: clock.now() });
      clock.advance(HOUR);
    }
    expect(topLevel('CPARIS')).toHaveLength(10);
    expect(topLevel('CNY')).toHaveLength(10);
    expect(posted).toHaveLength(20);
    for (const p of posted) {
      const zone = p.runKey.includes('CNY') ? 'America/New_York' : 'Europe/Paris';
      expect(localHour(p.at, zone)).toBe('Mon 09:00');
    }
    expect(new Set(posted.map((p) => p.runKey)).size).toBe(20);
    // Each digest has its details and its chart in its thread.
    for (const m of topLevel('CPARIS')) {
      const thread = env.slack.messages.filter((r) => r.thread_ts === m.ts);
      expect(thread.filter((r) => r.files)).toHaveLength(1);
      expect(thread.filter((r) => r.text.startsWith('Details'))).toHaveLength(2);
      expect(m.metadata?.event_type).toBe(DIGEST_EVENT);
    }
  }, 120_000);

  it('a second tick, a restart or another replica at the same instant posts nothing more', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const a = build(clock, { owner: 'replica-a' });
    const b = build(clock, { owner: 'replica-b' });
    await a.subscriptions.subscribe({ target: { kind: 'channel', id: 'CGROWTH' } });
    const [first, second] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect([...(first ?? []), ...(second ?? [])].filter((o) => o.status === 'posted')).toHaveLength(1);
    await a.scheduler.tick();
    clock.advance(30 * 60_000);
    await build(clock, { owner: 'restarted' }).scheduler.tick();
    expect(topLevel('CGROWTH')).toHaveLength(1);
  });

  it('after downtime across Monday 09:00, a start inside the grace window posts one catch-up; outside it, none', async () => {
    const clock = new ManualClock('2026-11-23T09:30:00Z'); // 10:30 Paris: 1 h 30 late
    const inside = build(clock, { graceMs: 2 * HOUR });
    await inside.subscriptions.subscribe({ target: { kind: 'channel', id: 'CLATE' } });
    expect((await inside.scheduler.tick()).map((o) => o.status)).toEqual(['posted']);
    expect(await inside.scheduler.tick()).toEqual([]);
    expect(topLevel('CLATE')).toHaveLength(1);

    clock.set('2026-11-30T11:00:00Z'); // 12:00 Paris the next Monday: 3 h late
    const outside = build(clock, { graceMs: 2 * HOUR });
    expect(await outside.scheduler.tick()).toEqual([]);
    expect(topLevel('CLATE')).toHaveLength(1);
  });

  it('sends a DM digest to a person subscribed with "me"', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const { subscriptions, scheduler } = build(clock);
    await subscriptions.subscribe({ target: { kind: 'user', id: 'U42' }, createdBy: 'U42' });
    expect((await scheduler.tick()).map((o) => o.status)).toEqual(['posted']);
    expect(topLevel('DU42')).toHaveLength(1);
    expect(env.slack.callsOf('conversations.open')).toHaveLength(1);
  });

  it('retries a failed post with backoff and reports a delivery that fails for good to the admin channel', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const { subscriptions, scheduler } = build(clock, { adminChannel: 'CADMIN' });
    await subscriptions.subscribe({ target: { kind: 'channel', id: 'CFLAKY' } });
    env.slack.failNext('chat.postMessage', 'internal_error', 2);
    expect((await scheduler.tick()).map((o) => o.status)).toEqual(['posted']);
    expect(topLevel('CFLAKY')).toHaveLength(1);

    await subscriptions.subscribe({ target: { kind: 'channel', id: 'CGONE' } });
    env.slack.failNext('chat.postMessage', 'channel_not_found', 1);
    const outcomes = await scheduler.tick();
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.stringContaining('channel_not_found') }),
    ]);
    const report = topLevel('CADMIN');
    expect(report).toHaveLength(1);
    expect(report[0]?.text).toContain('<#CGONE>');
    expect(report[0]?.text).toContain('2026-W47');
    const run = await createRunStore(env.db).get(outcomes[0]?.runKey ?? '');
    expect(run?.status).toBe('failed');
    // A failed run is not retried by later ticks (it was reported).
    expect(await scheduler.tick()).toEqual([]);
  });

  it('a thread part whose ts write failed after Slack answered is adopted from the thread, not posted twice', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const { subscriptions } = build(clock);
    await subscriptions.subscribe({ target: { kind: 'channel', id: 'CPART' } });
    let failures = 1;
    const poster = createDigestPoster(env.client(), env.db, {
      clock,
      owner: 'flaky',
      render: placeholderRender,
      maxAttempts: 3,
      sleep: async () => {},
      hooks: {
        afterPost: (runKey) => {
          if (runKey.endsWith('/detail-1') && failures-- > 0)
            throw new Error('store hiccup before the ts write');
        },
      },
    });
    const scheduler = createScheduler({ store: env.db, clock, subscriptions, poster, graceMs: HOUR });
    expect((await scheduler.tick()).map((o) => o.status)).toEqual(['posted']);
    const [summary, ...more] = topLevel('CPART');
    expect(more).toEqual([]);
    const details = env.slack.messages.filter(
      (m) => m.thread_ts === summary?.ts && m.text.startsWith('Details'),
    );
    expect(details.map((m) => m.text)).toEqual(['Details 1 of 2026-W47', 'Details 2 of 2026-W47']);
    expect(env.slack.callsOf('conversations.replies').length).toBeGreaterThan(0);
  });

  it('adopts the message of an attempt that died after Slack answered, instead of posting again', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const { subscriptions } = build(clock);
    await subscriptions.subscribe({ target: { kind: 'channel', id: 'CCRASH' } });
    const crashing = createDigestPoster(env.client(), env.db, {
      clock,
      owner: 'doomed',
      render: placeholderRender,
      leaseMs: 5 * 60_000,
      maxAttempts: 1,
      sleep: async () => {},
      hooks: {
        afterPost: (runKey) => {
          if (!runKey.includes('/')) throw new Error('simulated crash before the ts write');
        },
      },
    });
    const scheduler = createScheduler({
      store: env.db,
      clock,
      subscriptions,
      poster: crashing,
      graceMs: HOUR,
    });
    const [dead] = await scheduler.tick();
    expect(dead?.status).toBe('failed');
    // The process' own final failure marks the run failed; simulate the kill instead: the run
    // is left 'posting' with no ts and an expired lease.
    await env.db.execute("UPDATE runs SET status = 'posting', finished_at = NULL WHERE run_key = $1", [
      dead?.runKey,
    ]);
    clock.advance(10 * 60_000);
    const resumed = await build(clock, { owner: 'survivor' }).scheduler.tick();
    expect(resumed.map((o) => o.status)).toEqual(['posted']);
    expect(topLevel('CCRASH')).toHaveLength(1);
    expect(env.slack.callsOf('conversations.history').length).toBeGreaterThan(0);
    const ts = topLevel('CCRASH')[0]?.ts;
    expect(env.slack.messages.filter((m) => m.thread_ts === ts && m.text.startsWith('Details'))).toHaveLength(
      2,
    );
  });
});
