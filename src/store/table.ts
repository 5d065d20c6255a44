import { campaignKey } from '../model/campaign.ts';
import type { Db } from './db.ts';
import { arrayScanner, bulkRunner } from './embedded.ts';
import { bindable, copyRunner } from './sql.ts';

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

function upsertTail<R>(spec: TableSpec<R>): string {
  const updates = spec.columns
    .filter((c) => !spec.key.includes(c.name))
    .map((c) => `${c.name} = EXCLUDED.${c.name}`)
    .join(', ');
  return `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${updates}`;
}

const sqliteCache = new WeakMap<object, Map<string, string>>();
interface PgStatements {
  create: string;
  copy: string;
  merge: string;
  drop: string;
}

const pgCache = new WeakMap<object, PgStatements>();

/** Rows per multi-row INSERT on SQLite: one statement call binds this many rows. */
const SQLITE_ROWS = 32;

function sqliteSql<R>(spec: TableSpec<R>, rows: number): string {
  const cacheKey = `${rows}`;
  let byRows = sqliteCache.get(spec);
  if (!byRows) {
    byRows = new Map();
    sqliteCache.set(spec, byRows);
  }
  let sql = byRows.get(cacheKey);
  if (!sql) {
    const names = spec.columns.map((c) => c.name).join(', ');
    // Plain `?` (not `?NNN`): node:sqlite binds anonymous parameters fastest.
    const tuple = `(${spec.columns.map(() => '?').join(', ')})`;
    const values = Array.from({ length: rows }, () => tuple).join(', ');
    // SQLite applies the upsert row by row, so a key repeated within one statement ends with
    // its last row, as with one statement per row.
    sql = `INSERT INTO ${spec.table} (${names}) VALUES ${values} ${upsertTail(spec)}`;
    byRows.set(cacheKey, sql);
  }
  return sql;
}

/** The staging table a Postgres bulk upsert COPYs into (per transaction, dropped at commit). */
const stageOf = <R>(spec: TableSpec<R>): string => `kpi_stage_${spec.table}`;

function pgStatements<R>(spec: TableSpec<R>): PgStatements {
  const cached = pgCache.get(spec);
  if (cached) return cached;
  const names = spec.columns.map((c) => c.name).join(', ');
  const stage = stageOf(spec);
  const statements = {
    // Only the columns written, no constraints: COPY into it is a plain append.
    create: `CREATE TEMP TABLE ${stage} ON COMMIT DROP AS SELECT ${names} FROM ${spec.table} WITH NO DATA`,
    copy: `COPY ${stage} (${names}) FROM STDIN`,
    merge: `INSERT INTO ${spec.table} (${names}) SELECT ${names} FROM ${stage} ${upsertTail(spec)}`,
    // Dropped at once too: a second upsert in the same transaction creates it again.
    drop: `DROP TABLE ${stage}`,
  };
  pgCache.set(spec, statements);
  return statements;
}

/** A value in COPY's text format: \N for NULL, backslash escapes for the characters COPY reads. */
function copyText(value: unknown): string {
  const v = bindable(value);
  if (v === null) return '\\N';
  const text = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (ch) =>
        ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
      )
    : text;
}

function* copyLines<R>(spec: TableSpec<R>, rows: readonly R[]): Generator<string> {
  const columns = spec.columns;
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i++) line += (i === 0 ? '' : '\t') + copyText(columns[i]!.get(row));
    yield `${line}\n`;
  }
}

/**
 * Inserts or updates rows by key, in one transaction. SQLite reuses one prepared multi-row
 * statement (cheap in-process); Postgres COPYs the rows into a staging table and merges them
 * with one INSERT … SELECT … ON CONFLICT, after keeping the last of rows sharing a key
 * (ON CONFLICT may not touch a row twice).
 */
