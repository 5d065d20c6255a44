import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.ts';
import { createBulkClient } from '../../src/slack/clients.ts';
import { createPoster } from '../../src/slack/post-queue.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';

const message = {
  text: 'Weekly digest',
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hi' } }],
};

describe('post queue (bulk posting)', () => {
  let slack: SlackApiServer;
  beforeEach(async () => {
    slack = await new SlackApiServer().start();
  });
  afterEach(() => slack.stop());

  it('retries a 429 (honouring Retry-After) then a 500, and posts exactly once', async () => {
    const waits: number[] = [];
    const poster = createPoster(createBulkClient({ token: 'xoxb-test', slackApiUrl: slack.apiUrl }), {
      clock: systemClock,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    slack.script('chat.postMessage', [{ status: 429, retryAfter: 7 }, { status: 500 }]);
    const posted = await poster.post('C0001', message);
    expect(posted.ts).toMatch(/^\d+\.\d+$/);
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 500, 200]);
    expect(slack.okCallsTo('chat.postMessage')).toHaveLength(1);
    expect(waits).toContain(7000);
  });

  it('gives up on a platform error without retrying', async () => {
    const poster = createPoster(createBulkClient({ token: 'xoxb-test', slackApiUrl: slack.apiUrl }), {
      clock: systemClock,
      sleep: async () => undefined,
    });
    slack.script('chat.postMessage', [{ status: 200, body: { ok: false, error: 'channel_not_found' } }]);
    await expect(poster.post('C404', message)).rejects.toMatchObject({ code: 'slack_failed' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('keeps about one message a second per channel, in order', async () => {
    const waits: number[] = [];
    const poster = createPoster(createBulkClient({ token: 'xoxb-test', slackApiUrl: slack.apiUrl }), {
      clock: systemClock,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await Promise.all([
      poster.post('C1', message),
      poster.reply('C1', '1.2', message),
      poster.post('C2', message),
    ]);
    // The second message to C1 waited for its slot; C2 did not wait behind C1.
    expect(waits.length).toBe(1);
    expect(waits[0]).toBeGreaterThan(500);
    const c1 = slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C1');
    expect(c1.map((c) => c.params.thread_ts ?? null)).toEqual([null, '1.2']);
  });

  it('uploads a file with files.uploadV2 (get URL, upload, complete) and updates a message', async () => {
    const poster = createPoster(createBulkClient({ token: 'xoxb-test', slackApiUrl: slack.apiUrl }), {
      clock: systemClock,
      sleep: async () => undefined,
    });
    await poster.uploadFile('C1', '123.456', {
      filename: 'chart.png',
      content: Buffer.from('png-bytes'),
      title: 'Chart',
    });
    await poster.update('C1', '123.456', message);
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect([...slack.uploads.values()].join('')).toContain('png-bytes');
    const complete = slack.callsTo('files.completeUploadExternal')[0];
    expect(complete?.params.channel_id).toBe('C1');
    expect(complete?.params.thread_ts).toBe('123.456');
    expect(slack.callsTo('chat.update')).toHaveLength(1);
  });
});
