import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreSink } from '../../src/data/store-sink.ts';
import { campaignKey } from '../../src/model/campaign.ts';
import type { Lead } from '../../src/model/lead.ts';
import { countCosts, iterateCosts, upsertCosts } from '../../src/store/costs.ts';
import type { Db } from '../../src/store/db.ts';
import { listImports, listSources, recordImport } from '../../src/store/imports.ts';
import { countLeads, iterateLeads, streamLeads, upsertLeads } from '../../src/store/leads.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import { getDataVersion } from '../../src/store/version.ts';
import { cost, embeddedHarness, lead, postgresHarness, type StoreHarness } from './fixtures.ts';

const harnesses: [string, () => StoreHarness][] = [
  ['embedded', embeddedHarness],
  ['postgres', postgresHarness],
];

describe.each(harnesses)('store (%s)', (_name, makeHarness) => {
  const harness = makeHarness();
  let db: Db;

  beforeAll(async () => {
    db = await harness.open();
    await migrate(db);
  });

  afterAll(async () => {
    await db?.close();
    await harness.dispose();
  });

  it('runs migrations once, however often it is started', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => Number(r.version))).toEqual(loadMigrations(db.dialect).map((m) => m.version));
  });

  it('stores every lead field and reads it back unchanged', async () => {
    const full = lead('full-1', {
      origin: 'roundtrip',
      campaign: '=HYPERLINK("http://x", "<!channel>")',
      valid: false,
      amount: 0.1 + 0.2,
      customerAt: Date.UTC(2026, 4, 1, 23, 59, 59, 999),
      createdAt: -86_400_000,
    });
    await upsertLeads(db, [full]);
    const all: Lead[] = [];
    for await (const page of iterateLeads(db)) all.push(...page.filter((l) => l.origin === 'roundtrip'));
    expect(all).toEqual([full]);
  });

  it('keeps text COPY would read as escapes (backslash, tab, newlines, \\N) and unicode unchanged', async () => {
    const odd = ['a\\b', 'tab\there', 'line\nbreak', 'cr\rlf', '\\N', '\\.', 'é 😀 ü', ' lead '];
    const rows = odd.map((text, i) => lead(`odd-${i}`, { origin: 'escapes', campaign: text, owner: text }));
    await upsertLeads(db, rows);
    const back: Lead[] = [];
    for await (const page of iterateLeads(db)) back.push(...page.filter((l) => l.origin === 'escapes'));
    back.sort((a, b) => a.recordId.localeCompare(b.recordId, 'en', { numeric: true }));
    expect(back.map((l) => [l.campaign, l.owner])).toEqual(odd.map((t) => [t, t]));
  });

  it('writes a batch far larger than one statement in one call, and again without duplicates', async () => {
    const rows = Array.from({ length: 12_345 }, (_, i) =>
      lead(`bulk-${i}`, { origin: 'bulk', amount: i / 7 }),
    );
    expect(await upsertLeads(db, rows)).toBe(12_345);
    expect(await upsertLeads(db, rows)).toBe(12_345);
    expect(await countLeads(db, 'bulk')).toBe(12_345);
    let sum = 0;
    for await (const page of iterateLeads(db))
      for (const l of page) if (l.origin === 'bulk') sum += l.amount ?? 0;
    expect(sum).toBeCloseTo(
      rows.reduce((s, r) => s + (r.amount ?? 0), 0),
      6,
    );
  });

  it('upserts idempotently: the same rows twice keep the count, a changed row is updated', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => lead(`id-${i}`, { origin: 'idem' }));
    await upsertLeads(db, rows);
    await upsertLeads(db, rows);
    expect(await countLeads(db, 'idem')).toBe(50);
    await upsertLeads(db, [lead('id-7', { origin: 'idem', sqlAt: 123, owner: 'Bob' })]);
    expect(await countLeads(db, 'idem')).toBe(50);
    const stored = await db.query<{ owner: string; sql_at: number }>(
      'SELECT owner, sql_at FROM leads WHERE origin = $1 AND record_id = $2',
      ['idem', 'id-7'],
    );
    expect(stored).toEqual([{ owner: 'Bob', sql_at: 123 }]);
  });

  it('keeps the last of rows sharing a key within one batch', async () => {
    await upsertLeads(db, [
      lead('dup', { origin: 'dup', owner: 'first' }),
      lead('dup', { origin: 'dup', owner: 'last' }),
    ]);
    const stored = await db.query<{ owner: string }>('SELECT owner FROM leads WHERE origin = $1', ['dup']);
    expect(stored).toEqual([{ owner: 'last' }]);
  });

  it('merges overlapping cost imports without duplicates', async () => {
    const days = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) =>
        cost(`2026-03-${String(from + i).padStart(2, '0')}|spring`, { origin: 'overlap', amount: from + i }),
      );
    await upsertCosts(db, days(1, 20));
    await upsertCosts(
      db,
      days(10, 31).map((c) => ({ ...c, amount: c.amount * 2 })),
    );
    expect(await countCosts(db, 'overlap')).toBe(31);
    const all = [];
    for await (const page of iterateCosts(db, 7)) all.push(...page.filter((c) => c.origin === 'overlap'));
    expect(all).toHaveLength(31);
    expect(all.find((c) => c.recordId === '2026-03-05|spring')?.amount).toBe(5);
    expect(all.find((c) => c.recordId === '2026-03-15|spring')?.amount).toBe(30);
  });

  it('bumps the data version once per import, with the import record and source freshness', async () => {
    const before = await getDataVersion(db);
    const sink = createStoreSink(db);
    await sink.writeLeads([lead('a', { origin: 'fresh' }), lead('b', { origin: 'fresh' })]);
    await sink.writeLeads([lead('c', { origin: 'fresh' })]);
    expect(await getDataVersion(db)).toBe(before);
    const stored = await sink.finish({
      origin: 'fresh',
      name: 'contacts.csv',
      startedAt: 1000,
      finishedAt: 2000,
      rowsRead: 5,
      rowsSkipped: 2,
      report: { skipped: [{ row: 4, reason: 'no date' }] },
    });
    expect(stored.dataVersion).toBe(before + 1);
    expect(await getDataVersion(db)).toBe(before + 1);
    await recordImport(db, { ...stored, name: 'contacts-2.csv', finishedAt: 3000, rowsSkipped: 0 });
    expect(await getDataVersion(db)).toBe(before + 2);

    const fresh = (await listSources(db)).find((s) => s.origin === 'fresh');
    expect(fresh).toMatchObject({ lastName: 'contacts-2.csv', lastImportAt: 3000, leadRows: 3, costRows: 0 });
    expect(fresh).toMatchObject({ rejectedRows: 0, imports: 2 });
    const [latest, previous] = await listImports(db, 2);
    expect(latest?.name).toBe('contacts-2.csv');
    expect(previous).toMatchObject({ kind: 'lead', rowsAccepted: 3, rowsSkipped: 2 });
    expect(previous?.report).toEqual({ skipped: [{ row: 4, reason: 'no date' }] });
  });

  it('knows the campaign keys stored for each kind', async () => {
    const sink = createStoreSink(db);
    await sink.writeCosts([cost('k1', { origin: 'keys', campaign: 'Black-Friday ' })]);
    await sink.writeLeads([lead('k1', { origin: 'keys', campaign: 'Webinar%20Q3' })]);
    expect((await sink.knownCampaignKeys('cost')).has(campaignKey('black_friday')!)).toBe(true);
    expect((await sink.knownCampaignKeys('lead')).has(campaignKey('webinar q3')!)).toBe(true);
    expect((await sink.knownCampaignKeys('lead')).has(campaignKey('black_friday')!)).toBe(false);
  });

  it('streams leads in pages without repeating or missing rows', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => lead(`s-${i}`, { origin: 'stream' }));
    await upsertLeads(db, rows);
    const seen = new Set<string>();
    let largest = 0;
    const total = await streamLeads(
      db,
      (batch) => {
        largest = Math.max(largest, batch.length);
        for (const l of batch) seen.add(`${l.origin}/${l.recordId}`);
      },
      100,
    );
    expect(total).toBe(seen.size);
    expect(total).toBe(await countLeads(db));
    expect(largest).toBe(100);
    for (const r of rows) expect(seen.has(`stream/${r.recordId}`)).toBe(true);
  });

  it('rolls a transaction back when it throws, and nested calls reuse the outer one', async () => {
    const boom = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await upsertLeads(tx, [lead('rb-1', { origin: 'rollback' })]);
        await tx.transaction(async (inner) => upsertLeads(inner, [lead('rb-2', { origin: 'rollback' })]));
        expect(await countLeads(tx, 'rollback')).toBe(2);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await countLeads(db, 'rollback')).toBe(0);
  });

  it.runIf(harness.name === 'embedded')(
    'serialises concurrent transactions on its one connection',
    async () => {
      await db.execute(
        "INSERT INTO leads (origin, record_id, created_at, channel, valid) VALUES ('ctr', 'x', 0, 'other', 0)",
      );
      const bump = () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>(
            "SELECT created_at AS n FROM leads WHERE origin = 'ctr'",
          );
          await new Promise((r) => setTimeout(r, 1));
          await tx.execute("UPDATE leads SET created_at = $1 WHERE origin = 'ctr'", [Number(row?.n) + 1]);
        });
      await Promise.all(Array.from({ length: 10 }, bump));
      const [row] = await db.query<{ n: number }>("SELECT created_at AS n FROM leads WHERE origin = 'ctr'");
      expect(Number(row?.n)).toBe(10);
    },
  );

  it.runIf(harness.name === 'postgres')('migrates safely when two replicas start at once', async () => {
    const other = postgresHarness();
    const [a, b] = await Promise.all([other.open(), other.open()]);
    try {
      const [ranA, ranB] = await Promise.all([migrate(a), migrate(b)]);
      const all = loadMigrations('postgres').map((m) => m.version);
      expect([...ranA, ...ranB].sort((x, y) => x - y)).toEqual(all);
      expect(await getDataVersion(a)).toBe(0);
    } finally {
      await a.close();
      await b.close();
      await other.dispose();
    }
  });
});