export async function upsertRows<R>(db: Db, spec: TableSpec<R>, rows: readonly R[]): Promise<number> {
  if (rows.length === 0) return 0;
  return db.transaction(async (tx) => {
    const bulk = bulkRunner(tx);
    if (bulk) {
      const width = spec.columns.length;
      const columns = spec.columns;
      // Whole groups of SQLITE_ROWS rows through one multi-row statement, the rest one by one:
      // fewer statement calls, the same rows in the same order.
      const whole = rows.length - (rows.length % SQLITE_ROWS);
      const fill = function* (from: number, to: number, per: number) {
        const params = new Array<unknown>(width * per);
        for (let start = from; start < to; start += per) {
          let k = 0;
          for (let r = start; r < start + per; r++) {
            const row = rows[r]!;
            for (let i = 0; i < width; i++) params[k++] = bindable(columns[i]!.get(row));
          }
          yield params;
        }
      };
      if (whole > 0) bulk(sqliteSql(spec, SQLITE_ROWS), fill(0, whole, SQLITE_ROWS));
      if (whole < rows.length) bulk(sqliteSql(spec, 1), fill(whole, rows.length, 1));
      return rows.length;
    }
    const unique = dedupe(spec, rows);
    const copy = copyRunner(tx);
    if (!copy) throw new Error(`no bulk path for the ${tx.dialect} store`);
    const sql = pgStatements(spec);
    await tx.execute(sql.create);
    await copy(sql.copy, copyLines(spec, unique));
    await tx.execute(sql.merge);
    await tx.execute(sql.drop);
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

/**
 * Reads a table in key order as rows of arrays (values in `select` order), `pageSize` rows at a
 * time. The embedded store reads in one pass with the statement's iterator; Postgres pages by
 * key as `pages` does, and the columns at `bigints` (BIGINT, which pg returns as text) are
 * turned into numbers, so both stores give the same values.
 */
export async function* arrayPages(
  db: Db,
  table: string,
  key: readonly [string, string],
  select: string,
  pageSize: number,
  bigints: readonly number[] = [],
): AsyncGenerator<unknown[][]> {
  const scan = arrayScanner(db);
  if (scan) {
    yield* scan(`SELECT ${select} FROM ${table} ORDER BY ${key[0]}, ${key[1]}`, pageSize);
    return;
  }
  // Keyset pages as `pages` reads them; the key comes first under aliases, so `select` need not
  // hold it (nor may a key column in `select` collapse with it in the row object).
  const [a, b] = key;
  const columns = `${a} AS key_a_, ${b} AS key_b_, ${select}`;
  let after: [unknown, unknown] | null = null;
  for (;;) {
    const page: Record<string, unknown>[] = after
      ? await db.query(
          `SELECT ${columns} FROM ${table} WHERE (${a}, ${b}) > ($1, $2) ORDER BY ${a}, ${b} LIMIT $3`,
          [after[0], after[1], pageSize],
        )
      : await db.query(`SELECT ${columns} FROM ${table} ORDER BY ${a}, ${b} LIMIT $1`, [pageSize]);
    if (page.length === 0) return;
    const last = page[page.length - 1]!;
    after = [last.key_a_, last.key_b_];
    const rows = page.map((r) => {
      const row = Object.values(r).slice(2);
      for (const i of bigints) if (row[i] != null) row[i] = Number(row[i]);
      return row;
    });
    yield rows;
    if (page.length < pageSize) return;
  }
}

/**
 * Hands each page to `onBatch`, one after the other (the next page is read once it returns);
 * returns how many rows there were. The stream* readers of leads and costs all end this way.
 */
export async function forEachPage<T>(
  pages: AsyncIterable<T[]>,
  onBatch: (rows: T[]) => void | Promise<void>,
): Promise<number> {
  let count = 0;
  for await (const batch of pages) {
    count += batch.length;
    await onBatch(batch);
  }
  return count;
}

/** Rows of a table (leads or costs), all or of one origin. */
export async function countRows(db: Db, table: 'leads' | 'costs', origin?: string): Promise<number> {
  const rows = origin
    ? await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE origin = $1`, [origin])
    : await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0]?.n ?? 0);
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

/**
 * `record_id` among a list given as one parameter (`param`, e.g. `$2`): an array on Postgres,
 * a JSON array read with json_each on SQLite (no limit on the number of ids either way).
 */
export function recordIdIn(db: Db, param: string): string {
  return db.dialect === 'postgres'
    ? `record_id = ANY(${param}::text[])`
    : `record_id IN (SELECT value FROM json_each(${param}))`;
}

/** The parameter recordIdIn reads. */
export function recordIdParam(db: Db, ids: readonly string[]): unknown {
  return db.dialect === 'postgres' ? ids : JSON.stringify(ids);
}
