import type { SnapshotSource } from '../kpi/cache.ts';
import { COST_ROW_FIELDS, LEAD_ROW_FIELDS, type Snapshot, SnapshotBuilder } from '../kpi/snapshot.ts';
import type { Currency } from '../model/money.ts';
import { streamCostRows } from '../store/costs.ts';
import type { Db } from '../store/db.ts';
import { streamLeadRows } from '../store/leads.ts';
import { getDataVersion } from '../store/version.ts';

export interface LoadOptions {
  timeZone: string;
  currency: Currency;
}

/** Rows per page of the read-back (the embedded store reads in one pass either way). */
const LOAD_PAGE = 50_000;

/**
 * Builds a snapshot from the store, page by page, from rows read as arrays (no Lead objects).
 * The version is the one read before the rows: an import landing meanwhile bumps it again,
 * so the cache rebuilds on its next look.
 */
export async function loadSnapshot(db: Db, opts: LoadOptions, version?: string): Promise<Snapshot> {
  const dataVersion = version ?? String(await getDataVersion(db));
  const builder = new SnapshotBuilder({ ...opts, dataVersion });
  await streamLeadRows(
    db,
    LEAD_ROW_FIELDS,
    (rows, at) => {
      builder.addLeadRows(rows, at);
    },
    LOAD_PAGE,
  );
  await streamCostRows(
    db,
    COST_ROW_FIELDS,
    (rows, at) => {
      builder.addCostRows(rows, at);
    },
    LOAD_PAGE,
  );
  return builder.build();
}

/** The store as a SnapshotCache source. */
export function storeSource(db: Db, opts: LoadOptions): SnapshotSource {
  return {
    dataVersion: async () => String(await getDataVersion(db)),
    load: (version) => loadSnapshot(db, opts, version),
  };
}
