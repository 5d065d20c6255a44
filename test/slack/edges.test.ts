import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/slack-harness.ts';
import { interactionBody, postSigned } from '../support/slack-signing.ts';
import { quietly } from '../support/wait.ts';

/** Security edges of the HTTP front door, over signed requests to the real app. */
describe('the Slack receiver at its edges', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses a request timestamped 10 minutes in the future with 401, and answers nothing', async () => {
    const before = h.slack.responses.length;
    const future = await h.command(
      'leads',
      { responseId: 'future' },
      {
        timestamp: Math.floor(Date.now() / 1000) + 10 * 60,
      },
    );
    expect(future.status).toBe(401);
    // A correctly signed request a minute ahead (clock skew) is still served.
    const skewed = await h.command(
      'leads period=2026-10',
      { responseId: 'skew' },
      {
        timestamp: Math.floor(Date.now() / 1000) + 60,
      },
    );
    expect(skewed.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === '/response/skew'));
    await quietly(() => h.slack.responses.length === before + 1, 'the answers after the skewed request');
    expect(h.slack.responses.length).toBe(before + 1);
    expect(h.slack.responses.some((r) => r.path === '/response/future')).toBe(false);
  });

  it('refuses an oversized body with 413', async () => {
    const body = `text=${'x'.repeat(2 * 1024 * 1024)}`;
    const res = await postSigned(`${h.url}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(413);
    // The app still serves afterwards.
    expect((await fetch(`${h.url}/health`)).status).toBe(200);
  });

  it('acknowledges an unknown action_id at once (200), without waiting for Bolt’s 3 s timeout', async () => {
    const res = await postSigned(
      `${h.url}/slack/events`,
      interactionBody({
        type: 'block_actions',
        user: { id: 'U0001', name: 'marie', team_id: 'T0001' },
        team: { id: 'T0001', domain: 'acme' },
        api_app_id: 'A0001',
        token: 'legacy',
        trigger_id: '999.888.unknown',
        container: { type: 'message', message_ts: '1.2', channel_id: 'C0001', is_ephemeral: false },
        channel: { id: 'C0001', name: 'growth' },
        response_url: h.slack.responseUrl('unknown'),
        actions: [{ type: 'button', action_id: 'some_old_button', block_id: 'b', action_ts: '1.1' }],
      }),
      { secret: SIGNING_SECRET },
    );
    // Before: Bolt's unhandled-request handler answered 404 after 3 s.
    expect(res.status).toBe(200);
    expect(h.logs.some((l) => l.includes('not acknowledged within 3 seconds'))).toBe(false);
  });

  it('drops a delivery another replica already took (the shared store), after acknowledging it', async () => {
    // The same trigger and action, as the shared store saw it from another replica.
    await h.db.execute('INSERT INTO slack_seen (key, expires_at) VALUES ($1, $2)', [
      'trigger:777.666.taken:1.1',
      Date.now() + 60_000,
    ]);
    const before = h.slack.responses.length;
    const res = await postSigned(
      `${h.url}/slack/events`,
      interactionBody({
        type: 'block_actions',
        user: { id: 'U0001', name: 'marie', team_id: 'T0001' },
        team: { id: 'T0001', domain: 'acme' },
        api_app_id: 'A0001',
        token: 'legacy',
        trigger_id: '777.666.taken',
        container: { type: 'message', message_ts: '1.2', channel_id: 'C0001', is_ephemeral: true },
        channel: { id: 'C0001', name: 'growth' },
        response_url: h.slack.responseUrl('taken'),
        actions: [
          { type: 'button', action_id: 'kpi_csv', block_id: 'kpi_actions', value: 'leads', action_ts: '1.1' },
        ],
      }),
      { secret: SIGNING_SECRET },
    );
    expect(res.status).toBe(200);
    await h.slack.waitFor(() => h.logs.some((l) => l.includes('seen by another replica')));
    await quietly(
      () => h.slack.responses.length === before,
      'the answers to a delivery another replica took',
    );
    expect(h.slack.responses.length).toBe(before);
  });
});
