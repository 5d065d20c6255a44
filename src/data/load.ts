import type { SnapshotSource } from '../kpi/cache.ts';
import type { Db } from '../store/db.ts';
import { getDataVersion } from '../store/version.ts';
import { loadSnapshotOffThread } from './load-off-thread.ts';
import type { LoadOptions } from './snapshot-load.ts';

export { loadSnapshotOffThread } from './load-off-thread.ts';
export { buildSnapshotFromRows, type LoadOptions, loadSnapshot, snapshotKey } from './snapshot-load.ts';

/** The store as a SnapshotCache source, loading off the event loop (loadSnapshotOffThread). */
export function storeSource(db: Db, opts: LoadOptions): SnapshotSource {
  return {
    dataVersion: async () => String(await getDataVersion(db)),
    load: (version) => loadSnapshotOffThread(db, opts, version),
  };
}
