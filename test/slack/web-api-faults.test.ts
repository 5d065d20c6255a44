import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { type AppProcess, seedStore, startApp } from '../support/app-process.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';
import { SIGNING_SECRET } from '../support/slack-harness.ts';
import { postSigned, slashCommandBody } from '../support/slack-signing.ts';
import { eventually } from '../support/wait.ts';

/** Issue 17: no Slack API error ends the process. */
describe('npm start when every Web API call times out', () => {
  let slack: SlackApiServer;
  let app: AppProcess;
  let dir: string;

  beforeAll(async () => {
    slack = await new SlackApiServer().start();
    // The first auth.test fails (Slack down a moment): retried with backoff, the start goes on.
    slack.script('auth.test', [{ status: 503 }]);
    dir = await mkdtemp(join(tmpdir(), 'kpi-webapi-'));
    const db = await openStore({ DATA_DIR: dir });
    await seedStore(db);
    await db.close();
    app = await startApp({ SLACK_API_URL: slack.apiUrl, DATA_DIR: dir });
    await app.waitFor('/ready', 200);
  }, 90_000);

  afterAll(async () => {
    app.child.kill('SIGKILL');
    await slack.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('still acks, answers through response_url, logs the failures and stays up', {
    timeout: 90_000,
  }, async () => {
    expect(slack.callsTo('auth.test').map((c) => c.status)).toEqual([503, 200]);
    // From now on every Web API call takes longer than the client's timeout.
    slack.delayMs = 8_000;
    const ack = await postSigned(
      `${app.url}/slack/events`,
      slashCommandBody({ text: 'leads period=2026-10', user: 'UNEW', responseUrl: slack.responseUrl('t1') }),
      { secret: SIGNING_SECRET },
    );
    expect(ack.status).toBe(200);
    // App Home: views.publish times out in the background.
    const event = JSON.stringify({
      token: 'legacy',
      team_id: 'T0001',
      api_app_id: 'A0001',
      event: { type: 'app_home_opened', user: 'UNEW', channel: 'D1', tab: 'home' },
      type: 'event_callback',
      event_id: 'Ev-timeout',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
    });
    expect(
      (
        await postSigned(`${app.url}/slack/events`, event, {
          secret: SIGNING_SECRET,
          contentType: 'application/json',
        })
      ).status,
    ).toBe(200);
    // The answer goes out in the workspace language once users.info gave up.
    await eventually(() => slack.responses.some((r) => r.path === '/response/t1'), 'the answer', {
      timeoutMs: 60_000,
    });
    await eventually(() => app.output.join('').includes('home: publish failed'), 'the logged failure', {
      timeoutMs: 60_000,
    });
    expect(app.child.exitCode).toBeNull();
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });
});
