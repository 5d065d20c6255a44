import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlertNotifier } from '../../src/alerts/notify.ts';
import { type ConfigRule, ruleFromConfig } from '../../src/alerts/rules.ts';
import { createAlertService } from '../../src/alerts/service.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { createDigestPoster } from '../../src/schedule/poster.ts';
import { createScheduler } from '../../src/schedule/scheduler.ts';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/log.ts';
import type { SlackClient } from '../../src/shared/post-once.ts';
import { createBulkClient } from '../../src/slack/clients.ts';
import { createPacedClient } from '../../src/slack/paced-client.ts';
import type { Db } from '../../src/store/db.ts';
import { cost, leadsOver } from '../alerts/fixtures.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';
import { embeddedHarness, type Harness } from './harness.ts';
import { placeholderRender } from './render.ts';

/**
 * A digest or an alert whose delivery fails for good is reported to the admin channel, and
 * that report goes through the same paced poster as everything else (src/slack/paced-client.ts):
 * here the loopback Slack answers the report's first attempt with 429 Retry-After: 1, which
 * only the paced poster waits out and retries (the bulk client under it retries nothing).
 */
describe('a delivery that fails for good is reported to the admin channel through the paced poster', () => {
  let harness: Harness;
  let db: Db;
  let slack: SlackApiServer;
  const logs: string[] = [];
  const logger = createLogger({
    level: 'error',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  });
  beforeAll(async () => {
    harness = embeddedHarness();
    db = await harness.open();
  });
  afterAll(async () => {
    await db.close();
    await harness.dispose();
  });
  beforeEach(async () => {
    slack = await new SlackApiServer().start();
    logs.length = 0;
  });
  afterEach(() => slack.stop());

  const paced = (): SlackClient =>
    createPacedClient(createBulkClient({ token: 'xoxb-test-token', slackApiUrl: slack.apiUrl }), {
      clock: new ManualClock('2026-11-23T08:00:00Z'),
      logger,
      minIntervalMs: 0,
      baseBackoffMs: 50,
      host: new URL(slack.url).host,
    });

  /** The posts to the admin channel: refused once with 429, then delivered once, after Retry-After. */
  const expectReportAfterRetryAfter = () => {
    const admin = slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'CADMIN');
    expect(admin.map((c) => c.status)).toEqual([429, 200]);
    expect((admin[1]?.at ?? 0) - (admin[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    return String(admin[1]?.params.text ?? '');
  };

  it('a digest whose channel is gone', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const subscriptions = createSubscriptionService(db, clock, {
      day: 1,
      time: '09:00',
      timeZone: 'Europe/Paris',
      locale: 'en',
    });
    await subscriptions.subscribe({ target: { kind: 'channel', id: 'CGONE' } });
    const poster = createDigestPoster(paced(), db, {
      clock,
      owner: 'test-process',
      render: placeholderRender,
      sleep: async () => {},
      adminChannel: 'CADMIN',
      logger,
    });
    const scheduler = createScheduler({ store: db, clock, subscriptions, poster, graceMs: 3600_000 });
    // The digest's post: a permanent refusal; then the report: rate limited once.
    slack.script('chat.postMessage', [
      { status: 200, body: { ok: false, error: 'channel_not_found' } },
      { status: 429, retryAfter: 1 },
    ]);

    const outcomes = await scheduler.tick();

    expect(outcomes.map((o) => o.status)).toEqual(['failed']);
    const report = expectReportAfterRetryAfter();
    expect(report).toContain('<#CGONE>');
    expect(report).toContain('channel_not_found');
    // The digest itself was tried once (a refused channel is not retried) and never posted.
    const digest = slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'CGONE');
    expect(digest.map((c) => c.status)).toEqual([200]);
    expect(slack.okCallsTo('chat.postMessage').filter((c) => c.params.channel === 'CGONE')).toHaveLength(1);
    expect(logs.some((l) => l.includes('admin report failed'))).toBe(false);
  });

  it('an alert whose channel is gone', async () => {
    const clock = new ManualClock('2026-06-15T08:00:00Z');
    const days = ['2026-06-10', '2026-06-11', '2026-06-12'];
    const notifier = createAlertNotifier(paced(), db, {
      clock,
      owner: 'test-process',
      adminChannel: 'CADMIN',
      logger,
    });
    const service = createAlertService({
      store: db,
      clock,
      notifier,
      locale: 'en',
      targets: { ltvCacRatio: 3 },
      snapshot: async () =>
        buildSnapshot(leadsOver('l', 100, days), [cost('c1', days[0] ?? '', 7000)], {
          timeZone: 'Europe/Paris',
          currency: 'EUR',
          dataVersion: '1',
        }),
      sources: async () => [],
      logger,
    });
    const rule: ConfigRule = {
      id: 'cpl-gone',
      channel: 'CGONE',
      metric: 'cpl',
      op: '>',
      threshold: 60,
      window: { kind: 'last-days', days: 7 },
      renotifyMs: 6 * 3600_000,
      minVolume: 30,
      filters: [],
    };
    const parsed = ruleFromConfig(rule);
    if (!parsed) throw new Error('the rule did not parse');
    await service.syncRules([parsed], []);
    slack.script('chat.postMessage', [
      { status: 200, body: { ok: false, error: 'channel_not_found' } },
      { status: 429, retryAfter: 1 },
    ]);

    const evaluated = await service.evaluateAll();

    expect(evaluated.notifications.map((n) => n.status)).toEqual(['failed']);
    const report = expectReportAfterRetryAfter();
    expect(report).toContain('cpl-gone');
    expect(report).toContain('channel_not_found');
    expect(logs.some((l) => l.includes('alert notification failed'))).toBe(true);
  });
});
