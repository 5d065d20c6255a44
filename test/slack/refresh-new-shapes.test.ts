import { type ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../src/shared/node-flags.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-harness.ts';
import { postSigned, slashCommandBody } from '../support/slack-signing.ts';
import { eventually } from '../support/wait.ts';

/**
 * `/kpi refresh` of a configured folder holding the downloads issue 9 taught the bot to read,
 * then `/kpi` answers from them: the real app (`src/main.ts`) against a loopback Slack, signed
 * requests to its own receiver. The files are the fixtures of the ingest tests; the expected
 * numbers are the ones worked out by hand there (test/fixtures/README.md):
 * - Google Ads Campaigns-page grid, UTF-16 with the range line "27 January 2026 - 23 February 2026":
 *   Brand - UK 365.22 and Generic - UK 140.00 € over 28 days, February holds 23 of them →
 *   300.00 and 115.00;
 * - Meta with Reporting starts / ends (Feb 1 – 28) in AUD: Lead Ads - AU 600 × 0.6 = 360.00,
 *   Traffic - AU 200 × 0.6 = 120.00; 40 platform leads;
 * - LinkedIn pt-BR with "Leads" and "Moeda" (USD), every row on Feb 1: 1 060.80 × 0.9 = 954.72,
 *   8 platform leads (4 + 0 + 0 + 4 + blank);
 * - HubSpot current labels ("Original Traffic Source", `Date entered "…"`, "Recent Deal Amount"):
 *   5 leads in February, 1 customer on Brand - UK with 1 500.00 of revenue;
 * - the en-US grid with a "Currency code" column in INR (Jul 8 – 31, 2025): 3 360 × 0.01 = 33.60.
 * February spend: 415.00 + 480.00 + 954.72 = 1 849.72 €.
 */
const FILES = [
  'google-ads-campaigns/campaign-grid-en-gb.csv',
  'meta-ads/meta-reporting-aud.csv',
  'linkedin-campaigns/linkedin-pt-br-leads.csv',
  'hubspot-contacts/contacts-current.csv',
  'google-ads-campaigns/campaign-grid-en-us.csv',
];
const FIXTURES = join(import.meta.dirname, '../fixtures');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('/kpi refresh of a folder of campaign grids, currencies and current HubSpot labels', () => {
  let slack: SlackApiServer;
  let child: ChildProcess;
  let dir: string;
  let port: number;
  const output: string[] = [];

  const ask = async (text: string, id: string): Promise<string> => {
    const body = slashCommandBody({ text, responseUrl: slack.responseUrl(id), user: 'U_ED' });
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const mine = () => slack.responses.filter((r) => r.path === `/response/${id}`);
    // A slow answer is first "Working on it…" (slack.working): wait for the reply that is not that.
    const answered = () => mine().filter((r) => !JSON.stringify(r.body).includes('Working on it'));
    await slack.waitFor(() => answered().length > 0, 60_000);
    return JSON.stringify(answered().map((r) => r.body));
  };

  beforeAll(async () => {
    slack = await new SlackApiServer().start();
    dir = await mkdtemp(join(tmpdir(), 'kpi-refresh-shapes-'));
    await mkdir(join(dir, 'exports'));
    for (const file of FILES)
      await copyFile(join(FIXTURES, file), join(dir, 'exports', file.split('/')[1] ?? file));
    await writeFile(
      join(dir, 'kpi.yaml'),
      [
        'workspace:',
        '  timeZone: Europe/Paris',
        '  currency: EUR',
        '  rates: { USD: 0.9, AUD: 0.6, INR: 0.01 }',
        'access:',
        '  editors: { users: [U_ED] }',
        'sources:',
        // Off: only `/kpi refresh` reads the folder.
        '  - { type: folder, name: exports, path: exports, refresh: "off" }',
        '',
      ].join('\n'),
    );
    port = await freePort();
    child = spawn(process.execPath, [...NODE_FLAGS, 'src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        DATA_DIR: join(dir, 'store'),
        KPI_CONFIG: join(dir, 'kpi.yaml'),
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.status === 200,
      'the app ready',
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  }, 90_000);

  afterAll(async () => {
    child.kill('SIGKILL');
    await slack.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every file of the folder: 23 rows, none rejected', { timeout: 90_000 }, async () => {
    const reply = await ask('refresh', 'refresh');
    // One report per file; the grids' "Total: …" rows are read and left out, not rejected.
    expect(reply).toContain('Refreshed 5 sources: 23 rows read, 0 rejected.');
  });

  it('answers February from them: grid pro-rated, currencies converted, platform leads kept', {
    timeout: 60_000,
  }, async () => {
    const reply = await ask('spend,leads,revenue,platform_leads by=campaign period=2026-02', 'feb');
    // Slack's table shows amounts of 100 and more to the euro: 300.00, 1 849.72 … as €300, €1,850.
    expect(reply).toMatch(/Brand - UK +€300 +1 +€1,500\\n/);
    expect(reply).toMatch(/Generic - UK +€115 +0/);
    expect(reply).toMatch(/Lead Ads - AU +€360 +0/);
    expect(reply).toMatch(/Traffic - AU +€120 +0/);
    expect(reply).toMatch(/ABM Diretores +€409 +1 +€0\.00/);
    expect(reply).toMatch(/Total +€1,850 +5 +€1,500/);
    expect(reply).toMatch(/Lead Ads - AU +40\\n/);
    expect(reply).toMatch(/Total +48\\n/);
    expect(reply).toContain('3 cost rows span days outside the period');
  });

  it('answers one day to the cent: each grid row gets its share of that day', {
    timeout: 60_000,
  }, async () => {
    // Feb 23, the grid's last day: 365.22 / 28 = 13.04, 140 / 28 = 5.00; Meta's Feb 1 – 28:
    // 360 / 28 = 12.86, 120 / 28 = 4.29. Total 35.19 (LinkedIn's rows are all on Feb 1).
    const reply = await ask('spend by=campaign from=2026-02-23 to=2026-02-23', 'day');
    // A one-metric answer is a ranked list: "1. *Brand - UK*  €13.04".
    expect(reply).toContain('1. *Brand - UK*  €13.04');
    expect(reply).toContain('2. *Lead Ads - AU*  €12.86');
    expect(reply).toContain('3. *Generic - UK*  €5.00');
    expect(reply).toContain('4. *Traffic - AU*  €4.29');
    expect(reply).toContain('*Total* · Spend *€35.19*');
    expect(reply).toContain('6 cost rows span days outside the period');
  });

  it('the INR grid counts in its own range', { timeout: 60_000 }, async () => {
    const reply = await ask('spend period=2025-07', 'jul');
    expect(reply).toContain('€33.60');
  });
});
