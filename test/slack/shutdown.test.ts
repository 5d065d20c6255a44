import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.ts';
import { type AppProcess, seedStore, startApp } from '../support/app-process.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';
import { SIGNING_SECRET } from '../support/slack-harness.ts';
import { postSigned, slashCommandBody } from '../support/slack-signing.ts';

describe('graceful shutdown (npm start, SIGTERM under load)', () => {
  let slack: SlackApiServer;
  let app: AppProcess;
  let dir: string;

  beforeAll(async () => {
    slack = await new SlackApiServer().start();
    dir = await mkdtemp(join(tmpdir(), 'kpi-shutdown-'));
    const db = await openStore({ DATA_DIR: dir });
    await seedStore(db);
    await db.close();
    app = await startApp({ SLACK_API_URL: slack.apiUrl, DATA_DIR: dir, SHUTDOWN_GRACE_SECONDS: '20' });
    await app.waitFor('/ready', 200);
  }, 90_000);

  afterAll(async () => {
    app.child.kill('SIGKILL');
    await slack.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses new requests with 503, answers every acknowledged one exactly once, exits 0', {
    timeout: 90_000,
  }, async () => {
    // A slow Slack (users.info for each new user): the replies are still on their way at SIGTERM.
    slack.delayMs = 400;
    const n = 20;
    const acks = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        postSigned(
          `${app.url}/slack/events`,
          slashCommandBody({
            text: 'leads period=2026-10',
            user: `U${i}`,
            responseUrl: slack.responseUrl(`s${i}`),
          }),
          { secret: SIGNING_SECRET },
        ),
      ),
    );
    expect(acks.map((a) => a.status)).toEqual(Array(n).fill(200));
    expect(slack.responses.length).toBeLessThan(n);
    app.child.kill('SIGTERM');
    // New work is refused while the in-flight replies finish.
    // (One sent before the signal is handled is acknowledged, and then answered like the others.)
    const accepted: string[] = [];
    let refused: string | null = null;
    const until = Date.now() + 10_000;
    for (let k = 0; refused === null && Date.now() < until; k++) {
      const late = await postSigned(
        `${app.url}/slack/events`,
        slashCommandBody({ text: 'leads', user: 'ULATE', responseUrl: slack.responseUrl(`late${k}`) }),
        { secret: SIGNING_SECRET },
      ).catch(() => null);
      if (late === null) break;
      if (late.status === 503) refused = `late${k}`;
      else accepted.push(`late${k}`);
    }
    expect(refused).not.toBeNull();
    expect(await app.exited).toBe(0);
    for (let i = 0; i < n; i++) {
      expect(slack.responses.filter((r) => r.path === `/response/s${i}`)).toHaveLength(1);
    }
    for (const id of accepted) {
      expect(slack.responses.filter((r) => r.path === `/response/${id}`)).toHaveLength(1);
    }
    expect(slack.responses.some((r) => r.path === `/response/${refused}`)).toBe(false);
    expect(app.output.join('')).toContain('"msg":"stopped"');
  });
});
