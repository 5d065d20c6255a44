import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_ACTIONS } from '../../src/alerts/blocks.ts';
import { createDigestAlerts } from '../../src/compose/digest-alerts.ts';
import { loadConfig } from '../../src/config/file.ts';
import { storeSource } from '../../src/data/load.ts';
import { SnapshotCache } from '../../src/kpi/cache.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { BOT_TOKEN, type Harness, startHarness } from '../support/slack-harness.ts';

const MB = 1024 * 1024;
const count = async (db: Db, sql: string): Promise<number> =>
  Number(Object.values((await db.query(sql))[0] ?? {})[0] ?? 0);
const leads = (db: Db) => count(db, 'SELECT COUNT(*) AS n FROM leads');

/** 40 HubSpot contacts (the sample export's header and first rows). */
const contacts = async (rows = 40) =>
  (await readFile('samples/hubspot-contacts.csv', 'utf8'))
    .split('\n')
    .slice(0, rows + 1)
    .join('\n');

let events = 0;
/** Delivers a signed `message` event of a file shared in a DM, as Slack sends it. */
async function shareInDm(
  h: Harness,
  user: string,
  file: { id: string; name: string; url_private: string; size?: number },
): Promise<string> {
  const channel = `D${user}`;
  const before = h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel).length;
  const response = await h.event(
    {
      type: 'message',
      subtype: 'file_share',
      channel,
      channel_type: 'im',
      user,
      text: '',
      ts: `1700000${++events}.000100`,
      event_ts: `1700000${events}.000100`,
      files: [{ filetype: 'csv', ...file }],
    },
    `EvEditors${events}`,
  );
  expect(response.status).toBe(200);
  const replies = () => h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
  await h.slack.waitFor(() => replies().length > before);
  return JSON.stringify(replies()[before]?.params);
}

