import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/log.ts';
import { createBulkClient } from '../../src/slack/clients.ts';
import { createPacedClient } from '../../src/slack/paced-client.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';

/** Polls until `count()` stops changing for `quietMs`, and returns it. */
async function settled(count: () => number, quietMs = 500, deadlineMs = 20_000): Promise<number> {
  const deadline = Date.now() + deadlineMs;
  let last = count();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error('still changing at the deadline');
    await new Promise((r) => setTimeout(r, 50));
    if (count() !== last) {
      last = count();
      since = Date.now();
    }
  }
  return last;
}

describe('replies through response_url survive Slack’s answers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const delivered = (id: string) => h.slack.responses.filter((r) => r.path === `/response/${id}`);
  const attempts = (id: string) => h.slack.responseAttempts.filter((r) => r.path === `/response/${id}`);

  it('waits for Retry-After on a 429 and delivers the answer exactly once', async () => {
    h.slack.scriptResponse('r429', [{ status: 429, retryAfter: 1 }]);
    expect((await h.command('leads period=2026-10', { responseId: 'r429' })).status).toBe(200);
    await h.slack.waitFor(() => delivered('r429').length > 0, 15_000);
    expect(await settled(() => attempts('r429').length)).toBe(2);
    expect(delivered('r429')).toHaveLength(1);
    expect(JSON.stringify(delivered('r429')[0]?.body)).toContain('Leads');
    const [first, second] = attempts('r429');
    expect(first?.status).toBe(429);
    // Retry-After: 1 was honoured (not two POSTs within milliseconds).
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('backs off after 500s and delivers the answer exactly once', async () => {
    h.slack.scriptResponse('r500', [{ status: 500 }, { status: 503 }]);
    await h.command('leads period=2026-10', { responseId: 'r500' });
    await h.slack.waitFor(() => delivered('r500').length > 0, 15_000);
    expect(await settled(() => attempts('r500').length)).toBe(3);
    expect(attempts('r500').map((a) => a.status)).toEqual([500, 503, 200]);
    expect(delivered('r500')).toHaveLength(1);
    expect(JSON.stringify(delivered('r500')[0]?.body)).toContain('Leads');
  });

  it('gives up at once on an expired response_url (404), logging host and status, not the URL', async () => {
    h.slack.scriptResponse('r404', [{ status: 404 }]);
    await h.command('leads period=2026-10', { responseId: 'r404' });
    await h.slack.waitFor(() => h.logs.some((l) => l.includes('reply through response_url failed')));
    const line = h.logs.find((l) => l.includes('reply through response_url failed')) ?? '';
    expect(line).toContain(`"host":"${new URL(h.slack.url).host}"`);
    expect(line).toContain('"status":404');
    expect(line).not.toContain('/response/r404');
    // The failure reply is tried too (once more, within the 5 uses), and nothing loops.
    expect(await settled(() => attempts('r404').length)).toBeLessThanOrEqual(5);
  });
});

describe('the paced poster (digests and alerts)', () => {
  let slack: SlackApiServer;
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _e, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  });
  beforeEach(async () => {
    slack = await new SlackApiServer().start();
  });
  afterEach(() => slack.stop());

  const paced = (minIntervalMs = 300) =>
    createPacedClient(createBulkClient({ token: 'xoxb-test-token', slackApiUrl: slack.apiUrl }), {
      clock: systemClock,
      logger,
      minIntervalMs,
      baseBackoffMs: 50,
      host: new URL(slack.url).host,
    });

  it('keeps to one message per interval per channel, honours Retry-After, posts each once', async () => {
    slack.script('chat.postMessage', [{ status: 429, retryAfter: 1 }]);
    const client = paced();
    await Promise.all([
      client.chat.postMessage({ channel: 'C1', text: 'one' }),
      client.chat.postMessage({ channel: 'C1', text: 'two' }),
      client.chat.postMessage({ channel: 'C1', text: 'three' }),
      client.chat.postMessage({ channel: 'C2', text: 'other channel' }),
    ]);
    const c1 = slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C1');
    expect(c1.map((c) => [c.params.text, c.status])).toEqual([
      ['one', 429],
      ['one', 200],
      ['two', 200],
      ['three', 200],
    ]);
    expect((c1[1]?.at ?? 0) - (c1[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    for (let i = 2; i < c1.length; i++) {
      expect((c1[i]?.at ?? 0) - (c1[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(280);
    }
    expect(slack.okCallsTo('chat.postMessage')).toHaveLength(4);
  });

  it('retries an update after a 500, never a post (which may have gone out): that is post-once’s job', async () => {
    const client = paced(0);
    slack.script('chat.update', [{ status: 500 }]);
    await client.chat.update({ channel: 'C1', ts: '1.2', text: 'resolved' });
    expect(slack.callsTo('chat.update').map((c) => c.status)).toEqual([500, 200]);
    slack.script('chat.postMessage', [{ status: 500 }]);
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toThrow();
    expect(slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([500]);
  });

  it('logs a call that fails for good with the host and the status', async () => {
    logs.length = 0;
    slack.script('chat.postMessage', [{ status: 200, body: { ok: false, error: 'channel_not_found' } }]);
    await expect(paced(0).chat.postMessage({ channel: 'CGONE', text: 'x' })).rejects.toThrow();
    const line = logs.find((l) => l.includes('slack call failed for good')) ?? '';
    expect(line).toContain(`"host":"${new URL(slack.url).host}"`);
    expect(line).toContain('"status":"200 channel_not_found"');
    expect(line).not.toContain('xoxb-test-token');
  });
});
