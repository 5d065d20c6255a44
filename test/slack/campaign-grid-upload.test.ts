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
