import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/file.ts';
import { refreshSource } from '../../src/data/refresh.ts';
import { createSourceRefresher } from '../../src/data/source-refresh.ts';
import { createSettledCheck, startSourceTriggers } from '../../src/data/source-triggers.ts';
import { apiClientsFromEnv } from '../../src/ingest/api/clients.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { createRefresh } from '../../src/slack/refresh.ts';
import { listChanges } from '../../src/store/changes.ts';
import type { Db } from '../../src/store/db.ts';
import { listImports } from '../../src/store/imports.ts';
import {
  claimRefresh,
  finishRefresh,
  getRefreshState,
  renewRefresh,
} from '../../src/store/source-refresh.ts';
import { getDataVersion } from '../../src/store/version.ts';
import { embeddedHarness, type Harness, postgresHarness } from '../schedule/harness.ts';
import { FakeHubSpotServer } from '../support/hubspot-server.ts';
import { eventually } from '../support/wait.ts';

const hubspot = new FakeHubSpotServer();
let dir = '';

const apis = () =>
  apiClientsFromEnv(
    { HUBSPOT_ACCESS_TOKEN: hubspot.token, HUBSPOT_API_URL: hubspot.url },
    { perSecond: 1000, searchPerSecond: 1000, maxAttempts: 2, sleep: async () => {} },
  );

const yaml = (sources: string, extra = '') =>
  parseConfig(
    `workspace: { timeZone: Europe/Paris, currency: EUR }\n${extra}sources:\n${sources}`,
    join(dir, 'kpi.yaml'),
  );

