import { systemClock } from '../shared/clock.ts';
import type { Db } from '../store/db.ts';
import { hasSnapshot } from '../store/snapshots.ts';
import { getDataVersion } from '../store/version.ts';
import { runSnapshotWorker } from './load-off-thread.ts';
import { type LoadOptions, snapshotKey } from './snapshot-load.ts';

/** What persistSnapshot did: the version's snapshot was there already, or was built and stored. */
export type PersistOutcome =
  | { status: 'present'; dataVersion: string }
  | { status: 'built'; dataVersion: string; ms: number }
  | { status: 'skipped'; reason: string };

/**
 * Makes sure the snapshot of the store's current data version is persisted, so that the next
 * start of the app (any replica) reads it instead of building it from every row: called once an
 * import has committed (`npm run ingest`; in the app, the snapshot cache does the same on its
 * next load, src/main.ts asks for that right after each import). A version already stored costs
 * one query; otherwise the snapshot is built from the rows in a worker thread (off the caller's
 * event loop) and stored there. An in-memory store (no other reader) is skipped.
 */
export async function persistSnapshot(
  db: Db,
  opts: Pick<LoadOptions, 'timeZone' | 'currency' | 'clock'>,
): Promise<PersistOutcome> {
  if (!db.location) return { status: 'skipped', reason: 'in-memory store' };
  const dataVersion = String(await getDataVersion(db));
  if (await hasSnapshot(db, snapshotKey(opts, dataVersion))) return { status: 'present', dataVersion };
  const started = Date.now();
  const reply = await runSnapshotWorker({
    location: db.location,
    timeZone: opts.timeZone,
    currency: opts.currency,
    dataVersion,
    now: (opts.clock ?? systemClock).now().getTime(),
  });
  if (!reply.ok) throw new Error(`snapshot worker failed: ${reply.message}`);
  if (reply.persistError) throw new Error(`snapshot not stored: ${reply.persistError}`);
  return { status: 'built', dataVersion, ms: Date.now() - started };
}
