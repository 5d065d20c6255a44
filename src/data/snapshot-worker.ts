import { parentPort, workerData } from 'node:worker_threads';
import { encodeSnapshot } from '../kpi/snapshot-file.ts';
import type { Currency } from '../model/money.ts';
import type { StoreLocation } from '../store/db.ts';
import { openStoreAt } from '../store/open.ts';
import { readSnapshotBytes, saveSnapshotBytes } from '../store/snapshots.ts';
import { buildSnapshotFromRows, snapshotKey } from './snapshot-load.ts';

/** What the parent asks (see load-off-thread.ts): one data version's snapshot, as bytes. */
export interface SnapshotJob {
  location: StoreLocation;
  timeZone: string;
  currency: Currency;
  dataVersion: string;
  /** The parent's clock at the request (when a persisted snapshot is stamped). */
  now: number;
}

export type SnapshotReply =
  | { ok: true; bytes: SharedArrayBuffer; built: boolean; persistError: string | null }
  | { ok: false; message: string };

/**
 * A worker thread's job: the snapshot's bytes for one data version, read from the store when
 * persisted, else built from the rows (the heavy part, off the parent's event loop) and
 * persisted for the next reader. The bytes are shared with the parent (a SharedArrayBuffer), not copied.
 */
async function run(job: SnapshotJob): Promise<SnapshotReply> {
  const db = await openStoreAt(job.location);
  try {
    const opts = { timeZone: job.timeZone, currency: job.currency };
    const key = snapshotKey(opts, job.dataVersion);
    const stored = await readSnapshotBytes(db, key, { shared: true }).catch(() => null);
    if (stored)
      return { ok: true, bytes: stored.buffer as SharedArrayBuffer, built: false, persistError: null };
    let persistError: string | null = null;
    const { parts, byteLength } = encodeSnapshot(await buildSnapshotFromRows(db, opts, job.dataVersion));
    // Shared with the parent (not copied), which hands the same bytes to its query threads.
    const bytes = new Uint8Array(new SharedArrayBuffer(byteLength));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    parts.length = 0;
    try {
      await saveSnapshotBytes(db, key, [bytes], byteLength, job.now);
    } catch (error) {
      persistError = error instanceof Error ? error.message : String(error);
    }
    return { ok: true, bytes: bytes.buffer, built: true, persistError };
  } finally {
    await db.close();
  }
}

if (parentPort) {
  const port = parentPort;
  try {
    const reply = await run(workerData as SnapshotJob);
    port.postMessage(reply);
  } catch (error) {
    port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}
