import { campaignKey } from '../model/campaign.ts';
import type { Db } from './db.ts';
import { bulkRunner } from './embedded.ts';
import { bindable } from './sql.ts';

/** How one column of a repository table is written and read. */
export interface Column<R> {
  name: string;
  /** The Postgres array element type used by the bulk upsert (`unnest($n::type[])`). */
  pgType: 'text' | 'bigint' | 'integer' | 'float8';
  get: (row: R) => unknown;
}

export interface TableSpec<R> {
  table: string;
  key: readonly string[];
  columns: readonly Column<R>[];
}

const PG_CHUNK = 5000;

function upsertTail<R>(spec: TableSpec<R>): string {
  const updates = spec.columns
    .filter((c) => !spec.key.includes(c.name))
    .map((c) => `${c.name} = EXCLUDED.${c.name}`)
    .join(', ');
  return `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${updates}`;
}

const sqliteCache = new WeakMap<object, string>();
const pgCache = new WeakMap<object, string>();

function sqliteSql<R>(spec: TableSpec<R>): string {
  let sql = sqliteCache.get(spec);
  if (!sql) {
    const names = spec.columns.map((c) => c.name).join(', ');
    // Plain `?` (not `?NNN`): node:sqlite binds anonymous parameters fastest.
    const values = spec.columns.map(() => '?').join(', ');
    sql = `INSERT INTO ${spec.table} (${names}) VALUES (${values}) ${upsertTail(spec)}`;
    sqliteCache.set(spec, sql);
  }
  return sql;
}

function pgSql<R>(spec: TableSpec<R>): string {
  let sql = pgCache.get(spec);
  if (!sql) {
    const names = spec.columns.map((c) => c.name).join(', ');
    const arrays = spec.columns.map((c, i) => `$${i + 1}::${c.pgType}[]`).join(', ');
    sql = `INSERT INTO ${spec.table} (${names}) SELECT * FROM unnest(${arrays}) ${upsertTail(spec)}`;
    pgCache.set(spec, sql);
  }
  return sql;
}

/**
 * Inserts or updates rows by key, in one transaction. SQLite reuses one prepared statement
 * per row (cheap in-process); Postgres sends one `unnest` of column arrays per chunk, after
 * keeping the last of rows sharing a key (ON CONFLICT may not touch a row twice).
 */
export async function upsertRows<R>(db: Db, spec: TableSpec<R>, rows: readonly R[]): Promise<number> {
  if (rows.length === 0) return 0;
  return db.transaction(async (tx) => {
    const bulk = bulkRunner(tx);
    if (bulk) {
      const width = spec.columns.length;
      const params = new Array<unknown>(width);
      const columns = spec.columns;
      bulk(
        sqliteSql(spec),
        (function* () {
          for (const row of rows) {
            for (let i = 0; i < width; i++) params[i] = bindable(columns[i]!.get(row));
            yield params;
          }
        })(),
      );
      return rows.length;
    }
    const unique = dedupe(spec, rows);
    const sql = pgSql(spec);
    for (let start = 0; start < unique.length; start += PG_CHUNK) {
      const chunk = unique.slice(start, start + PG_CHUNK);
      const arrays = spec.columns.map((c) => chunk.map((row) => bindable(c.get(row))));
      await tx.execute(sql, arrays);
    }
    return unique.length;
  });
}

function dedupe<R>(spec: TableSpec<R>, rows: readonly R[]): R[] {
  const keyColumns = spec.columns.filter((c) => spec.key.includes(c.name));
  const byKey = new Map<string, R>();
  for (const row of rows) byKey.set(JSON.stringify(keyColumns.map((c) => c.get(row))), row);
  return byKey.size === rows.length ? [...rows] : [...byKey.values()];
}

/**
 * Reads a table in key order, one page at a time (keyset pagination on the primary key), so
 * a reader never holds more than one page. Works the same on both stores.
 */
export async function* pages<T extends object>(
  db: Db,
  table: string,
  key: readonly [string, string],
  select: string,
  pageSize: number,
): AsyncGenerator<T[]> {
  const [a, b] = key;
  let after: [unknown, unknown] | null = null;
  for (;;) {
    const rows: T[] = after
      ? await db.query<T>(
          `SELECT ${select} FROM ${table} WHERE (${a}, ${b}) > ($1, $2) ORDER BY ${a}, ${b} LIMIT $3`,
          [after[0], after[1], pageSize],
        )
      : await db.query<T>(`SELECT ${select} FROM ${table} ORDER BY ${a}, ${b} LIMIT $1`, [pageSize]);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1] as Record<string, unknown>;
    after = [last[a], last[b]];
  }
}

const keyMemo = new Map<string, string | null>();

/** campaignKey() memoised: campaign names repeat on most rows of an import. */
export function memoCampaignKey(name: string | null): string | null {
  if (name == null) return null;
  let key = keyMemo.get(name);
  if (key === undefined) {
    // A bounded memo: an export with endless distinct names just recomputes.
    if (keyMemo.size > 50_000) keyMemo.clear();
    key = campaignKey(name);
    keyMemo.set(name, key);
  }
  return key;
}
