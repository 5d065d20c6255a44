import { Worker } from 'node:worker_threads';
import type { Snapshot } from '../kpi/snapshot.ts';
import { systemClock } from '../shared/clock.ts';
import type { Db } from '../store/db.ts';
import { readSnapshotBytes } from '../store/snapshots.ts';
import { getDataVersion } from '../store/version.ts';
import { type LoadOptions, loadSnapshot, snapshotKey } from './snapshot-load.ts';
import { decodeShared } from './snapshot-shared.ts';
import type { SnapshotJob, SnapshotReply } from './snapshot-worker.ts';

// The worker's file beside this one: .ts when run from the sources, .js once built.
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './snapshot-worker.ts' : './snapshot-worker.js',
  import.meta.url,
);

/** Runs the snapshot worker once; resolves with its reply, rejects when it dies. */
export function runSnapshotWorker(job: SnapshotJob): Promise<SnapshotReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: job });
    let replied = false;
    worker.once('message', (reply: SnapshotReply) => {
      replied = true;
      resolve(reply);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!replied) reject(new Error(`snapshot worker exited with code ${code} before replying`));
    });
  });
}

/**
 * The snapshot of the store's data version (or of `version`), without blocking this thread's
 * event loop for long: the bytes persisted for the version are read in parts of a few MB (each
 * read awaited) and viewed in place; a version with no persisted snapshot is built from the rows
 * in a worker thread, which persists it for every later start and replica and hands the bytes
 * over. A store no worker can open (in-memory SQLite) loads on this thread; so does any store
 * when the worker fails to run (its failure is reported through `onPersistError`).
 *
 * The API the app's startup and its snapshot cache use: await it, and the event loop keeps
 * answering /health and acknowledging Slack requests meanwhile.
 */
export async function loadSnapshotOffThread(db: Db, opts: LoadOptions, version?: string): Promise<Snapshot> {
  const dataVersion = version ?? String(await getDataVersion(db));
  if (!db.location || opts.persist === false) return loadSnapshot(db, opts, dataVersion);
  try {
    const bytes = await readSnapshotBytes(db, snapshotKey(opts, dataVersion), { shared: true });
    if (bytes) return decodeShared(bytes);
  } catch (error) {
    opts.onPersistError?.(error);
  }
  let reply: SnapshotReply;
  try {
    reply = await runSnapshotWorker({
      location: db.location,
      timeZone: opts.timeZone,
      currency: opts.currency,
      dataVersion,
      now: (opts.clock ?? systemClock).now().getTime(),
    });
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (!reply.ok) {
    opts.onPersistError?.(new Error(`snapshot worker failed: ${reply.message}`));
    return loadSnapshot(db, opts, dataVersion);
  }
  if (reply.persistError) opts.onPersistError?.(new Error(reply.persistError));
  return decodeShared(new Uint8Array(reply.bytes));
}
