import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestAlerts } from '../../src/compose/digest-alerts.ts';
import { loadConfig } from '../../src/config/file.ts';
import { storeSource } from '../../src/data/load.ts';
import { SnapshotCache } from '../../src/kpi/cache.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { BOT_TOKEN, type Harness, startHarness } from '../support/slack-harness.ts';

/**
 * The revenue allow-list beyond `/kpi <metric>`: the digest and alerts sub-commands (checked where
 * they are dispatched) and "Share in channel", over signed requests to the real app.
 */
describe('the revenue allow-list for digests, alerts and sharing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      // Both may change configuration (editors): what is tested here is the revenue allow-list.
      settings: {
        access: { users: ['U_BOSS'], channels: ['C0REV'] },
        editors: { users: ['U_BOSS', 'U_OTHER'] },
      },
      extensionsFor: (db, slackApiUrl) =>
        createDigestAlerts({
          db,
          clock: systemClock,
          client: new WebClient(BOT_TOKEN, { slackApiUrl, retryConfig: { retries: 0 } }),
          config: loadConfig(undefined),
          snapshot: (() => {
            const cache = new SnapshotCache(storeSource(db, { timeZone: 'Europe/Paris', currency: 'EUR' }));
            return () => cache.get();
          })(),
          localeOf: async () => 'en',
          logger: silentLogger,
        }).extensions,
    });
  });
  afterAll(() => h.close());

  let n = 0;
  /** Runs /kpi `text` as `user` in `channel` and returns the ephemeral reply's JSON. */
  const ask = async (text: string, user: string, channel = 'C0001'): Promise<string> => {
    const id = `a${++n}`;
    expect((await h.command(text, { user, channel, responseId: id })).status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    const reply = h.slack.responses.find((r) => r.path === `/response/${id}`)?.body ?? {};
    expect(reply.response_type).toBe('ephemeral');
    return JSON.stringify(reply);
  };
  const count = async (sql: string): Promise<number> =>
    Number(Object.values((await h.db.query(sql))[0] ?? {})[0] ?? 0);
  const rules = () => count('SELECT COUNT(*) AS n FROM alert_rules WHERE active = 1');
  const subscriptions = () => count('SELECT COUNT(*) AS n FROM digest_subscriptions WHERE active = 1');
  const posted = () => h.slack.callsTo('chat.postMessage').length + h.slack.callsTo('files.uploadV2').length;

  it("refuses an outsider's digest preview and subscription, storing and posting nothing", async () => {
    const before = posted();
    const logs = h.logs.length;
    expect(await ask('digest', 'U_OTHER')).toContain('restricted');
    expect(await ask('digest subscribe', 'U_OTHER')).toContain('restricted');
    expect(await ask('digest subscribe <#C0REV|revenue>', 'U_OTHER')).toContain('restricted');
    expect(await ask('digest subscribe me', 'U_OTHER', 'C0REV')).toContain('restricted');
    expect(await subscriptions()).toBe(0);
    expect(posted()).toBe(before);
    const refusals = h.logs.slice(logs).filter((l) => l.includes('access refused'));
    expect(refusals).toHaveLength(4);
    expect(refusals[0]).toContain('"command":"digest preview"');
    // Unsubscribing reveals nothing: still allowed.
    expect(await ask('digest unsubscribe', 'U_OTHER')).not.toContain('restricted');
  });

  it("refuses an outsider's alert on a revenue metric (or one compared to CLV), storing nothing", async () => {
    const before = posted();
    expect(await ask('alerts add roi > 10 channel=<#C1|x>', 'U_OTHER')).toContain('restricted');
    expect(await ask('alerts add cac > clv/ratio', 'U_OTHER')).toContain('restricted');
    expect(await rules()).toBe(0);
    expect(posted()).toBe(before);
    // A metric without revenue stays open to everyone.
    expect(await ask('alerts add cpl > 60 channel=<#C1|x>', 'U_OTHER')).toContain('#1');
    expect(await rules()).toBe(1);
  });

  it('lets an allowed person add a revenue alert only into an allowed channel', async () => {
    expect(await ask('alerts add roi > 10 channel=<#C1|x>', 'U_BOSS')).toContain('restricted');
    expect(await rules()).toBe(1);
    const added = await ask('alerts add roi > 10 channel=<#C0REV|rev>', 'U_BOSS');
    expect(added).not.toContain('restricted');
    expect(await rules()).toBe(2);
  });

  it("refuses an outsider's remove, snooze and mute of a revenue alert, not of the others", async () => {
    expect(await ask('alerts remove #2', 'U_OTHER')).toContain('restricted');
    expect(await ask('alerts snooze #2 2h', 'U_OTHER')).toContain('restricted');
    expect(await ask('alerts mute #2', 'U_OTHER')).toContain('restricted');
    expect(await rules()).toBe(2);
    expect(await ask('alerts remove #1', 'U_OTHER')).not.toContain('restricted');
    expect(await rules()).toBe(1);
    expect(await ask('alerts remove #2', 'U_BOSS')).not.toContain('restricted');
    expect(await rules()).toBe(0);
  });

  it('gives an allowed person the digest preview', async () => {
    expect(await ask('digest', 'U_BOSS')).not.toContain('restricted');
  });

  const share = (user: string, channel: string, value: string, id: string) => ({
    type: 'block_actions',
    user: { id: user, name: user, team_id: 'T0001' },
    team: { id: 'T0001', domain: 'acme' },
    api_app_id: 'A0001',
    token: 'legacy',
    trigger_id: `111.222.${id}`,
    container: { type: 'message', message_ts: '1.2', channel_id: channel, is_ephemeral: true },
    channel: { id: channel, name: channel },
    response_url: h.slack.responseUrl(id),
    actions: [
      {
        type: 'button',
        action_id: 'kpi_share',
        block_id: 'kpi_actions',
        value,
        action_ts: `1700000000.${id.length}`,
      },
    ],
  });

  it('refuses an allowed person sharing revenue into a channel not on the list', async () => {
    expect((await h.interaction(share('U_BOSS', 'C0PUB', 'revenue period=2026-10', 'sh1'))).status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === '/response/sh1'));
    const reply = h.slack.responses.find((r) => r.path === '/response/sh1')?.body ?? {};
    expect(JSON.stringify(reply)).toContain('restricted');
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0PUB')).toEqual([]);
    expect(h.logs.some((l) => l.includes('"command":"share"'))).toBe(true);

    // Into an allowed channel it is shared; a metric without revenue is shared anywhere.
    await h.interaction(share('U_BOSS', 'C0REV', 'revenue period=2026-10', 'sh22'));
    await h.interaction(share('U_OTHER', 'C0PUB', 'cpl period=2026-10', 'sh333'));
    await h.slack.waitFor(
      () =>
        h.slack.callsTo('chat.postMessage').some((c) => c.params.channel === 'C0REV') &&
        h.slack.callsTo('chat.postMessage').some((c) => c.params.channel === 'C0PUB'),
    );
  });
});
