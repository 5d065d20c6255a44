import { App } from '@slack/bolt';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALERT_ACTIONS } from '../../src/alerts/blocks.ts';
import { createAlertNotifier } from '../../src/alerts/notify.ts';
import { createAlertService } from '../../src/alerts/service.ts';
import { createAlertStore } from '../../src/alerts/store.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { registerAlertActions } from '../../src/slack/listeners/alert-actions.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';

describe('alert buttons (a real Bolt app processing block_actions)', () => {
  const env = useStoreAndSlack();
  let app: App;
  const clock = new ManualClock('2026-06-15T08:00:00Z');

  beforeAll(async () => {
    const service = createAlertService({
      store: env.db,
      clock,
      notifier: createAlertNotifier(env.client(), env.db, { clock, owner: 't' }),
      locale: 'en',
      targets: { ltvCacRatio: 3 },
      snapshot: async () =>
        buildSnapshot([], [], { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' }),
      sources: async () => [],
    });
    app = new App({
      token: 'xoxb-test',
      signingSecret: 'test-secret',
      tokenVerificationEnabled: false,
      clientOptions: { slackApiUrl: env.slack.apiUrl, retryConfig: { retries: 0 } },
    });
    registerAlertActions(app, { service, localeOf: async () => 'fr' });
  });

  const click = async (actionId: string) => {
    let acked = false;
    await app.processEvent({
      body: {
        type: 'block_actions',
        api_app_id: 'A1',
        token: 'verification',
        trigger_id: '1.2.3',
        team: { id: 'T1', domain: 'acme' },
        user: { id: 'U9', name: 'lea', team_id: 'T1' },
        channel: { id: 'CGROWTH', name: 'growth' },
        container: { type: 'message', message_ts: '1.000001', channel_id: 'CGROWTH', is_ephemeral: false },
        message: { type: 'message', ts: '1.000001', text: 'alert' },
        response_url: `${env.slack.url}/respond`,
        actions: [
          {
            type: 'button',
            action_id: actionId,
            block_id: 'kpi_alert_actions',
            value: JSON.stringify({ r: 'cpl-spring', s: 'campaign=Spring Sale' }),
            text: { type: 'plain_text', text: 'x' },
            action_ts: '2.000001',
          },
        ],
      },
      ack: async () => {
        acked = true;
      },
    });
    return acked;
  };

  it('snooze 24 h / 7 d and mute persist on the rule and scope, and say so in the thread', async () => {
    const store = createAlertStore(env.db);
    expect(await click(ALERT_ACTIONS.snooze24h)).toBe(true);
    expect((await store.state('cpl-spring', 'campaign=Spring Sale')).snoozedUntil).toBe(
      clock.now().getTime() + 24 * 3600_000,
    );
    await click(ALERT_ACTIONS.snooze7d);
    expect((await store.state('cpl-spring', 'campaign=Spring Sale')).snoozedUntil).toBe(
      clock.now().getTime() + 7 * 24 * 3600_000,
    );
    await click(ALERT_ACTIONS.mute);
    expect((await store.state('cpl-spring', 'campaign=Spring Sale')).muted).toBe(true);
    const notes = env.slack.callsOf('chat.postMessage').map((c) => c.args);
    expect(notes).toHaveLength(3);
    expect(notes.every((n) => n.channel === 'CGROWTH' && n.thread_ts === '1.000001')).toBe(true);
    expect(String(notes[0]?.text)).toContain('<@U9> a reporté cette alerte');
    expect(String(notes[2]?.text)).toContain('<@U9> a coupé cette alerte');
  });
});
