import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeHubSpotServer } from '../support/hubspot-server.ts';

const ROOT = join(import.meta.dirname, '../..');
const SLOW = 180_000;
const server = new FakeHubSpotServer();
let dir = '';

function run(
  script: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, script), ...args],
      {
        env: {
          ...process.env,
          TZ: 'Europe/Paris',
          LANG: 'en_US.UTF-8',
          DATA_DIR: join(dir, 'data'),
          KPI_CONFIG: join(dir, 'kpi.yaml'),
          DATABASE_URL: '',
          HUBSPOT_ACCESS_TOKEN: server.token,
          HUBSPOT_API_URL: server.url,
        },
        timeout: SLOW,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  await server.start();
  dir = await mkdtemp(join(tmpdir(), 'kpi-hubspot-'));
  await writeFile(
    join(dir, 'kpi.yaml'),
    'workspace: { timeZone: Europe/Paris, currency: EUR }\nsources:\n  - { type: hubspot, name: crm }\n',
  );
  // October 2026 in the CRM: 3 paid-search leads (2 MQL, 1 customer), 2 email leads (1 MQL).
  const contact = (id: string, source: string, extra: Record<string, string> = {}) =>
    server.upsert(id, {
      createdate: '2026-10-05T09:00:00.000Z',
      hs_analytics_source: source,
      lifecyclestage: 'lead',
      ...extra,
    });
  contact('101', 'PAID_SEARCH', {
    hs_lifecyclestage_marketingqualifiedlead_date: '2026-10-06T09:00:00.000Z',
  });
  contact('102', 'PAID_SEARCH', {
    lifecyclestage: 'customer',
    hs_lifecyclestage_marketingqualifiedlead_date: '2026-10-07T09:00:00.000Z',
    hs_lifecyclestage_customer_date: '2026-10-20T09:00:00.000Z',
    total_revenue: '900',
  });
  contact('103', 'PAID_SEARCH');
  contact('104', 'EMAIL_MARKETING', {
    hs_lifecyclestage_marketingqualifiedlead_date: '2026-10-08T09:00:00.000Z',
  });
  contact('105', 'EMAIL_MARKETING');
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a HubSpot source from the command line', () => {
  it(
    '`npm run ingest` pulls the CRM, then `kpi` answers with its numbers',
    async () => {
      const ingest = await run('src/cli/ingest.ts', []);
      expect(ingest.stderr).toBe('');
      expect(ingest.stdout).toContain('crm (HubSpot contacts)');
      expect(ingest.stdout).toContain('5 rows read: 5 accepted');
      expect(ingest.code).toBe(0);
      const answer = await run('src/cli/kpi.ts', ['--json', 'leads mql customers by=channel period=2026-10']);
      expect(answer.code).toBe(0);
      const out = JSON.parse(answer.stdout) as {
        rows: Record<string, unknown>[];
        total: Record<string, unknown>;
      };
      const row = (label: string) => out.rows.find((r) => r.label === label);
      expect(row('paid_search') ?? row('Paid search')).toMatchObject({ leads: 3, mql: 2, customers: 1 });
      expect(row('email') ?? row('Email')).toMatchObject({ leads: 2, mql: 1, customers: 0 });
      expect(out.total).toMatchObject({ leads: 5, mql: 3, customers: 1 });

      // A second run is incremental: one search since the first pull (minus the overlap), no list.
      const before = server.requests.length;
      server.upsert('106', {
        createdate: '2026-10-09T09:00:00.000Z',
        hs_analytics_source: 'PAID_SEARCH',
        lastmodifieddate: new Date().toISOString(),
      });
      const again = await run('src/cli/ingest.ts', []);
      expect(again.code).toBe(0);
      const paths = server.requests.slice(before).map((r) => r.path);
      expect(paths).toContain('/crm/v3/objects/contacts/search');
      expect(paths).not.toContain('/crm/v3/objects/contacts');
      const total = JSON.parse((await run('src/cli/kpi.ts', ['--json', 'leads period=2026-10'])).stdout) as {
        total: Record<string, unknown>;
      };
      expect(total.total.leads).toBe(6);
    },
    SLOW,
  );
});
