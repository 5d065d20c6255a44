import { COST_ROW_FIELDS, LEAD_ROW_FIELDS, type Snapshot, SnapshotBuilder } from '../kpi/snapshot.ts';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT } from '../kpi/snapshot-file.ts';
import type { Currency } from '../model/money.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { streamCostRows } from '../store/costs.ts';
import type { Db } from '../store/db.ts';
import { streamLeadRows } from '../store/leads.ts';
import { readSnapshotBytes, type SnapshotKey, saveSnapshotBytes } from '../store/snapshots.ts';
import { getDataVersion } from '../store/version.ts';

export interface LoadOptions {
  timeZone: string;
  currency: Currency;
  /**
   * Whether to read and keep the snapshot persisted in the store (default true). A temporary
   * store (`kpi --data`) builds it once and never reopens it.
   */
  persist?: boolean;
  /** When a persisted snapshot was written (default: the system clock). */
  clock?: Clock;
  /** What went wrong with a persisted snapshot (it is then rebuilt from the rows). */
  onPersistError?: (error: unknown) => void;
}

/** Rows per page of the read-back (the embedded store reads in one pass either way). */
const LOAD_PAGE = 50_000;

/** The key a data version's snapshot is persisted under in the store. */
export function snapshotKey(opts: LoadOptions, dataVersion: string): SnapshotKey {
  return {
    dataVersion: Number(dataVersion),
    settings: `format ${SNAPSHOT_FORMAT}; ${opts.timeZone}; ${opts.currency}`,
  };
}

/**
 * Builds a snapshot from the store, page by page, from rows read as arrays (no Lead objects).
 * The version is the one read before the rows: an import landing meanwhile bumps it again,
 * so the cache rebuilds on its next look.
 */
export async function buildSnapshotFromRows(
  db: Db,
  opts: LoadOptions,
  dataVersion: string,
): Promise<Snapshot> {
  const builder = new SnapshotBuilder({ timeZone: opts.timeZone, currency: opts.currency, dataVersion });
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

/**
 * The snapshot of the store's data version (or of `version`): read back from the bytes
 * persisted for that version when they are there (a read, not a rebuild: every replica and
 * every restart after the first), else built from the rows and persisted for the next reader.
 * A persisted snapshot that cannot be read or written never fails the load: it is rebuilt.
 */
export async function loadSnapshot(db: Db, opts: LoadOptions, version?: string): Promise<Snapshot> {
  const dataVersion = version ?? String(await getDataVersion(db));
  const persist = opts.persist ?? true;
  const key = snapshotKey(opts, dataVersion);
  if (persist) {
    try {
      const bytes = await readSnapshotBytes(db, key);
      if (bytes) return decodeSnapshot(bytes);
    } catch (error) {
      opts.onPersistError?.(error);
    }
  }
  const snapshot = await buildSnapshotFromRows(db, opts, dataVersion);
  if (persist) {
    try {
      const { parts, byteLength } = encodeSnapshot(snapshot);
      await saveSnapshotBytes(db, key, parts, byteLength, (opts.clock ?? systemClock).now().getTime());
    } catch (error) {
      opts.onPersistError?.(error);
    }
  }
  return snapshot;
}
