import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestAlerts } from '../../src/compose/digest-alerts.ts';
import { parseConfig } from '../../src/config/file.ts';
import { storeSource } from '../../src/data/load.ts';
import { createSourceRefresher } from '../../src/data/source-refresh.ts';
import { apiClientsFromEnv } from '../../src/ingest/api/clients.ts';
import { SnapshotCache } from '../../src/kpi/cache.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { getDataVersion } from '../../src/store/version.ts';
import { FakeHubSpotServer } from '../support/hubspot-server.ts';
import { type SlackStub, startSlackStub } from '../support/slack-api-stub-server.ts';
import { eventually } from '../support/wait.ts';
import { embeddedHarness, type Harness, slackClient } from './harness.ts';

describe('a digest on a live source', () => {
  let harness: Harness;
  let db: Db;
  let slack: SlackStub;
  const hubspot = new FakeHubSpotServer();
  let dir = '';

  beforeAll(async () => {
    harness = embeddedHarness();
    db = await harness.open();
    slack = await startSlackStub();
    await hubspot.start();
    dir = mkdtempSync(join(tmpdir(), 'kpi-digest-refresh-'));
  });
  afterAll(async () => {
    await hubspot.stop();
    await slack.close();
    await db.close();
    await harness.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refreshes the source first, then reports the new data', async () => {
    // Week 11 of 2026 (March 9-15) holds 37 leads in the CRM, none of them in the store yet.
    for (let i = 1; i <= 37; i++) {
      hubspot.upsert(String(i), {
        createdate: `2026-03-${String(9 + (i % 7)).padStart(2, '0')}T10:00:00.000Z`,
        hs_analytics_source: 'PAID_SEARCH',
        email: `lead${i}@acme-marketing.fr`,
      });
    }
    const config = parseConfig(
      [
        'workspace: { timeZone: Europe/Paris, currency: EUR }',
        'sources:',
        '  - { type: hubspot, name: crm }',
        'digest:',
        '  subscriptions:',
        '    - { channel: CDIGEST, day: mon, time: "09:00" }',
      ].join('\n'),
      join(dir, 'kpi.yaml'),
    );
    const clock = new ManualClock('2026-03-16T08:00:00Z'); // Monday 09:00 in Paris
    expect(await getDataVersion(db)).toBe(0);
    const snapshots = new SnapshotCache(storeSource(db, { timeZone: 'Europe/Paris', currency: 'EUR' }));
    const apis = apiClientsFromEnv(
      { HUBSPOT_ACCESS_TOKEN: hubspot.token, HUBSPOT_API_URL: hubspot.url },
      { perSecond: 1000, searchPerSecond: 1000 },
    );
    const refresher = createSourceRefresher({ db, clock, config, owner: 'app', pull: { clock, apis } });
    const features = createDigestAlerts({
      db,
      clock,
      client: slackClient(slack.apiUrl),
      config,
      snapshot: () => snapshots.get(),
      localeOf: async () => 'en',
      logger: silentLogger,
      refresher,
    });
    const stop = await features.start();
    try {
      await eventually(
        () => slack.messages.some((m) => m.channel === 'CDIGEST' && !m.thread_ts),
        'the digest',
        { timeoutMs: 20_000 },
      );
    } finally {
      await stop();
    }
    expect(hubspot.requests.some((r) => r.path === '/crm/v3/objects/contacts')).toBe(true);
    const summary = slack.messages.find((m) => m.channel === 'CDIGEST' && !m.thread_ts);
    const text = JSON.stringify(summary?.blocks ?? summary?.text);
    expect(text).toMatch(/Leads[^0-9]*37/);
    expect(text).not.toMatch(/stale/i);
  });
});
