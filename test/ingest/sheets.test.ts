import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SheetsSourceConfig } from '../../src/config/file.ts';
import { createSheetsReader, ingestSheetsSource, type SheetsReaderOptions } from '../../src/ingest/sheets.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { FakeSheetsServer } from '../support/sheets-server.ts';

const SHEET_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const EMAIL = 'kpi-bot@acme-marketing.iam.gserviceaccount.com';

/** Sheets serial day number of a calendar day (day 0 = 1899-12-30). */
const serial = (y: number, m: number, d: number) =>
  (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

const SOURCE: SheetsSourceConfig = {
  type: 'sheets',
  name: 'acme-sheet',
  spreadsheetId: SHEET_ID,
  leads: {
    range: 'Leads!A:F',
    mapping: {
      kind: 'lead',
      columns: {
        recordId: 'Lead ID',
        createdAt: 'Created',
        campaign: 'Campaign',
        email: 'Email',
        channel: 'Channel',
      },
    },
  },
  spend: {
    range: "'Ad spend'!A1:D",
    mapping: { kind: 'cost', columns: { date: 'Day', campaign: 'Campaign', amount: 'Spend' } },
  },
};

function auth(): OAuth2Client {
  // A client holding a valid token: no token endpoint involved.
  const client = new OAuth2Client();
  client.setCredentials({
    access_token: 'test-token',
    token_type: 'Bearer',
    expiry_date: Date.now() + 3_600_000,
  });
  return client;
}

describe('Google Sheets source (against a loopback Sheets API)', () => {
  const server = new FakeSheetsServer();
  let keyFile: string;
  let options: SheetsReaderOptions;

  beforeAll(async () => {
    await server.start();
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sheets-'));
    keyFile = join(dir, 'sa.json');
    writeFileSync(
      keyFile,
      JSON.stringify({ type: 'service_account', client_email: EMAIL, private_key: 'unused' }),
    );
  });

  afterAll(() => server.stop());

  beforeEach(() => {
    server.requests.length = 0;
    server.failures.length = 0;
    server.spreadsheets.clear();
    server.spreadsheets.set(SHEET_ID, {
      timeZone: 'America/New_York',
      tabs: {
        Leads: [
          ['Lead ID', 'Created', 'Campaign', 'Internal notes (hidden)', 'Email', 'Channel'],
          ['L-1', serial(2026, 3, 12) + 0.5, 'Spring Sale', 'call back', 'ana@example.com', 'Paid Search'],
          [],
          ['L-2', serial(2026, 3, 13), '=HYPERLINK("x")', '', 'bob@example.com', 'Email'],
          ['', '', '', '', '', ''],
          ['L-3', serial(2026, 3, 14) + 0.25, '<!channel>', 'vip', 'cat@example.com'],
        ],
        'Ad spend': [
          ['Day', 'Campaign', 'Spend', 'Hidden id'],
          [serial(2026, 3, 12), 'spring_sale', 120.5, 991],
          [serial(2026, 3, 13), 'spring_sale', 80, 992],
        ],
      },
    });
    options = { auth: auth(), keyFile, rootUrl: server.url, baseDelayMs: 1 };
  });

  const base = { timeZone: 'Europe/Paris', currency: 'EUR' };

  it('reads both ranges in one batchGet with unformatted values and serial dates, then caches', async () => {
    const reader = createSheetsReader(options);
    const sink = new MemorySink();
    const [leads, spend] = await ingestSheetsSource(SOURCE, base, sink, reader);
    const batchGets = server.requests.filter((r) => r.path.endsWith('/values:batchGet'));
    expect(batchGets).toHaveLength(1);
    expect(batchGets[0]?.query.getAll('ranges')).toEqual(['Leads!A:F', "'Ad spend'!A1:D"]);
    expect(batchGets[0]?.query.get('valueRenderOption')).toBe('UNFORMATTED_VALUE');
    expect(batchGets[0]?.query.get('dateTimeRenderOption')).toBe('SERIAL_NUMBER');
    expect(batchGets[0]?.authorization).toBe('Bearer test-token');
    expect(server.requests.filter((r) => r.path === `/v4/spreadsheets/${SHEET_ID}`)).toHaveLength(1);
    expect(leads?.error).toBeNull();
    expect(spend?.error).toBeNull();
    expect(spend?.accepted).toBe(2);

    await ingestSheetsSource(SOURCE, base, new MemorySink(), reader);
    expect(server.requests).toHaveLength(2);
  });

  it('reads serial dates as wall-clock times in the spreadsheet time zone', async () => {
    const sink = new MemorySink();
    await ingestSheetsSource(SOURCE, base, sink, createSheetsReader(options));
    const byId = new Map(sink.leadList().map((l) => [l.recordId, l]));
    // 2026-03-12 12:00 in New York (EDT, UTC-4), not in Paris.
    expect(byId.get('L-1')?.createdAt).toBe(Date.UTC(2026, 2, 12, 16, 0));
    expect(byId.get('L-3')?.createdAt).toBe(Date.UTC(2026, 2, 14, 10, 0));
    expect(
      sink
        .costList()
        .map((c) => c.date)
        .sort(),
    ).toEqual(['2026-03-12', '2026-03-13']);
  });

  it('skips blank rows, ignores the extra hidden column and stores hostile text literally', async () => {
    const sink = new MemorySink();
    const [leads] = await ingestSheetsSource(SOURCE, base, sink, createSheetsReader(options));
    expect(leads).toMatchObject({ accepted: 3, skipped: 0, blank: 2, headerRow: 1 });
    const byId = new Map(sink.leadList().map((l) => [l.recordId, l]));
    expect(byId.get('L-1')).toMatchObject({
      campaign: 'Spring Sale',
      email: 'ana@example.com',
      channel: 'paid_search',
    });
    expect(byId.get('L-2')?.campaign).toBe('=HYPERLINK("x")');
    expect(byId.get('L-3')?.campaign).toBe('<!channel>');
    expect(JSON.stringify(sink.leadList())).not.toContain('call back');
  });

  it('retries on 429, then 500, then succeeds', async () => {
    server.failures.push(429, 500);
    const slept: number[] = [];
    const reader = createSheetsReader({ ...options, sleep: async (ms) => void slept.push(ms) });
    const reports = await ingestSheetsSource(SOURCE, base, new MemorySink(), reader);
    expect(reports.map((r) => r.error)).toEqual([null, null]);
    expect(slept).toHaveLength(2);
    expect(server.requests).toHaveLength(4);
  });

  it('gives up after the last attempt with sheets_unavailable', async () => {
    server.failures.push(503, 503, 503);
    const reader = createSheetsReader({ ...options, maxAttempts: 3, sleep: async () => {} });
    const [report] = await ingestSheetsSource(SOURCE, base, new MemorySink(), reader);
    expect(report?.error).toMatchObject({ code: 'sheets_unavailable', params: { attempts: 3 } });
  });

  it('names the service-account e-mail to share the sheet with on 403', async () => {
    server.spreadsheets.get(SHEET_ID)!.forbidden = true;
    const reports = await ingestSheetsSource(SOURCE, base, new MemorySink(), createSheetsReader(options));
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      expect(report.error).toMatchObject({
        code: 'sheets_forbidden',
        params: { source: 'acme-sheet', email: EMAIL },
      });
    }
    expect(server.requests).toHaveLength(1);
  });

  it('reports a missing spreadsheet or tab as sheets_not_found', async () => {
    const missing = { ...SOURCE, spreadsheetId: '1NoSuchSheet0000000000' };
    const [report] = await ingestSheetsSource(missing, base, new MemorySink(), createSheetsReader(options));
    expect(report?.error).toMatchObject({
      code: 'sheets_not_found',
      params: { spreadsheetId: '1NoSuchSheet0000000000' },
    });
    const badTab = { ...SOURCE, leads: { ...SOURCE.leads!, range: 'Leeds!A:F' } };
    const [tabReport] = await ingestSheetsSource(badTab, base, new MemorySink(), createSheetsReader(options));
    expect(tabReport?.error?.code).toBe('sheets_not_found');
  });
});
