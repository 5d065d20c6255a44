import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../support/slack-harness.ts';

type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Slack retries a request it has no answer to within 3 s; the margin asked of the ack. */
const SLACK_DEADLINE_MS = 3000;

/**
 * A HubSpot contacts export of `copies` times the sample's rows (new record ids and e-mails
 * each time): tens of megabytes, several seconds of ingest even in a worker.
 */
async function largeExport(copies: number): Promise<string> {
  const [header, ...rows] = (await readFile('samples/hubspot-contacts.csv', 'utf8')).trimEnd().split('\n');
  const out: string[] = [header ?? ''];
  for (let c = 0; c < copies; c++) {
    for (const row of rows)
      out.push(row.replace(/^"(\d+)"/, (_m, id: string) => `"${c}${id}"`).replace('@', `+${c}@`));
  }
  return `${out.join('\n')}\n`;
}

describe('acknowledging Slack while a large file is ingested', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ settings: { editors: { users: ['U0001'] } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers signed slash commands well inside Slack’s 3 s while a dropped export of ~150 000 contacts is imported', async () => {
    const csv = await largeExport(8);
    expect(csv.length).toBeGreaterThan(30_000_000);
    const file = h.slack.hostFile({ name: 'big-contacts.csv', content: csv });
    await h.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'D0001',
        channel_type: 'im',
        user: 'U0001',
        text: '',
        ts: '1700000101.000100',
        event_ts: '1700000101.000100',
        files: [{ id: file.id, name: file.name, filetype: 'csv', url_private: file.url_private }],
      },
      'EvBigFile',
    );
    const imported = () => h.slack.callsTo('chat.postMessage').some((c) => c.params.channel === 'D0001');
    const latencies: number[] = [];
    const until = Date.now() + 240_000;
    while (!imported() && Date.now() < until) {
      const started = performance.now();
      const response = await h.command('leads period=2026');
      latencies.push(performance.now() - started);
      expect(response.status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(imported()).toBe(true);
    // The commands really ran while the import did: several of them, each acknowledged in time.
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...latencies)).toBeLessThan(SLACK_DEADLINE_MS / 2);
    const reply = h.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'D0001');
    expect(JSON.stringify(reply?.params)).toMatch(/big-contacts\.csv/);
  }, 300_000);
});
