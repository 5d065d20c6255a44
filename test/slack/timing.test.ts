import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageSchema } from '../../src/shared/slack-message.ts';
import { BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness } from '../support/slack-harness.ts';
import { eventually, settles } from '../support/wait.ts';

describe('Slack deadlines', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    if (h) {
      for (const line of h.logs) {
        expect(line).not.toContain(BOT_TOKEN);
        expect(line).not.toContain(SIGNING_SECRET);
      }
      await h.close();
    }
    h = undefined;
  });

  it('acks a query that has not finished within 3 s and answers later through the response_url', async () => {
    // The query is held until the test has seen the ack: however slow the machine, the ack
    // cannot have waited for the answer, and no fixed sleep decides the outcome.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    h = await startHarness({
      wrap: (real) => ({
        ...real,
        run: async (q, locale) => {
          started = true;
          await held;
          return real.run(q, locale);
        },
      }),
    });
    const res = await h.command('cpl by=campaign period=2026-10', { responseId: 'slow' });
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeLessThan(3_000);
    // On a slow machine the snapshot may still be loading after 2 s: the app then sends its
    // "loading data" notice through the same response_url. That notice is not the answer.
    const answers = () =>
      (h?.slack.responses ?? []).filter(
        (r) => r.path === '/response/slow' && !JSON.stringify(r.body).includes('Loading data'),
      );
    await eventually(() => started, 'the query to start');
    expect(answers()).toHaveLength(0);
    release();
    await settles(() => answers().length === 1, 'one answer through the response_url');
    const reply = MessageSchema.parse(answers()[0]?.body);
    expect(JSON.stringify(reply.blocks)).toContain('Spring Sale');
  });

  it('never waits behind long Web API retries: a rate-limited users.info falls back at once', async () => {
    h = await startHarness();
    // The SDK's default policy would wait 120 s here, then retry for up to 30 minutes.
    h.slack.script('users.info', [{ status: 429, retryAfter: 120 }]);
    const started = Date.now();
    const res = await h.command('leads period=2026-10', { user: 'U_LIMITED', responseId: 'limited' });
    expect(res.status).toBe(200);
    await h.slack.waitFor(
      () => h?.slack.responses.some((r) => r.path === '/response/limited') ?? false,
      10_000,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(h.slack.callsTo('users.info')).toHaveLength(1);
  });

  it('uploads the full table as a CSV (files.uploadV2) to the user when asked', async () => {
    const campaigns = Array.from({ length: 40 }, (_, i) => `=cmd|' /C calc'!A${i}`);
    h = await startHarness({ campaigns });
    const res = await h.interaction({
      type: 'block_actions',
      user: { id: 'U0001', team_id: 'T0001' },
      team: { id: 'T0001' },
      api_app_id: 'A0001',
      trigger_id: '555.666.csv',
      channel: { id: 'C0001' },
      container: { type: 'message', is_ephemeral: true },
      response_url: h.slack.responseUrl('csv'),
      actions: [
        { type: 'button', action_id: 'kpi_csv', value: 'cpl by=campaign period=2026-10', action_ts: '1.1' },
      ],
    });
    expect(res.status).toBe(200);
    await h.slack.waitFor(() => (h?.slack.callsTo('files.completeUploadExternal').length ?? 0) > 0);
    const csv = [...h.slack.uploads.values()].join('');
    expect(csv).not.toMatch(/(^|\n|,)=cmd/);
    // Every row of the table is there (no "top 10" cut), each formula cell with its guard quote.
    // The upload arrives as multipart form data: the file is the part from its header row on.
    const file = csv.slice(csv.indexOf('campaign,'));
    const table = file.slice(0, file.indexOf('\r\n--') + 2);
    expect(table.endsWith('\r\n')).toBe(true);
    const rows = Papa.parse<string[]>(table.trimEnd(), { newline: '\r\n' }).data;
    expect(rows[0]?.[0]).toBe('campaign');
    const names = rows.slice(1, -1).map((row) => row[0]);
    expect(names).toHaveLength(campaigns.length);
    for (const name of campaigns) expect(names).toContain(`'${name}`);
    expect(names.filter((name) => name?.startsWith('='))).toEqual([]);
    expect(rows.at(-1)?.[0]).toBe('Total');
    expect(h.slack.callsTo('files.completeUploadExternal')[0]?.params.channel_id).toBe('DU0001');
  });
});
