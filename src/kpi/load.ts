import type { Currency } from '../model/money.ts';
import { streamCosts } from '../store/costs.ts';
import type { Db } from '../store/db.ts';
import { streamLeads } from '../store/leads.ts';
import { getDataVersion } from '../store/version.ts';
import type { SnapshotSource } from './cache.ts';
import { type Snapshot, SnapshotBuilder } from './snapshot.ts';

export interface LoadOptions {
  timeZone: string;
  currency: Currency;
}

/**
 * Builds a snapshot from the store, page by page (no Lead objects kept beyond a page).
 * The version is the one read before the rows: an import landing meanwhile bumps it again,
 * so the cache rebuilds on its next look.
 */
export async function loadSnapshot(db: Db, opts: LoadOptions, version?: string): Promise<Snapshot> {
  const dataVersion = version ?? String(await getDataVersion(db));
  const builder = new SnapshotBuilder({ ...opts, dataVersion });
  await streamLeads(db, (batch) => {
    builder.addLeads(batch);
  });
  await streamCosts(db, (batch) => {
    builder.addCosts(batch);
  });
  return builder.build();
}

/** The store as a SnapshotCache source. */
export function storeSource(db: Db, opts: LoadOptions): SnapshotSource {
  return {
    dataVersion: async () => String(await getDataVersion(db)),
    load: (version) => loadSnapshot(db, opts, version),
  };
}
