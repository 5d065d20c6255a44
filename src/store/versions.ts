import type { Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import { readCostsByKeys, sameCost } from './costs.ts';
import type { Db } from './db.ts';
import { bulkRunner } from './embedded.ts';
import { readLeadsByKeys, sameLead } from './leads.ts';

/** How one table's rows are read back by key and compared. */
export interface VersionedTable<R extends { origin: string; recordId: string }> {
  tbl: 'leads' | 'costs';
  read(db: Db, origin: string, recordIds: readonly string[]): Promise<R[]>;
  same(a: R, b: R): boolean;
}

export const LEAD_VERSIONS: VersionedTable<Lead> = { tbl: 'leads', read: readLeadsByKeys, same: sameLead };
export const COST_VERSIONS: VersionedTable<Cost> = { tbl: 'costs', read: readCostsByKeys, same: sameCost };

/** Rows per multi-row INSERT on SQLite (one statement call binds this many records). */
const SQLITE_ROWS = 32;
const insertSqlite = (rows: number) =>
  `INSERT INTO row_versions (import_id, tbl, origin, record_id, previous, changed) VALUES ${Array.from(
    { length: rows },
    () => '(?, ?, ?, ?, ?, ?)',
  ).join(', ')} ON CONFLICT (import_id, tbl, origin, record_id) DO NOTHING`;
const INSERT_SQLITE_MANY = insertSqlite(SQLITE_ROWS);
const INSERT_SQLITE_ONE = insertSqlite(1);
const INSERT_PG = `INSERT INTO row_versions (import_id, tbl, origin, record_id, previous, changed)
  SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::integer[])
  ON CONFLICT (import_id, tbl, origin, record_id) DO NOTHING`;
const PG_CHUNK = 5000;

/** Rows of a batch by origin, the last row of a repeated key kept (as the upsert keeps it). */
function byOrigin<R extends { origin: string; recordId: string }>(
  rows: readonly R[],
): Map<string, Map<string, R>> {
  const out = new Map<string, Map<string, R>>();
  for (const row of rows) {
    let keys = out.get(row.origin);
    if (!keys) {
      keys = new Map();
      out.set(row.origin, keys);
    }
    keys.set(row.recordId, row);
  }
  return out;
}

/**
 * Before `rows` are upserted by import `importId` (call in the same transaction): records each
 * key with its stored value (JSON; null when the import adds it) and whether the import changes
 * it. A key the import already touched keeps its first record, the value from before the import.
 */
export async function captureVersions<R extends { origin: string; recordId: string }>(
  tx: Db,
  importId: string,
  table: VersionedTable<R>,
  rows: readonly R[],
): Promise<void> {
  const records: [string, string, string | null, number][] = [];
  for (const [origin, keys] of byOrigin(rows)) {
    const stored = new Map((await table.read(tx, origin, [...keys.keys()])).map((r) => [r.recordId, r]));
    for (const [recordId, next] of keys) {
      const previous = stored.get(recordId);
      records.push([
        origin,
        recordId,
        previous ? JSON.stringify(previous) : null,
        previous && !table.same(previous, next) ? 1 : 0,
      ]);
    }
  }
  await insertVersions(tx, importId, table.tbl, records);
}

/** Inserts version records, a key already recorded for this import keeping its first one. */
async function insertVersions(
  tx: Db,
  importId: string,
  tbl: string,
  records: readonly (readonly [string, string, string | null, number])[],
): Promise<void> {
  const bulk = bulkRunner(tx);
  if (bulk) {
    // Whole groups through one multi-row statement, the rest one by one (as table.ts upserts).
    const whole = records.length - (records.length % SQLITE_ROWS);
    const groups = function* () {
      for (let start = 0; start < whole; start += SQLITE_ROWS) {
        yield records.slice(start, start + SQLITE_ROWS).flatMap((r) => [importId, tbl, ...r]);
      }
    };
    if (whole > 0) bulk(INSERT_SQLITE_MANY, groups());
    if (whole < records.length) {
      bulk(
        INSERT_SQLITE_ONE,
        records.slice(whole).map((r) => [importId, tbl, ...r]),
      );
    }
    return;
  }
  for (let start = 0; start < records.length; start += PG_CHUNK) {
    const chunk = records.slice(start, start + PG_CHUNK);
    await tx.execute(INSERT_PG, [
      importId,
      tbl,
      chunk.map((r) => r[0]),
      chunk.map((r) => r[1]),
      chunk.map((r) => r[2]),
      chunk.map((r) => r[3]),
    ]);
  }
}

/**
 * Before import `importId` deletes stored rows (another report level's spend): records them as
 * changed, with their values, so an undo puts them back.
 */
export async function captureDeleted<R extends { origin: string; recordId: string }>(
  tx: Db,
  importId: string,
  table: VersionedTable<R>,
  rows: readonly R[],
): Promise<void> {
  await insertVersions(
    tx,
    importId,
    table.tbl,
    rows.map((r) => [r.origin, r.recordId, JSON.stringify(r), 1]),
  );
}

/** What an import did to stored rows, from its versions. */
export interface VersionCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export async function versionCounts(db: Db, importId: string): Promise<VersionCounts> {
  const rows = await db.query<{ added: unknown; updated: unknown; total: unknown }>(
    `SELECT SUM(CASE WHEN previous IS NULL THEN 1 ELSE 0 END) AS added, SUM(changed) AS updated,
      COUNT(*) AS total FROM row_versions WHERE import_id = $1`,
    [importId],
  );
  const added = Number(rows[0]?.added ?? 0);
  const updated = Number(rows[0]?.updated ?? 0);
  return { added, updated, unchanged: Number(rows[0]?.total ?? 0) - added - updated };
}
