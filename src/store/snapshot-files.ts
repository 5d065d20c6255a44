import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readWholeFile } from '../shared/read-file.ts';
import type { StoreLocation } from './db.ts';

/**
 * The persisted snapshots, also kept as plain files: beside the embedded store's database
 * (`kpi.sqlite-snapshots/`), or in the data directory of each host of a Postgres store
 * (`postgres-snapshots/<database>/`). A restart reads one file straight into the buffer the
 * snapshot's columns are views of (about 50 ms for 100 MB), instead of SQLite's overflow pages
 * part by part and a copy of each part (about 130 ms), or a binary COPY from Postgres (about
 * 300 ms). The rows of `snapshots` / `snapshot_parts` stay
 * the record: a file is only read when its name matches the stored row's data version, settings,
 * length and creation time (a store deleted and made again never meets an older file), and a
 * missing, short or unreadable file is read from the store and written again. Files are written
 * under a temporary name and renamed, so none is ever half written; one damaged on disk (bytes
 * that do not decode) is reported and the snapshot rebuilt, as with damaged rows.
 */

/** What the store's `snapshots` row says of the bytes. */
export interface SnapshotHead {
  dataVersion: number;
  settings: string;
  byteLength: number;
  createdAt: number;
}

/** A temporary file older than this is a writer that died: removed by the next writer. */
const STALE_TEMP_MS = 10 * 60_000;

/** The folder of a store's snapshot files, or null for a store without one (in memory). */
export function snapshotFileDir(location: StoreLocation | null): string | null {
  if (location?.kind === 'sqlite') return `${location.path}-snapshots`;
  return location?.snapshotDir ?? null;
}

/**
 * Where a host keeps its copies of a Postgres store's snapshots: under the data directory, one
 * folder per database (its connection string without the password, and the schema), so that
 * two databases never share one. Every replica writes its own copy the first time it reads a
 * version from the database, and reads that copy at its next starts.
 */
export function postgresSnapshotDir(dataDir: string, connectionString: string, schema?: string): string {
  let identity = connectionString;
  try {
    const url = new URL(connectionString);
    url.password = '';
    identity = url.toString();
  } catch {
    // Not a URL (a libpq keyword string): hashed as it is, never written out.
  }
  const tag = createHash('sha256')
    .update(`${identity}\n${schema ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  return join(dataDir, 'postgres-snapshots', tag);
}

const settingsTag = (settings: string): string =>
  createHash('sha256').update(settings).digest('hex').slice(0, 16);

/** The file name of a stored snapshot: every field of its row that tells two snapshots apart. */
export function snapshotFileName(head: SnapshotHead): string {
  return `v${head.dataVersion}-${head.createdAt}-${head.byteLength}-${settingsTag(head.settings)}.bin`;
}

const versionOf = (name: string): number | null => {
  const m = /^v(\d+)-/.exec(name);
  return m ? Number(m[1]) : null;
};

/**
 * The bytes of the file for `head` (in a SharedArrayBuffer with `shared`), or null when there is
 * no such file or it does not hold exactly `byteLength` bytes.
 */
export function readSnapshotFile(
  dir: string,
  head: SnapshotHead,
  shared: boolean,
): Promise<Uint8Array | null> {
  return readWholeFile(join(dir, snapshotFileName(head)), { shared, size: head.byteLength });
}

/**
 * Writes the file for `head` (a temporary name, then renamed: a reader never sees half of it),
 * then removes the files of older data versions and temporary files left by writers that died.
 * Failing only costs the next start the slower read from the store: never thrown.
 */
export async function writeSnapshotFile(
  dir: string,
  head: SnapshotHead,
  parts: readonly Uint8Array[],
): Promise<void> {
  const name = snapshotFileName(head);
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, parts);
    await rename(temp, join(dir, name));
  } catch {
    await rm(temp, { force: true }).catch(() => {});
    return;
  }
  await removeStale(dir, head, name).catch(() => {});
}

/**
 * Removes the files of versions before `head`'s, the other files of its version and settings
 * (rows dropped and written again), and temporary files older than STALE_TEMP_MS.
 */
async function removeStale(dir: string, head: SnapshotHead, keep: string): Promise<void> {
  const now = Date.now();
  const tag = `-${settingsTag(head.settings)}.bin`;
  for (const name of await readdir(dir)) {
    const at = join(dir, name);
    if (name.endsWith('.tmp')) {
      const info = await stat(at).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(at, { force: true }).catch(() => {});
      continue;
    }
    const version = versionOf(name);
    if (version === null || name === keep) continue;
    if (version < head.dataVersion || (version === head.dataVersion && name.endsWith(tag)))
      await rm(at, { force: true }).catch(() => {});
  }
}
