import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/file.ts';
import { ingestConfiguredSources } from '../../src/data/refresh.ts';
import { createSheetsReader } from '../../src/ingest/sheets.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { countCosts } from '../../src/store/costs.ts';
import type { Db } from '../../src/store/db.ts';
import { listSources } from '../../src/store/imports.ts';
import { countLeads } from '../../src/store/leads.ts';
import { openStore } from '../../src/store/open.ts';
import { getDataVersion } from '../../src/store/version.ts';
import { FakeSheetsServer } from '../support/sheets-server.ts';

const SHEET_ID = '1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210';
const serial = (y: number, m: number, d: number) =>
  (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

describe('configured sources (files, a folder and a Google Sheet) into the embedded store', () => {
  const server = new FakeSheetsServer();
  const dir = mkdtempSync(join(tmpdir(), 'kpi-sources-'));
  let db: Db;

  beforeAll(async () => {
    await server.start();
    server.spreadsheets.set(SHEET_ID, {
      timeZone: 'Europe/Paris',
      tabs: {
        Spend: [
          ['Day', 'Campaign', 'Cost'],
          [serial(2026, 11, 2), 'Spring Sale', 100],
          [serial(2026, 11, 3), 'Spring Sale', 50.5],
        ],
      },
    });
    writeFileSync(
      join(dir, 'leads.csv'),
      'Lead ID,Created,Campaign,Email\nA1,2026-11-02,Spring Sale,ana@acme.fr\nA2,2026-11-03,spring_sale,bob@acme.fr\n',
    );
    db = await openStore({ DATA_DIR: join(dir, 'store') });
  });
  afterAll(async () => {
    await db.close();
    await server.stop();
  });

  const config = () =>
    parseConfig(
      `
workspace: { timeZone: Europe/Paris, currency: EUR }
sources:
  - name: crm
    path: ${join(dir, 'leads.csv')}
    mapping: { kind: lead, columns: { recordId: Lead ID, createdAt: Created, campaign: Campaign, email: Email } }
  - type: sheets
    name: spend-sheet
    spreadsheetId: ${SHEET_ID}
    spend: { range: Spend, mapping: { kind: cost, columns: { date: Day, campaign: Campaign, amount: Cost } } }
`,
      join(dir, 'kpi.yaml'),
    );

  const reader = () => {
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: 't', token_type: 'Bearer', expiry_date: Date.now() + 3_600_000 });
    return createSheetsReader({ auth, rootUrl: server.url, baseDelayMs: 1, cacheTtlMs: 0 });
  };

  it('reads every source, records each import, and refreshing again duplicates nothing', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const first = await ingestConfiguredSources(db, config(), { clock, sheets: reader() });
    expect(first.map((r) => [r.accepted, r.skipped, r.error])).toEqual([
      [2, 0, null],
      [2, 0, null],
    ]);
    expect(await countLeads(db)).toBe(2);
    expect(await countCosts(db)).toBe(2);
    const version = await getDataVersion(db);
    expect((await listSources(db)).map((s) => s.origin).sort()).toEqual(['crm', 'spend-sheet']);

    clock.advance(3_600_000);
    await ingestConfiguredSources(db, config(), { clock, sheets: reader() });
    expect(await countLeads(db)).toBe(2);
    expect(await countCosts(db)).toBe(2);
    expect(await getDataVersion(db)).not.toBe(version);
  });
});
