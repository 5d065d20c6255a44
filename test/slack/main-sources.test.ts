import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../src/shared/node-flags.ts';
import { openStore } from '../../src/store/open.ts';
import { FakeHubSpotServer } from '../support/hubspot-server.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-harness.ts';
import { postSigned, slashCommandBody } from '../support/slack-signing.ts';
import { eventually } from '../support/wait.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('npm start with a HubSpot source on a schedule', () => {
  const hubspot = new FakeHubSpotServer();
  let slack: SlackApiServer;
  let child: ChildProcess;
  let dir: string;
  let port: number;
  const output: string[] = [];

  const leadIds = async (): Promise<string[]> => {
    const db = await openStore({ DATA_DIR: dir });
    try {
      const rows = await db.query<{ record_id: string }>(
        "SELECT record_id FROM leads WHERE origin = 'crm' ORDER BY record_id",
      );
      return rows.map((r) => String(r.record_id));
    } catch {
      return []; // the app has not migrated the store yet
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    await hubspot.start();
    slack = await new SlackApiServer().start();
    dir = await mkdtemp(join(tmpdir(), 'kpi-main-sources-'));
    hubspot.upsert('1', { createdate: new Date().toISOString(), hs_analytics_source: 'PAID_SEARCH' });
    hubspot.upsert('2', { createdate: new Date().toISOString(), hs_analytics_source: 'EMAIL_MARKETING' });
    // Every five seconds, so that the test sees a second scheduled read without waiting an hour.
    await writeFile(
      join(dir, 'kpi.yaml'),
      "workspace: { timeZone: Europe/Paris, currency: EUR }\nsources:\n  - { type: hubspot, name: crm, refresh: '*/5 * * * * *' }\n",
    );
    port = await freePort();
    child = spawn(process.execPath, [...NODE_FLAGS, 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        HUBSPOT_ACCESS_TOKEN: hubspot.token,
        HUBSPOT_API_URL: hubspot.url,
        PORT: String(port),
        DATA_DIR: dir,
        KPI_CONFIG: join(dir, 'kpi.yaml'),
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  }, 30_000);

  afterAll(async () => {
    child.kill('SIGKILL');
    await slack.stop();
    await hubspot.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('picks up new contacts at the next scheduled refresh, without any command', {
    timeout: 150_000,
  }, async () => {
    await eventually(async () => (await leadIds()).length === 2, 'the first scheduled pull', {
      timeoutMs: 100_000,
      intervalMs: 100,
    });
    hubspot.upsert('3', { createdate: new Date().toISOString(), lastmodifieddate: new Date().toISOString() });
    await eventually(async () => (await leadIds()).includes('3'), 'contact 3 from the next pull', {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    expect(await leadIds()).toEqual(['1', '2', '3']);
    // The pulls after the first are incremental searches.
    expect(hubspot.requests.some((r) => r.path === '/crm/v3/objects/contacts/search')).toBe(true);
  });

  it('shows the refresh in /kpi sources', { timeout: 60_000 }, async () => {
    const body = slashCommandBody({ text: 'sources', responseUrl: slack.responseUrl('sources') });
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await slack.waitFor(() => slack.responses.length > 0, 45_000);
    const text = JSON.stringify(slack.responses[0]?.body ?? {});
    expect(text).toContain('*crm*: 3 rows');
    expect(text).toMatch(/last refresh \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · next \d{4}-\d{2}-\d{2}/);
  });

  it('stops on SIGTERM and never logged the HubSpot token', { timeout: 60_000 }, async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const logs = output.join('');
    expect(logs).toContain('source refreshed');
    expect(logs).not.toContain(hubspot.token);
  });
});
