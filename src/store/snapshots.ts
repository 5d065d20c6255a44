import type { Db } from './db.ts';
import { readSnapshotFile, snapshotFileDir, writeSnapshotFile } from './snapshot-files.ts';
import { byteaReader, quoteLiteral } from './sql.ts';

/** Bytes per stored part: small enough for either store to move in one value, few enough rows. */
const PART_BYTES = 8 * 1024 * 1024;

/** Which snapshot: the data version and what else its bytes depend on (format, zone, currency). */
export interface SnapshotKey {
  dataVersion: number;
  settings: string;
}

/**
 * Stores the bytes of a data version's snapshot (given as consecutive parts, as
 * kpi/snapshot-file.ts encodes them), in one transaction, then drops the snapshots of older
 * versions. A snapshot already stored under the same key (another replica was first) is kept.
 * The embedded store also writes the bytes to a file beside the database (snapshot-files.ts).
 */
export async function saveSnapshotBytes(
  db: Db,
  key: SnapshotKey,
  parts: readonly Uint8Array[],
  byteLength: number,
  now: number,
): Promise<void> {
  const stored = await db.transaction(async (tx) => {
    const there = await tx.query('SELECT 1 AS one FROM snapshots WHERE data_version = $1 AND settings = $2', [
      key.dataVersion,
      key.settings,
    ]);
    if (there.length > 0) return false;
    await tx.execute('DELETE FROM snapshot_parts WHERE data_version = $1 AND settings = $2', [
      key.dataVersion,
      key.settings,
    ]);
    let part = 0;
    for (const chunk of rechunk(parts, PART_BYTES)) {
      await tx.execute(
        'INSERT INTO snapshot_parts (data_version, settings, part, bytes) VALUES ($1, $2, $3, $4)',
        [key.dataVersion, key.settings, part++, chunk],
      );
    }
    await tx.execute(
      `INSERT INTO snapshots (data_version, settings, byte_length, parts, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (data_version, settings) DO NOTHING`,
      [key.dataVersion, key.settings, byteLength, part, now],
    );
    // Older versions are never read again (readers ask for the current one).
    await tx.execute('DELETE FROM snapshot_parts WHERE data_version < $1', [key.dataVersion]);
    await tx.execute('DELETE FROM snapshots WHERE data_version < $1', [key.dataVersion]);
    return true;
  });
  const dir = snapshotFileDir(db.location);
  if (stored && dir) await writeSnapshotFile(dir, { ...key, byteLength, createdAt: now }, parts);
}

/** Whether a snapshot is stored under `key` (one small query; the bytes are not read). */
export async function hasSnapshot(db: Db, key: SnapshotKey): Promise<boolean> {
  const rows = await db.query('SELECT 1 AS one FROM snapshots WHERE data_version = $1 AND settings = $2', [
    key.dataVersion,
    key.settings,
  ]);
  return rows.length > 0;
}

/**
 * The bytes stored for a snapshot, in one 8-byte aligned buffer (a SharedArrayBuffer with
 * `shared`), or null when none is stored. The embedded store reads them from their file when it
 * matches the stored row (snapshot-files.ts), else from the rows, and then writes that file.
 * Throws when the parts do not add up (damaged, or dropped while being read): the caller
 * builds the snapshot then.
 */
export async function readSnapshotBytes(
  db: Db,
  key: SnapshotKey,
  options: { shared?: boolean } = {},
): Promise<Uint8Array | null> {
  const heads = await db.query<{ byte_length: number; parts: number; created_at: number }>(
    'SELECT byte_length, parts, created_at FROM snapshots WHERE data_version = $1 AND settings = $2',
    [key.dataVersion, key.settings],
  );
  const head = heads[0];
  if (!head) return null;
  // Shared: worker threads (the query pool) then see the same bytes, without a copy.
  const length = Number(head.byte_length);
  const dir = snapshotFileDir(db.location);
  const fileHead = { ...key, byteLength: length, createdAt: Number(head.created_at) };
  if (dir) {
    const fromFile = await readSnapshotFile(dir, fileHead, options.shared ?? false);
    if (fromFile) return fromFile;
  }
  const out = new Uint8Array(options.shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length));
  let at = 0;
  const put = (part: number, bytes: Uint8Array | undefined) => {
    if (!bytes || at + bytes.length > out.length)
      throw new Error(`snapshot part ${part} missing or too long`);
    out.set(bytes, at);
    at += bytes.length;
  };
  const copy = byteaReader(db);
  if (copy) {
    // Postgres: every part in one binary COPY, streamed (a query would send each as hex text).
    let part = 0;
    for await (const bytes of copy(
      `SELECT bytes FROM snapshot_parts WHERE data_version = ${Number(key.dataVersion)} AND settings = ${quoteLiteral(key.settings)} ORDER BY part`,
    ))
      put(part++, bytes);
    if (part !== Number(head.parts)) throw new Error(`snapshot has ${part} of ${head.parts} parts`);
  } else {
    // One part per query: only one part is held beside the result at a time.
    for (let part = 0; part < Number(head.parts); part++) {
      const rows = await db.query<{ bytes: Uint8Array }>(
        'SELECT bytes FROM snapshot_parts WHERE data_version = $1 AND settings = $2 AND part = $3',
        [key.dataVersion, key.settings, part],
      );
      put(part, rows[0]?.bytes);
    }
  }
  if (at !== out.length) throw new Error(`snapshot parts hold ${at} of ${out.length} bytes`);
  // The local copy for the next start, written while this one goes on with the bytes (the
  // answer does not wait for 100 MB to be written; a copy cut short by an exit is never renamed).
  if (dir) void writeSnapshotFile(dir, fileHead, [out]);
  return out;
}

/** The parts regrouped into chunks of `size` bytes (the last one shorter). */
function* rechunk(parts: readonly Uint8Array[], size: number): Generator<Uint8Array> {
  let chunk = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    let from = 0;
    while (from < part.length) {
      const n = Math.min(size - at, part.length - from);
      chunk.set(part.subarray(from, from + n), at);
      at += n;
      from += n;
      if (at === size) {
        yield Buffer.from(chunk.buffer, 0, size);
        chunk = new Uint8Array(size);
        at = 0;
      }
    }
  }
  // Buffers: pg binds them as bytea (node:sqlite takes any Uint8Array as a BLOB).
  if (at > 0) yield Buffer.from(chunk.buffer, 0, at);
}