describe('editors when none are configured: the workspace owners and admins', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.slack.admins.add('U_ADMIN');
  });
  afterAll(() => h.close());

  it('refuses a DM upload from someone else: nothing downloaded, no row changed, the attempt logged', async () => {
    const before = await leads(h.db);
    const logs = h.logs.length;
    const file = h.slack.hostFile({ name: 'contacts.csv', content: await contacts() });
    const reply = await shareInDm(h, 'U_NOPE', file);
    expect(reply).toContain('Only editors can import files');
    expect(reply).toContain('workspace owner or admin');
    expect(h.slack.downloads).not.toContain(file.id);
    expect(await leads(h.db)).toBe(before);
    const refusal = h.logs.slice(logs).find((l) => l.includes('change refused'));
    expect(refusal).toContain('"user":"U_NOPE"');
    expect(refusal).toContain('"action":"import"');
  });

  it("imports an admin's DM upload (users.info is_admin)", async () => {
    const before = await leads(h.db);
    const file = h.slack.hostFile({ name: 'contacts.csv', content: await contacts() });
    const reply = await shareInDm(h, 'U_ADMIN', file);
    expect(reply).toMatch(/contacts\.csv.*imported/);
    expect(h.slack.downloads).toContain(file.id);
    expect(await leads(h.db)).toBe(before + 40);
  });

  it('refuses a 250 MB upload before downloading it', async () => {
    const before = await leads(h.db);
    const file = h.slack.hostFile({ name: 'huge.csv', content: await contacts(), size: 250 * MB });
    const reply = await shareInDm(h, 'U_ADMIN', { ...file, size: 250 * MB });
    expect(reply).toContain('huge.csv is 250 MB: the limit is 200 MB');
    expect(h.slack.downloads).not.toContain(file.id);
    expect(await leads(h.db)).toBe(before);
  });

  it('sends the token to no other host: refused with a logged warning, no request made', async () => {
    const seen: string[] = [];
    const other: Server = createServer((req, res) => {
      seen.push(String(req.headers.authorization ?? ''));
      res.end(String(req.url));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as AddressInfo).port;
      const logs = h.logs.length;
      const reply = await shareInDm(h, 'U_ADMIN', {
        id: 'FEVIL1',
        name: 'leads.csv',
        url_private: `http://127.0.0.1:${port}/files/FEVIL1`,
      });
      expect(reply).toContain('not on Slack’s file host');
      expect(reply).toContain(`127.0.0.1:${port}`);
      expect(seen).toEqual([]);
      expect(h.logs.slice(logs).some((l) => l.includes('not a Slack file host'))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});

describe('configured editors (access.editors)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      settings: { editors: { users: ['U_ED'], usergroups: ['S_OPS'] }, maxFileBytes: 4000 },
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
    h.slack.usergroups.set('S_OPS', ['U_OPS']);
    // An admin is not an editor once editors are configured.
    h.slack.admins.add('U_ADMIN');
  });
  afterAll(() => h.close());

  let n = 0;
  const ask = async (text: string, user: string, channel = 'C0001'): Promise<string> => {
    const id = `e${++n}`;
    expect((await h.command(text, { user, channel, responseId: id })).status).toBe(200);
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    return JSON.stringify(h.slack.responses.find((r) => r.path === `/response/${id}`)?.body ?? {});
  };
  const rules = () => count(h.db, 'SELECT COUNT(*) AS n FROM alert_rules WHERE active = 1');
  const subscriptions = () => count(h.db, 'SELECT COUNT(*) AS n FROM digest_subscriptions WHERE active = 1');

  it('refuses changes to anyone else, naming the editors, and logs each attempt', async () => {
    const logs = h.logs.length;
    for (const text of ['refresh', 'alerts add cpl > 60', 'digest subscribe', 'import contacts.csv']) {
      const reply = await ask(text, 'U_ADMIN');
      expect(reply).toContain('Only editors can');
      expect(reply).toContain('<@U_ED>');
      expect(reply).toContain('<!subteam^S_OPS>');
    }
    expect(await rules()).toBe(0);
    expect(await subscriptions()).toBe(0);
    const refusals = h.logs.slice(logs).filter((l) => l.includes('change refused'));
    expect(refusals.map((l) => (JSON.parse(l) as { action: string }).action)).toEqual([
      'refresh',
      'alerts_add',
      'subscribe',
      'import',
    ]);
  });

  it('answers in French from the one catalogue', async () => {
    h.slack.locales.set('U_FR', 'fr-FR');
    expect(await ask('refresh', 'U_FR')).toContain('Seuls les éditeurs peuvent actualiser les sources');
  });

  it('lets an editor (by name or through a user group) change rules and subscribe channels', async () => {
    expect(await ask('alerts add cpl > 60', 'U_ED')).toContain('#1');
    expect(await ask('digest subscribe', 'U_OPS')).not.toContain('Only editors');
    expect(await rules()).toBe(1);
    expect(await subscriptions()).toBe(1);
    expect(await ask('alerts mute 1', 'U_ADMIN')).toContain('Only editors can mute or unmute alerts');
    expect(await ask('alerts remove 1', 'U_OPS')).not.toContain('Only editors');
    expect(await rules()).toBe(0);
  });

  it("refuses a non-editor's click on an alert's Mute button, muting nothing", async () => {
    expect(await ask('alerts add cpl > 60', 'U_ED')).toContain('#');
    const [rule] = await h.db.query<{ id: string }>('SELECT id FROM alert_rules WHERE active = 1');
    const click = async (user: string, id: string) => {
      const response = await h.interaction({
        type: 'block_actions',
        api_app_id: 'A0001',
        token: 'legacy',
        trigger_id: `1.2.${id}`,
        team: { id: 'T0001', domain: 'acme' },
        user: { id: user, name: user, team_id: 'T0001' },
        channel: { id: 'C0001', name: 'growth' },
        container: { type: 'message', message_ts: '1.000001', channel_id: 'C0001', is_ephemeral: false },
        message: { type: 'message', ts: '1.000001', text: 'alert' },
        response_url: h.slack.responseUrl(id),
        actions: [
          {
            type: 'button',
            action_id: ALERT_ACTIONS.mute,
            block_id: 'kpi_alert_actions',
            value: JSON.stringify({ r: rule?.id, s: '' }),
            text: { type: 'plain_text', text: 'Mute' },
            action_ts: `2.${id}`,
          },
        ],
      });
      expect(response.status).toBe(200);
    };
    const muted = () => count(h.db, 'SELECT COUNT(*) AS n FROM alert_state WHERE muted = 1');
    await click('U_ADMIN', 'mute1');
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === '/response/mute1'));
    expect(JSON.stringify(h.slack.responses.find((r) => r.path === '/response/mute1')?.body)).toContain(
      'Only editors can mute or unmute alerts',
    );
    expect(await muted()).toBe(0);
    await click('U_ED', 'mute2');
    await h.slack.waitFor(() =>
      h.slack.callsTo('chat.postMessage').some((c) => c.params.thread_ts === '1.000001'),
    );
    expect(await muted()).toBe(1);
  });

  it('records rule, subscription and mute changes in the trail, with who and what', async () => {
    const history = await ask('history 20', 'U_NOPE');
    expect(history).toContain(
      '<@U_ED>: `alerts add cpl &gt; 60` → Alert #1 added: Cost per lead > 60.00 → <#C0001>',
    );
    expect(history).toContain('<@U_OPS>: `digest subscribe` → The weekly digest will be posted to <#C0001>');
    expect(history).toContain('<@U_OPS>: `alerts remove 1` → Alert #1 removed.');
    expect(history).toMatch(/<@U_ED>: `mute rule:[\w-]+` → muted/);
    // Refused attempts change nothing and are not in the trail.
    expect(history).not.toContain('<@U_ADMIN>');
  });

  it('keeps subscribing yourself by DM open to everyone', async () => {
    expect(await ask('digest subscribe', 'U_NOPE', 'DU_NOPE')).not.toContain('Only editors');
    expect(
      await count(h.db, "SELECT COUNT(*) AS n FROM digest_subscriptions WHERE target_id = 'U_NOPE'"),
    ).toBe(1);
  });

  it('stops a download at the size limit while streaming when Slack did not announce the size', async () => {
    const before = await leads(h.db);
    const content = await contacts();
    expect(Buffer.byteLength(content)).toBeGreaterThan(4000);
    const file = h.slack.hostFile({ name: 'contacts.csv', content });
    const reply = await shareInDm(h, 'U_ED', { id: file.id, name: file.name, url_private: file.url_private });
    expect(reply).toContain('the limit is 0.00381 MB');
    expect(h.slack.downloads).toContain(file.id);
    expect(await leads(h.db)).toBe(before);
  });
});
