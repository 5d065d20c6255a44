import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotKey } from '../../src/data/snapshot-load.ts';
import { persistSnapshot } from '../../src/data/snapshot-persist.ts';
import { decodeSnapshot } from '../../src/kpi/snapshot-file.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/open.ts';
import { hasSnapshot, readSnapshotBytes, saveSnapshotBytes } from '../../src/store/snapshots.ts';
import { bumpDataVersion, getDataVersion } from '../../src/store/version.ts';
import { leads } from '../kpi/snapshot-rows.ts';
import { embeddedHarness, postgresHarness } from '../store/fixtures.ts';

/*
 * Issue 17: an import persists the snapshot of the data version it made, so that the next start
 * of any replica reads it instead of building it from every row; and the bytes come back from
 * either store exactly as they were stored (Postgres: a binary COPY, no hex text).
 */

const opts = { timeZone: 'Europe/Paris', currency: 'EUR' as const };

describe.each([embeddedHarness(), postgresHarness()])('persisted snapshots ($name)', (harness) => {
  let db: Db;
  beforeAll(async () => {
    db = await harness.open();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await harness.dispose();
  });

  it('gives back every byte as stored, over several parts, whatever the bytes', async () => {
    // Random bytes: invalid UTF-8 sequences included (a text decoding anywhere would change them).
    const bytes = new Uint8Array(randomBytes(8 * 1024 * 1024 + 12_345));
    bytes.set([0xff, 0xfe, 0xc3, 0x28, 0x00, 0xe2, 0x82], 0);
    const key = { dataVersion: 9_000, settings: 'bytes test' };
    await saveSnapshotBytes(db, key, [bytes.subarray(0, 1000), bytes.subarray(1000)], bytes.length, 1);
    const back = await readSnapshotBytes(db, key);
    expect(back?.length).toBe(bytes.length);
    expect(Buffer.compare(Buffer.from(back ?? []), Buffer.from(bytes))).toBe(0);
    expect(await hasSnapshot(db, key)).toBe(true);
    expect(await hasSnapshot(db, { ...key, settings: 'other' })).toBe(false);
  });

  it('after an import: builds the new version’s snapshot in a worker and stores it, once', async () => {
    await upsertLeads(db, leads);
    const version = await bumpDataVersion(db, 1);
    const key = snapshotKey(opts, String(version));
    expect(await hasSnapshot(db, key)).toBe(false);
    expect(await persistSnapshot(db, opts)).toMatchObject({ status: 'built', dataVersion: String(version) });
    const stored = await readSnapshotBytes(db, key);
    const snapshot = decodeSnapshot(stored ?? new Uint8Array());
    expect(snapshot.dataVersion).toBe(String(version));
    expect(snapshot.leads.count).toBe(leads.length);
    // Already there: one query, nothing built.
    expect(await persistSnapshot(db, opts)).toEqual({ status: 'present', dataVersion: String(version) });
  });
});

describe('npm run ingest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-persist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the snapshot of the new data version in the store for the next start', {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, 'contacts.csv');
    writeFileSync(file, 'Record ID,Create Date,Lifecycle Stage\n1,2026-03-01,lead\n2,2026-03-02,lead\n');
    const config = join(dir, 'kpi.yaml');
    writeFileSync(config, 'workspace:\n  timeZone: Europe/Paris\n  currency: EUR\n');
    const data = join(dir, 'store');
    await promisify(execFile)(
      process.execPath,
      [
        new URL('../../src/cli/ingest.ts', import.meta.url).pathname,
        '--preset',
        'hubspot-contacts',
        '--config',
        config,
        file,
      ],
      { env: { ...process.env, DATA_DIR: data } },
    );
    const db = await openStore({ DATA_DIR: data });
    try {
      const version = String(await getDataVersion(db));
      const bytes = await readSnapshotBytes(db, snapshotKey(opts, version));
      expect(bytes).not.toBeNull();
      const snapshot = decodeSnapshot(bytes ?? new Uint8Array());
      expect(snapshot.dataVersion).toBe(version);
      expect(snapshot.leads.count).toBe(2);
    } finally {
      await db.close();
    }
  });
});
