import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/open.ts';
import { quoteIdent } from '../../src/store/postgres.ts';
import { postgresSnapshotDir, snapshotFileDir } from '../../src/store/snapshot-files.ts';
import { readSnapshotBytes, saveSnapshotBytes } from '../../src/store/snapshots.ts';
import { TEST_DATABASE_URL } from './fixtures.ts';

/*
 * The embedded store keeps each persisted snapshot as a file beside the database too, read in
 * one go at the next start. The rows stay the record: a file is used only when it matches them.
 */

const bytesOf = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
/** Waits until `dir` holds a file named `name` (the copy is written after the read returns). */
async function fileAppears(dir: string, test: (name: string) => boolean): Promise<string[]> {
  for (let turn = 0; turn < 10_000; turn++) {
    const names = existsSync(dir) ? readdirSync(dir).filter(test) : [];
    if (names.length > 0) return names;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`no file appeared in ${dir}`);
}
const same = (a: Uint8Array | null, b: Uint8Array): boolean =>
  a !== null && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe('snapshot files of the embedded store', () => {
  let dir: string;
  let db: Db;
  let files: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-snapfiles-'));
    db = await openStore({ DATA_DIR: dir });
    await migrate(db);
    files = snapshotFileDir(db.location) ?? '';
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const binFiles = () => readdirSync(files).filter((n) => n.endsWith('.bin'));

  it('writes the file when the snapshot is saved, and reads it back from the file', async () => {
    const bytes = bytesOf(100_000);
    const key = { dataVersion: 3, settings: 'format 1; Europe/Paris; EUR' };
    await saveSnapshotBytes(db, key, [bytes.subarray(0, 10), bytes.subarray(10)], bytes.length, 1000);
    expect(binFiles()).toHaveLength(1);
    const [name] = binFiles();
    expect(same(new Uint8Array(readFileSync(join(files, name ?? ''))), bytes)).toBe(true);
    // The rows are emptied: what comes back can only be the file's.
    await db.execute('DELETE FROM snapshot_parts');
    const back = await readSnapshotBytes(db, key, { shared: true });
    expect(back?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(same(back, bytes)).toBe(true);
  });

  it('never reads a file that does not match the stored row (rows dropped and written again)', async () => {
    const key = { dataVersion: 1, settings: 's' };
    const old = bytesOf(5000);
    await saveSnapshotBytes(db, key, [old], old.length, 1000);
    const oldFiles = binFiles();
    // A new store history at the same version and length: other bytes, another creation time.
    await db.execute('DELETE FROM snapshot_parts');
    await db.execute('DELETE FROM snapshots');
    const fresh = bytesOf(5000);
    await saveSnapshotBytes(db, key, [fresh], fresh.length, 2000);
    expect(same(await readSnapshotBytes(db, key), fresh)).toBe(true);
    // The stale file of that version and settings is gone.
    expect(binFiles()).toHaveLength(1);
    expect(binFiles()).not.toEqual(oldFiles);
  });

  it('reads the rows when the file is cut short or missing, and writes the file again', async () => {
    const key = { dataVersion: 2, settings: 's' };
    const bytes = bytesOf(70_000);
    await saveSnapshotBytes(db, key, [bytes], bytes.length, 1000);
    const [name = ''] = binFiles();
    truncateSync(join(files, name), 1000);
    expect(same(await readSnapshotBytes(db, key), bytes)).toBe(true);
    await fileAppears(files, (n) => n === name && statSync(join(files, n)).size === bytes.length);
    rmSync(join(files, name));
    expect(same(await readSnapshotBytes(db, key), bytes)).toBe(true);
    expect(await fileAppears(files, (n) => n.endsWith('.bin'))).toEqual([name]);
  });

  it('drops the files of older versions and dead writers’ temporary files when a new one is written', async () => {
    const a = bytesOf(3000);
    await saveSnapshotBytes(db, { dataVersion: 1, settings: 'x' }, [a], a.length, 1000);
    const stale = join(files, '.v1-dead.123.tmp');
    writeFileSync(stale, 'half');
    utimesSync(stale, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const b = bytesOf(3000);
    await saveSnapshotBytes(db, { dataVersion: 2, settings: 'x' }, [b], b.length, 2000);
    expect(binFiles()).toHaveLength(1);
    expect(binFiles()[0]?.startsWith('v2-')).toBe(true);
    expect(readdirSync(files).some((n) => n.endsWith('.tmp'))).toBe(false);
  });
});

describe('snapshot files of a Postgres store', () => {
  const schema = `test_snapfiles_${randomBytes(6).toString('hex')}`;
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-pgsnap-'));
    db = await openStore({ DATABASE_URL: TEST_DATABASE_URL, DATA_DIR: dir }, { schema });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    await client.end();
  });

  it('keeps a copy per database under DATA_DIR, read at the next start instead of the database', async () => {
    const files = snapshotFileDir(db.location) ?? '';
    expect(files.startsWith(join(dir, 'postgres-snapshots'))).toBe(true);
    // Another schema (another database) never shares the folder; the password is not part of it.
    expect(postgresSnapshotDir(dir, TEST_DATABASE_URL, 'other')).not.toBe(files);
    const url = new URL(TEST_DATABASE_URL);
    url.password = 'secret';
    expect(postgresSnapshotDir(dir, url.toString(), schema)).toBe(files);
    const bytes = bytesOf(200_000);
    const key = { dataVersion: 4, settings: 'pg' };
    await saveSnapshotBytes(db, key, [bytes], bytes.length, 1000);
    expect(readdirSync(files).filter((n) => n.endsWith('.bin'))).toHaveLength(1);
    await db.execute('DELETE FROM snapshot_parts');
    expect(same(await readSnapshotBytes(db, key, { shared: true }), bytes)).toBe(true);
  });

  it('writes the copy the first time a version is read from the database', async () => {
    const files = snapshotFileDir(db.location) ?? '';
    const bytes = bytesOf(50_000);
    const key = { dataVersion: 5, settings: 'pg' };
    await saveSnapshotBytes(db, key, [bytes], bytes.length, 2000);
    rmSync(files, { recursive: true, force: true });
    expect(same(await readSnapshotBytes(db, key), bytes)).toBe(true);
    expect(await fileAppears(files, (n) => n.startsWith('v5-'))).toHaveLength(1);
  });
});
