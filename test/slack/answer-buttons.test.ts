import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageSchema } from '../../src/shared/slack-message.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The buttons under an answer, over signed requests to the real app and a loopback Slack: the
 * answer offers a chart for a long breakdown, and the chart button leads to a PNG upload in the
 * asker's DM (files.uploadV2: getUploadURLExternal, the bytes, completeUploadExternal).
 */
describe('answer buttons', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      campaigns: Array.from({ length: 12 }, (_, i) => `Campaign ${i}`),
      settings: { access: { users: ['U_BOSS'], channels: [] } },
    });
  });
  afterAll(() => h.close());

  const click = (actionId: string, value: string, user: string, id: string) =>
    h.interaction({
      type: 'block_actions',
      user: { id: user, name: user, team_id: 'T0001' },
      team: { id: 'T0001', domain: 'acme' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: `111.222.${id}`,
      container: { type: 'message', message_ts: '1.2', channel_id: 'C0001', is_ephemeral: true },
      channel: { id: 'C0001', name: 'growth' },
      response_url: h.slack.responseUrl(id),
      actions: [
        { type: 'button', action_id: actionId, block_id: 'kpi_actions', value, action_ts: `1.${id}` },
      ],
    });
  const reply = async (id: string) => {
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
    return h.slack.responses.find((r) => r.path === `/response/${id}`)?.body ?? {};
  };

  it('offers the chart under a breakdown of more than a few rows, and not under a total', async () => {
    expect((await h.command('cpl cac by=campaign period=2026-10', { responseId: 'q1' })).status).toBe(200);
    const long = await reply('q1');
    MessageSchema.parse(long);
    expect(JSON.stringify(long)).toContain('"action_id":"kpi_chart"');
    expect((await h.command('cpl cac period=2026-10', { responseId: 'q2' })).status).toBe(200);
    expect(JSON.stringify(await reply('q2'))).not.toContain('kpi_chart');
  });

  it('uploads the chart as a PNG to the asker’s DM when the button is clicked', async () => {
    const before = h.slack.callsTo('files.completeUploadExternal').length;
    expect((await click('kpi_chart', 'cpl cac by=campaign period=2026-10', 'U0001', 'c1')).status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('files.completeUploadExternal').length > before, 20_000);
    const complete = h.slack.callsTo('files.completeUploadExternal').at(-1);
    expect(complete?.params.channel_id).toBe('DU0001');
    const files = complete?.params.files as { id: string }[];
    const png = h.slack.uploadBytes.get(files[0]?.id ?? '');
    expect(png?.subarray(0, 8)).toEqual(PNG);
    // A real picture: width and height from the PNG header, far from empty.
    expect(png?.readUInt32BE(16)).toBeGreaterThan(400);
    expect(png?.readUInt32BE(20)).toBeGreaterThan(200);
    expect(png?.length ?? 0).toBeGreaterThan(10_000);
    expect(h.slack.callsTo('files.getUploadURLExternal').at(-1)?.params.filename).toBe('kpi-chart.png');
    expect(JSON.stringify(await reply('c1'))).toContain('The chart is on its way');
  });

  it('refuses a revenue chart to someone outside the allow-list, uploading nothing', async () => {
    const before = h.slack.callsTo('files.getUploadURLExternal').length;
    expect((await click('kpi_chart', 'roi by=campaign period=2026-10', 'U_OTHER', 'c2')).status).toBe(200);
    expect(JSON.stringify(await reply('c2'))).toContain('restricted');
    expect(h.slack.callsTo('files.getUploadURLExternal').length).toBe(before);
  });

  it('says so rather than uploading an empty chart', async () => {
    expect((await click('kpi_chart', 'cpl by=campaign period=2020-01', 'U0001', 'c3')).status).toBe(200);
    expect(JSON.stringify(await reply('c3'))).toContain('nothing to chart');
  });
});
