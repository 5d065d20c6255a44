import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cost } from '../../src/model/cost.ts';
import { iterateCosts } from '../../src/store/costs.ts';
import { type Harness, startHarness } from '../support/slack-harness.ts';

/**
 * A Google Ads Campaigns-page download (no date per row; the range line says Jan 27 – Feb 23)
 * dropped in a DM: its rows are stored as spend over the file's range, the totals rows are not.
 */
const GRID = [
  'Campaign report',
  '27 January 2026 - 23 February 2026',
  'Campaign status,Campaign,Budget,Budget type,Campaign type,Impr.,Currency code,Cost,Clicks,Conversions',
  'Enabled,Brand - UK,20.00,Daily,Search,"1,200",EUR,365.22,60,6.00',
  'Enabled,Generic - UK,10.00,Daily,Search,800,EUR,140.00,20,0.00',
  'Total: Campaigns, --, --, --, --,"2,000",EUR,505.22,80,6.00',
  'Total: Account,,,,,"2,000",EUR,505.22,80,6.00',
].join('\n');

describe('a campaign grid uploaded in Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ settings: { editors: { users: ['U_ED'] } } });
  });
  afterAll(() => h.close());

  it('is stored as spend spanning the range line, totals left out', async () => {
    const file = h.slack.hostFile({ name: 'Campaign report.csv', content: GRID });
    const before = h.slack.callsTo('chat.postMessage').length;
    await h.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'DED',
        channel_type: 'im',
        user: 'U_ED',
        text: '',
        ts: '1700003001.000100',
        event_ts: '1700003001.000100',
        files: [{ id: file.id, name: file.name, filetype: 'csv', url_private: file.url_private }],
      },
      'EvGrid1',
    );
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length > before);
    const reply = JSON.stringify(h.slack.callsTo('chat.postMessage')[before]?.params ?? {});
    expect(reply).toContain('Google Ads campaign report');
    expect(reply).toContain('2 rows accepted, 0 rejected');
    // The same line as the CLI's ingest report: the days each row spans, from the range line.
    expect(reply).toContain('each row covers 2026-01-27 → 2026-02-23 (the file’s date range)');
    expect(reply).not.toContain('the rows sum to');
    const costs: Cost[] = [];
    for await (const page of iterateCosts(h.db)) costs.push(...page);
    expect(
      costs
        .filter((c) => c.endDate != null)
        .map((c) => [c.campaign, c.date, c.endDate, c.amount, c.conversions])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['Brand - UK', '2026-01-27', '2026-02-23', 365.22, 6],
      ['Generic - UK', '2026-01-27', '2026-02-23', 140, 0],
    ]);
  });

  it('says when the rows disagree with the file’s own total row, with both figures', async () => {
    // 100.00 + 50.00 = 150.00 in the rows; the file's "Total: Campaigns" says 160.00.
    const grid = [
      'Campaign report',
      'July 8, 2025 - July 31, 2025',
      'Campaign status,Campaign,Budget,Budget type,Campaign type,Impr.,Currency code,Cost,Clicks,Conversions',
      'Enabled,Brand - FR,20.00,Daily,Search,900,EUR,100.00,30,2.00',
      'Enabled,Generic - FR,10.00,Daily,Search,400,EUR,50.00,10,0.00',
      'Total: Campaigns, --, --, --, --,"1,300",EUR,160.00,40,2.00',
    ].join('\n');
    const file = h.slack.hostFile({ name: 'Campaign report (1).csv', content: grid });
    const before = h.slack.callsTo('chat.postMessage').length;
    await h.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'DED',
        channel_type: 'im',
        user: 'U_ED',
        text: '',
        ts: '1700003002.000100',
        event_ts: '1700003002.000100',
        files: [{ id: file.id, name: file.name, filetype: 'csv', url_private: file.url_private }],
      },
      'EvGrid2',
    );
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length > before);
    const params = h.slack.callsTo('chat.postMessage')[before]?.params as { blocks?: unknown } | undefined;
    const reply = JSON.stringify(params?.blocks ?? []);
    expect(reply).toContain('2 rows accepted, 0 rejected');
    expect(reply).toContain('each row covers 2025-07-08 → 2025-07-31 (the file’s date range)');
    expect(reply).toContain(
      ':warning: the rows sum to €150.00 but the file’s own \\"Total: Campaigns\\" row says €160.00',
    );
  });
});

