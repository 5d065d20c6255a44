import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageSchema, ViewSchema } from '../../src/shared/slack-message.ts';
import { BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness } from '../support/slack-harness.ts';
import { resend } from '../support/slack-signing.ts';
import { quietly, settles } from '../support/wait.ts';

const blockTexts = (value: unknown): string => JSON.stringify(value);

describe('the Slack app over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    // U0001 (the default asker) is an editor: it may refresh and import.
    h = await startHarness({ settings: { access: { users: ['U_BOSS'] }, editors: { users: ['U0001'] } } });
  });
  afterAll(() => h.close());

  it('answers a signed /kpi cpl by=campaign with an ephemeral Block Kit reply through the response_url', async () => {
    const res = await h.command('cpl by=campaign period=2026-10', { responseId: 'cpl' });
    expect(res.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === '/response/cpl'));
    const reply = h.slack.responses.find((r) => r.path === '/response/cpl')?.body ?? {};
    expect(reply.response_type).toBe('ephemeral');
    const message = MessageSchema.parse(reply);
    const text = blockTexts(message.blocks);
    expect(text).toContain('Spring Sale');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('€');
  });

  it('refuses a bad signature, a stale timestamp and a replay with 401, and does nothing', async () => {
    const before = h.slack.responses.length;
    const bad = await h.command('leads', {}, { signature: 'v0=deadbeef' });
    expect(bad.status).toBe(401);
    const stale = await h.command('leads', {}, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const first = await h.command('leads period=2026-10', { responseId: 'replay' });
    expect(first.status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === '/response/replay'));
    const replayed = await resend(`${h.url}/slack/events`, first.requestBody, first.sent);
    expect(replayed.status).toBe(401);
    await quietly(
      () => h.slack.responses.filter((r) => r.path === '/response/replay').length === 1,
      'the answers to the replayed command',
    );
    expect(h.slack.responses.filter((r) => r.path === '/response/replay')).toHaveLength(1);
    expect(h.slack.responses.length).toBe(before + 1);
  });

  it.each([
    ['help', /cpl/],
    ['help cpl', /spend|dépenses/i],
    ['sources', /test/],
    ['plan customers=10 period=2026-10', /Leads/],
    ['refresh', /0/],
    ['import', /direct message/],
    ['digest', /not available yet/],
    ['alerts', /not available yet/],
  ])('answers the sub-command "%s"', async (text, expected) => {
    const id = `sub-${text.replace(/\W+/g, '-')}`;
    await h.command(text, { responseId: id });
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    const reply = h.slack.responses.find((r) => r.path === `/response/${id}`)?.body;
    MessageSchema.parse(reply);
    expect(blockTexts(reply)).toMatch(expected);
  });

  it('serves /health', async () => {
    const res = await fetch(`${h.url}/health`);
    expect(res.status).toBe(200);
  });

  it('replies with did-you-mean to an unknown metric', async () => {
    await h.command('cpx', { responseId: 'typo' });
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === '/response/typo'));
    const reply = h.slack.responses.find((r) => r.path === '/response/typo')?.body;
    MessageSchema.parse(reply);
    expect(blockTexts(reply)).toMatch(/cpl/);
  });

  it('answers in French for a French Slack user', async () => {
    h.slack.locales.set('U_FR', 'fr-FR');
    await h.command('leads period=2026-10', { user: 'U_FR', responseId: 'fr' });
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === '/response/fr'));
    expect(blockTexts(h.slack.responses.find((r) => r.path === '/response/fr')?.body)).toContain('Période');
  });

  it('refuses revenue metrics outside the allow-list, politely, with a log line', async () => {
    await h.command('revenue period=2026-10', { user: 'U_OTHER', responseId: 'denied' });
    await h.command('revenue period=2026-10', { user: 'U_BOSS', responseId: 'allowed' });
    await h.slack.waitFor(() => h.slack.responses.filter((r) => /denied|allowed/.test(r.path)).length === 2);
    expect(blockTexts(h.slack.responses.find((r) => r.path === '/response/denied')?.body)).toContain(
      'restricted',
    );
    expect(blockTexts(h.slack.responses.find((r) => r.path === '/response/allowed')?.body)).not.toContain(
      'restricted',
    );
    expect(h.logs.some((l) => l.includes('access refused'))).toBe(true);
  });

  it('shares an answer in the channel, attributed, once even when Slack retries the interaction', async () => {
    const payload = {
      type: 'block_actions',
      user: { id: 'U0001', name: 'marie', team_id: 'T0001' },
      team: { id: 'T0001', domain: 'acme' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: '111.222.share',
      container: { type: 'message', message_ts: '1.2', channel_id: 'C0001', is_ephemeral: true },
      channel: { id: 'C0001', name: 'growth' },
      response_url: h.slack.responseUrl('share'),
      actions: [
        {
          type: 'button',
          action_id: 'kpi_share',
          block_id: 'kpi_actions',
          value: 'cpl by=campaign period=2026-10',
          action_ts: '1700000000.1',
        },
      ],
    };
    expect((await h.interaction(payload)).status).toBe(200);
    // Slack's retry is signed afresh (new timestamp), so only the delivery key can tell it apart.
    const retry = await h.interaction(payload, { retryNum: 1, timestamp: Math.floor(Date.now() / 1000) + 1 });
    expect(retry.status).toBe(200);
    await settles(
      () => h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0001').length === 1,
      'one shared post in C0001',
    );
    const posts = h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0001');
    expect(posts).toHaveLength(1);
    const shared = MessageSchema.parse(posts[0]?.params);
    expect(blockTexts(shared.blocks)).toContain('Shared by <@U0001>');
    expect(blockTexts(shared.blocks)).not.toContain('kpi_share');
    expect(posts[0]?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('publishes the App Home once even when the event is retried', async () => {
    const event = {
      type: 'app_home_opened',
      user: 'U0001',
      channel: 'D0001',
      tab: 'home',
      event_ts: '1700000000.2',
    };
    expect((await h.event(event, 'EvHome1')).status).toBe(200);
    const retry = await h.event(event, 'EvHome1', {
      retryNum: 1,
      timestamp: Math.floor(Date.now() / 1000) + 1,
    });
    expect(retry.status).toBe(200);
    await settles(() => h.slack.callsTo('views.publish').length === 1, 'one App Home publish');
    const publishes = h.slack.callsTo('views.publish');
    expect(publishes).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('duplicate slack delivery dropped') && l.includes('EvHome1'))).toBe(
      true,
    );
    ViewSchema.parse(publishes[0]?.params.view);
    expect(blockTexts(publishes[0]?.params.view)).toContain('This week vs last week');
  });

  it('opens the question builder for /kpi alone, offers values by type-ahead and answers the submission', async () => {
    await h.command('', { responseId: 'modal' });
    await h.slack.waitFor(() => h.slack.callsTo('views.open').length > 0);
    ViewSchema.parse(h.slack.callsTo('views.open')[0]?.params.view);
    const options = await h.interaction({
      type: 'block_suggestion',
      user: { id: 'U0001' },
      team: { id: 'T0001' },
      api_app_id: 'A0001',
      action_id: 'filter:campaign',
      block_id: 'filter_campaign',
      value: 'spr',
      view: { id: 'V1', type: 'modal' },
    });
    expect(JSON.parse(options.body)).toEqual({
      options: [{ text: { type: 'plain_text', text: 'Spring Sale' }, value: 'Spring Sale' }],
    });
    const submission = {
      type: 'view_submission',
      user: { id: 'U0001' },
      team: { id: 'T0001' },
      api_app_id: 'A0001',
      trigger_id: '333.444.modal',
      view: {
        id: 'V1',
        hash: 'h1',
        callback_id: 'kpi_modal',
        private_metadata: 'C0001',
        type: 'modal',
        state: {
          values: {
            metric: { value: { type: 'static_select', selected_option: { value: 'cpl' } } },
            by: { value: { type: 'static_select', selected_option: { value: 'campaign' } } },
            period: { value: { type: 'static_select', selected_option: { value: '2026-10' } } },
            filter_campaign: {
              'filter:campaign': {
                type: 'multi_external_select',
                selected_options: [{ value: 'Spring Sale' }],
              },
            },
            compare: { value: { type: 'checkboxes', selected_options: [] } },
          },
        },
      },
    };
    expect((await h.interaction(submission)).status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('chat.postEphemeral').length > 0);
    const answer = h.slack.callsTo('chat.postEphemeral')[0]?.params;
    expect(answer?.user).toBe('U0001');
    expect(blockTexts(answer?.blocks)).toContain('Spring Sale');
  });

  it('imports a CSV dropped in a DM (downloaded with the bot token) and replies the ingest report', async () => {
    const { readFile } = await import('node:fs/promises');
    const csv = (await readFile('samples/hubspot-contacts.csv', 'utf8')).split('\n').slice(0, 40).join('\n');
    const file = h.slack.hostFile({ name: 'contacts.csv', content: csv });
    const message = {
      type: 'message',
      subtype: 'file_share',
      channel: 'D0001',
      channel_type: 'im',
      user: 'U0001',
      text: '',
      ts: '1700000001.000100',
      event_ts: '1700000001.000100',
      files: [{ id: file.id, name: file.name, filetype: 'csv', url_private: file.url_private }],
    };
    await h.event(message, 'EvFile1');
    await h.event(
      {
        type: 'file_shared',
        file_id: file.id,
        user_id: 'U0001',
        channel_id: 'D0001',
        event_ts: '1700000001.2',
      },
      'EvFile2',
    );
    await settles(
      () => h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'D0001').length === 1,
      'one import reply in D0001',
    );
    const replies = h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'D0001');
    expect(replies).toHaveLength(1);
    expect(blockTexts(replies[0]?.params)).toMatch(/contacts\.csv.*imported/);
  });

  it('never writes the tokens or the signing secret to the logs', () => {
    expect(h.logs.length).toBeGreaterThan(0);
    for (const line of h.logs) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).not.toContain(SIGNING_SECRET);
      expect(line).not.toMatch(/xox[abposr]-|xapp-/);
    }
  });
});
