import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/slack-harness.ts';

/**
 * The downloads issue 9 taught the bot to read, dropped in a DM as a user would: the exact bytes
 * of the ingest tests' fixtures (UTF-16 included), the real app over HTTP with its store and
 * engine, a loopback Slack. Expected numbers are the hand-computed ones of test/fixtures/README.md.
 */
const FIXTURES = join(import.meta.dirname, '../fixtures');

describe('issue-9 shapes uploaded in Slack', () => {
  let h: Harness;
  let seq = 0;
  beforeAll(async () => {
    h = await startHarness({
      settings: { editors: { users: ['U_ED'] } },
      rates: { USD: 0.9, AUD: 0.6, INR: 0.01 },
    });
  });
  afterAll(() => h.close());

  async function upload(fixture: string): Promise<string> {
    seq++;
    const name = fixture.split('/')[1] ?? fixture;
    const file = h.slack.hostFile({ name, content: readFileSync(join(FIXTURES, fixture)) });
    const before = h.slack.callsTo('chat.postMessage').length;
    const ts = `17000031${String(seq).padStart(2, '0')}.000100`;
    await h.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'DED',
        channel_type: 'im',
        user: 'U_ED',
        text: '',
        ts,
        event_ts: ts,
        files: [{ id: file.id, name: file.name, filetype: 'csv', url_private: file.url_private }],
      },
      `EvShape${seq}`,
    );
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length > before, 30_000);
    return JSON.stringify(h.slack.callsTo('chat.postMessage')[before]?.params ?? {});
  }

  async function ask(text: string, id: string): Promise<string> {
    await h.command(text, { user: 'U_ED', responseId: id });
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`), 30_000);
    return JSON.stringify(h.slack.responses.find((r) => r.path === `/response/${id}`)?.body ?? {});
  }

  it('Meta with Reporting starts / ends, in AUD', async () => {
    const reply = await upload('meta-ads/meta-reporting-aud.csv');
    expect(reply).toContain('Meta Ads Manager export');
    expect(reply).toContain('3 rows accepted, 0 rejected');
  });

  it('LinkedIn pt-BR, UTF-16, with Leads and Moeda (USD)', async () => {
    const reply = await upload('linkedin-campaigns/linkedin-pt-br-leads.csv');
    expect(reply).toContain('LinkedIn Campaign Manager export');
    expect(reply).toContain('5 rows accepted, 0 rejected');
  });

  it('HubSpot contacts with the current labels', async () => {
    const reply = await upload('hubspot-contacts/contacts-current.csv');
    expect(reply).toContain('HubSpot contacts export');
    expect(reply).toContain('5 rows accepted, 0 rejected');
  });

  it('a Google Ads grid with a "Currency code" column in INR says the days its rows span', async () => {
    const reply = await upload('google-ads-campaigns/campaign-grid-en-us.csv');
    expect(reply).toContain('2 rows accepted, 0 rejected');
    expect(reply).toContain('each row covers 2025-07-08 → 2025-07-31 (the file’s date range)');
  });

  it('a grid in a currency with no rate is refused, naming the currency and the config key', async () => {
    // campaign-grid-fr.csv is in GBP; this workspace has rates for USD, AUD and INR only.
    const reply = await upload('google-ads-campaigns/campaign-grid-fr.csv');
    expect(reply).toContain('GBP');
    expect(reply).toContain('rates: {GBP: …}');
  });

  it('then /kpi answers from them with the right numbers', async () => {
    // February: Meta 800 AUD × 0.6 = 480.00 over Feb 1 – 28 and LinkedIn 1 060.80 USD × 0.9 =
    // 954.72 on Feb 1: 1 434.72 €; platform leads 40 + 8 = 48; HubSpot: 5 leads, 1 customer, 1 500.
    const feb = await ask('spend,platform_leads,leads,revenue period=2026-02', 'feb');
    expect(feb).toContain('Spend €1,435');
    expect(feb).toContain('Platf. leads 48');
    expect(feb).toContain('Leads 5');
    expect(feb).toContain('Revenue €1,500');
    // To the cent where the amounts are small: Feb 14 gets 1/28 of Meta's 480.00 → 17.14.
    const day = await ask('spend from=2026-02-14 to=2026-02-14', 'day');
    expect(day).toContain('Spend €17.14');
    // The INR grid: 3 360 × 0.01 = 33.60 over Jul 8 – 31, 2025.
    const jul = await ask('spend period=2025-07', 'jul');
    expect(jul).toContain('Spend €33.60');
  });
});