/** The Campaigns-page download over "All time": the file does not say which days its rows cover. */
const ALL_TIME_GRID = [
  'Campaign report',
  'All time',
  'Campaign status,Campaign,Budget,Budget type,Campaign type,Impr.,Currency code,Cost,Clicks,Conversions',
  'Enabled,Brand - DE,20.00,Daily,Search,"1,200",EUR,365.22,60,6.00',
  'Enabled,Generic - DE,10.00,Daily,Search,800,EUR,140.00,20,0.00',
  'Total: Campaigns, --, --, --, --,"2,000",EUR,505.22,80,6.00',
].join('\n');

describe('an "All time" campaign grid uploaded in Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    // An empty store: the spend the answer gives can only come from the uploaded grid.
    h = await startHarness({ seed: false, settings: { editors: { users: ['U_ED'] } } });
  });
  afterAll(() => h.close());

  async function upload(name: string, text: string, id: string): Promise<string> {
    const file = h.slack.hostFile({ name, content: ALL_TIME_GRID });
    const before = h.slack.callsTo('chat.postMessage').length;
    await h.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'DED',
        channel_type: 'im',
        user: 'U_ED',
        text,
        ts: `17000031${id}.000100`,
        event_ts: `17000031${id}.000100`,
        files: [{ id: file.id, name: file.name, filetype: 'csv', url_private: file.url_private }],
      },
      `EvAllTime${id}`,
    );
    await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage').length > before);
    return JSON.stringify(h.slack.callsTo('chat.postMessage')[before]?.params ?? {});
  }

  it('without period= in the message, is refused with the way a Slack user has: period= in the message', async () => {
    const reply = await upload('Campaign report.csv', '', '01');
    expect(reply).toContain('whose date range is not stated (range line: \\"All time\\")');
    expect(reply).toContain('Send the file again with the days it covers in the message');
    expect(reply).toContain('`period=2026-02`');
    expect(reply).not.toContain('--period');
    expect(reply).not.toContain('sources[].period');
    let costs = 0;
    for await (const page of iterateCosts(h.db)) costs += page.length;
    expect(costs).toBe(0);
  });

  it('refuses a period= it cannot read before downloading, naming what was written', async () => {
    const before = h.slack.callsTo('chat.postMessage').length;
    const reply = await upload('Campaign report (2).csv', 'period=febtember', '02');
    expect(reply).toContain('`period=febtember` in the message is not a period I know');
    expect(h.slack.callsTo('chat.postMessage').length).toBe(before + 1);
  });

  it('with period=2026-02 in the message, is ingested over February and /kpi spend answers its total', async () => {
    const reply = await upload('Campaign report (3).csv', 'here is February period=2026-02', '03');
    expect(reply).toContain('2 rows accepted, 0 rejected');
    expect(reply).toContain('each row covers 2026-02-01 → 2026-02-28 (period= in the message)');
    const costs: Cost[] = [];
    for await (const page of iterateCosts(h.db)) costs.push(...page);
    expect(
      costs
        .map((c) => [c.campaign, c.date, c.endDate, c.amount])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['Brand - DE', '2026-02-01', '2026-02-28', 365.22],
      ['Generic - DE', '2026-02-01', '2026-02-28', 140],
    ]);
    // The answer comes from the snapshot reloaded after the import: ask until it holds the spend.
    let answer = '';
    for (let i = 0; i < 20 && !answer.includes('Spend *€505*'); i++) {
      const id = `spend${i}`;
      expect((await h.command('spend period=2026-02', { user: 'U_ED', responseId: id })).status).toBe(200);
      await h.slack.waitFor(() => h.slack.responses.some((r) => r.path === `/response/${id}`));
      answer = JSON.stringify(h.slack.responses.find((r) => r.path === `/response/${id}`)?.body ?? {});
    }
    // 365.22 + 140.00 = 505.22, shown to the euro as answers are.
    expect(answer).toContain('Spend *€505*');
  });

  it('takes the grammar’s from= to= clauses in quotes, curly ones included', async () => {
    const reply = await upload('Campaign report (4).csv', 'period=“from=2026-01-27 to=2026-02-23”', '04');
    expect(reply).toContain('each row covers 2026-01-27 → 2026-02-23 (period= in the message)');
  });
});