beforeAll(async () => {
  await hubspot.start();
});
afterAll(async () => {
  await hubspot.stop();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-refresh-'));
  hubspot.contacts.clear();
  hubspot.requests.length = 0;
  hubspot.failures.length = 0;
  for (let i = 1; i <= 3; i++)
    hubspot.upsert(String(i), { createdate: '2026-03-02T10:00:00.000Z', hs_analytics_source: 'PAID_SEARCH' });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a refresh claimed through the store lease', () => {
  let harness: Harness;
  const dbs: Db[] = [];
  beforeAll(async () => {
    harness = postgresHarness();
    for (let i = 0; i < 3; i++) dbs.push(await harness.open());
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await harness.dispose();
  });

  it('is done by exactly one of three replicas on Postgres; the others see the new data version', async () => {
    const config = yaml('  - { type: hubspot, name: crm }\n');
    const source = config.sources[0]!;
    const clock = new ManualClock('2026-03-10T08:00:00Z');
    const before = await getDataVersion(dbs[1]!);
    const outcomes = await Promise.all(
      dbs.map((db, i) =>
        refreshSource(
          db,
          source,
          config,
          { clock, apis: apis() },
          { owner: `replica-${i}`, maxAgeMs: 60_000 },
        ),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(['refreshed', 'skipped', 'skipped']);
    expect(hubspot.requests.filter((r) => r.path === '/crm/v3/objects/contacts')).toHaveLength(1);
    // The others read the store: the data version moved, the rows are there.
    expect(await getDataVersion(dbs[2]!)).toBeGreaterThan(before);
    const state = await getRefreshState(dbs[0]!, 'crm');
    expect(state).toMatchObject({
      leaseOwner: null,
      failures: 0,
      lastRows: 3,
      cursor: { syncedUntil: clock.now().getTime() },
    });

    // Asked again within the minute: fresh, nobody reads it again.
    const again = await Promise.all(
      dbs.map((db, i) =>
        refreshSource(
          db,
          source,
          config,
          { clock, apis: apis() },
          { owner: `replica-${i}`, maxAgeMs: 60_000 },
        ),
      ),
    );
    expect(again.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });
});

describe('refresh on the embedded store', () => {
  let harness: Harness;
  let db: Db;
  beforeEach(async () => {
    harness = embeddedHarness();
    db = await harness.open();
  });
  afterEach(async () => {
    await db.close();
    await harness.dispose();
  });

  it('lets a lease whose owner died expire, and fences the late owner out', async () => {
    const at = Date.parse('2026-03-10T08:00:00Z');
    const claim = (owner: string, now: number) =>
      claimRefresh(db, 'crm', { owner, now, leaseMs: 60_000, staleBefore: Number.MAX_SAFE_INTEGER });
    expect(await claim('a', at)).not.toBeNull();
    expect(await claim('b', at + 30_000)).toBeNull();
    // A renews while it reads; B still cannot take it.
    expect(await renewRefresh(db, 'crm', 'a', at + 90_000)).toBe(true);
    expect(await claim('b', at + 61_000)).toBeNull();
    // A dies: no more renewals, the lease runs out and B takes over.
    expect(await claim('b', at + 91_000)).not.toBeNull();
    expect(await finishRefresh(db, 'crm', 'a', { now: at + 95_000, rows: 1, cursor: null })).toBe(false);
    expect(
      await finishRefresh(db, 'crm', 'b', { now: at + 95_000, rows: 2, cursor: { syncedUntil: 1 } }),
    ).toBe(true);
    expect(await getRefreshState(db, 'crm')).toMatchObject({
      leaseOwner: null,
      lastRows: 2,
      cursor: { syncedUntil: 1 },
    });
  });

  it('pulls incrementally: the second refresh asks only for what changed since the first', async () => {
    const config = yaml('  - { type: hubspot, name: crm, overlap: 10m }\n');
    const clock = new ManualClock('2026-03-10T08:00:00Z');
    const refresher = createSourceRefresher({ db, clock, config, owner: 'a', pull: { clock, apis: apis() } });
    await refresher.refresh(config.sources[0]!, { force: true });
    clock.advance(3_600_000);
    hubspot.upsert('4', {
      createdate: '2026-03-10T08:30:00.000Z',
      lastmodifieddate: '2026-03-10T08:30:00.000Z',
    });
    const outcome = await refresher.refresh(config.sources[0]!, { force: true });
    expect(outcome.status).toBe('refreshed');
    const search = hubspot.requests.filter((r) => r.path.endsWith('/search'));
    expect(search).toHaveLength(1);
    expect(outcome.status === 'refreshed' && outcome.pull.rows).toBe(1);
    const status = await refresher.status();
    expect(status[0]).toMatchObject({
      name: 'crm',
      lastRefreshAt: clock.now().getTime(),
      rows: 1,
      failures: 0,
      lastError: null,
    });
    // The trail names the schedule for a refresh no one asked for.
    const [latest] = (await listChanges(db, 50)).filter((c) => c.subject === 'crm');
    expect(latest).toMatchObject({
      actor: 'schedule',
      action: 'refresh',
      via: 'schedule',
      at: clock.now().getTime(),
    });
    expect(latest?.details).toMatchObject({ sources: 1, rows: 1, rejected: 0 });
  });

  it('/kpi refresh names a source that could not be read, and why', async () => {
    const config = yaml('  - { type: hubspot, name: crm }\n');
    const clock = new ManualClock('2026-03-10T08:00:00Z');
    const noToken = apiClientsFromEnv({ HUBSPOT_API_URL: hubspot.url });
    const summary = await createRefresh(db, config, { clock, apis: noToken })();
    expect(summary.failures).toEqual([
      expect.objectContaining({
        key: 'api.token_missing',
        params: expect.objectContaining({ variable: 'HUBSPOT_ACCESS_TOKEN' }),
      }),
    ]);
    const ok = await createRefresh(db, config, { clock, apis: apis() })();
    expect(ok).toMatchObject({ rows: 3, failures: [] });
  });

  it('backs off after a failure, and tells the admin channel once after N failures in a row', async () => {
    const config = yaml('  - { type: hubspot, name: crm }\n', 'refresh: { failuresBeforeAlert: 2 }\n');
    const clock = new ManualClock('2026-03-10T08:00:00Z');
    const told: string[] = [];
    const refresher = createSourceRefresher({
      db,
      clock,
      config,
      owner: 'a',
      pull: { clock, apis: apis() },
      adminReport: async (text) => {
        told.push(text);
      },
    });
    hubspot.token = 'pat-na1-99999999-0000-0000-0000-000000000000';
    try {
      const first = await refresher.refresh(config.sources[0]!, {});
      expect(first.status).toBe('failed');
      // Backing off: a refresh a few seconds later does not hammer HubSpot.
      clock.advance(5_000);
      expect((await refresher.refresh(config.sources[0]!, {})).status).toBe('skipped');
      clock.advance(60_000);
      expect((await refresher.refresh(config.sources[0]!, {})).status).toBe('failed');
      clock.advance(10 * 60_000);
      expect((await refresher.refresh(config.sources[0]!, {})).status).toBe('failed');
    } finally {
      hubspot.token = 'pat-na1-11111111-2222-3333-4444-555555555555';
    }
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('"crm" failed 2 times in a row');
    expect(told[0]).toContain('HUBSPOT_ACCESS_TOKEN');
    expect(told[0]).toContain('Last good refresh: never');
    expect(told[0]).not.toContain('pat-na1');
    const [status] = await refresher.status();
    expect(status?.failures).toBe(3);
    expect(status?.lastError).toContain('401');
    // Recovery resets the streak.
    clock.advance(60 * 60_000);
    expect((await refresher.refresh(config.sources[0]!, {})).status).toBe('refreshed');
    expect((await refresher.status())[0]).toMatchObject({ failures: 0, lastError: null });
  });

  it('ingests a watched folder file once: the same file dropped twice is a no-op', async () => {
    const folder = join(dir, 'drop');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    const csv = 'Day,Campaign,Cost\n2026-03-01,Spring Sale,100\n2026-03-02,Spring Sale,bad\n';
    writeFileSync(join(folder, 'spend-march.csv'), csv);
    const config = yaml(
      `  - type: folder\n    name: drop\n    path: ${folder}\n    mapping: { kind: cost, columns: { date: Day, campaign: Campaign, amount: Cost } }\n`,
      'digest: { adminChannel: CADMIN }\n',
    );
    const clock = new ManualClock('2026-03-10T08:00:00Z');
    const told: string[] = [];
    const refresher = createSourceRefresher({
      db,
      clock,
      config,
      owner: 'a',
      pull: { clock },
      adminReport: async (text) => {
        told.push(text);
      },
    });
    const source = config.sources[0]!;
    const first = await refresher.refresh(source, { force: true });
    expect(first.status).toBe('refreshed');
    expect(await listImports(db)).toHaveLength(1);
    // The row that could not be read goes to the admin channel with the report.
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('watched folder "drop"');
    expect(told[0]).toContain('not a number: "bad"');

    copyFileSync(join(folder, 'spend-march.csv'), join(folder, 'spend-march (1).csv'));
    const second = await refresher.refresh(source, { force: true });
    expect(second.status === 'refreshed' && second.pull.unchanged).toBe(2);
    expect(await listImports(db)).toHaveLength(1);
    expect(told).toHaveLength(1);

    writeFileSync(join(folder, 'spend-april.csv'), 'Day,Campaign,Cost\n2026-04-01,Spring Sale,50\n');
    const third = await refresher.refresh(source, { force: true });
    expect(third.status === 'refreshed' && third.pull.reports.map((r) => r.accepted)).toEqual([1]);
    expect(await listImports(db)).toHaveLength(2);
  });

  it('a running app picks up new contacts at the next scheduled refresh, without any command', async () => {
    // Every second, so that the test sees two scheduled reads without waiting an hour.
    const config = yaml("  - { type: hubspot, name: crm, refresh: '* * * * * *' }\n");
    const clock = { now: () => new Date() };
    const refresher = createSourceRefresher({ db, clock, config, owner: 'a', pull: { clock, apis: apis() } });
    const triggers = startSourceTriggers(refresher, config);
    try {
      await eventually(
        async () => (await getRefreshState(db, 'crm'))?.lastRows === 3,
        'the first scheduled pull',
      );
      expect(triggers.nextRun('crm')).toBeGreaterThan(Date.now() - 1000);
      hubspot.upsert('4', {
        createdate: new Date().toISOString(),
        lastmodifieddate: new Date().toISOString(),
      });
      await eventually(
        async () =>
          (await db.query("SELECT record_id FROM leads WHERE origin = 'crm' AND record_id = '4'")).length ===
          1,
        'contact 4 in the store',
      );
    } finally {
      await triggers.stop();
    }
  });
});

describe('watched files settle before they are read', () => {
  it('reads a file only when its size and mtime held still between two scans, once', () => {
    const settled = createSettledCheck();
    expect(settled('/drop/a.csv', 100, 1)).toBe(false);
    expect(settled('/drop/a.csv', 200, 2)).toBe(false);
    expect(settled('/drop/a.csv', 200, 2)).toBe(true);
    expect(settled('/drop/a.csv', 200, 2)).toBe(false);
    expect(settled('/drop/a.csv', 250, 3)).toBe(false);
  });
});
