import { randomBytes } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/open.ts';
import { snapshotFileDir } from '../../src/store/snapshot-files.ts';
import { readSnapshotBytes, saveSnapshotBytes } from '../../src/store/snapshots.ts';

/*
 * The embedded store keeps each persisted snapshot as a file beside the database too, read in
 * one go at the next start. The rows stay the record: a file is used only when it matches them.
 */

const bytesOf = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
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
    expect(readFileSync(join(files, name)).length).toBe(bytes.length);
    rmSync(join(files, name));
    expect(same(await readSnapshotBytes(db, key), bytes)).toBe(true);
    expect(binFiles()).toEqual([name]);
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
