import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Db, StoreLocation } from './db.ts';
import { bindable, toSqlitePlaceholders } from './sql.ts';

export interface EmbeddedOptions {
  /** Milliseconds a writer waits for another process' lock before failing (default 5 000). */
  busyTimeoutMs?: number;
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * The embedded store over `node:sqlite`: one file, no server. The connection is synchronous,
 * so the async interface only serialises transactions: while one runs, calls from outside it
 * wait; calls from inside it (found through AsyncLocalStorage) join it.
 */
class EmbeddedDb implements Db {
  readonly dialect = 'sqlite' as const;
  readonly location: StoreLocation | null;
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  readonly #context = new AsyncLocalStorage<true>();
  #busy: Promise<void> = Promise.resolve();
  #inTransaction = false;

  constructor(db: DatabaseSync, path: string) {
    this.#db = db;
    this.location = path === ':memory:' ? null : { kind: 'sqlite', path };
  }

  async query<T extends object = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    await this.#waitTurn();
    return this.#statement(sql).all(...toParams(params)) as T[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    await this.#waitTurn();
    return Number(this.#statement(sql).run(...toParams(params)).changes);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    // Nested: reuse the transaction already open in this async context.
    if (this.#context.getStore()) return fn(this);
    const previous = this.#busy;
    let release!: () => void;
    this.#busy = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading.
      this.#db.exec('BEGIN IMMEDIATE');
      this.#inTransaction = true;
      try {
        const result = await this.#context.run(true, () => fn(this));
        this.#db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
        throw error;
      } finally {
        this.#inTransaction = false;
      }
    } finally {
      release();
    }
  }

  /**
   * Runs one statement for many parameter rows synchronously, reusing one prepared statement:
   * the bulk path of the repositories (an await per row would cost more than the insert).
   * The SQL is used as written (plain `?` placeholders bind fastest).
   */
  runMany(sql: string, rows: Iterable<readonly unknown[]>): number {
    if (this.#inTransaction && !this.#context.getStore()) {
      throw new Error('runMany outside the running transaction');
    }
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    let changes = 0;
    for (const params of rows) changes += Number(statement.run(...(params as SQLInputValue[])).changes);
    return changes;
  }

  /**
   * Reads a SELECT in one pass with the statement's iterator, rows as arrays in SELECT order,
   * handed over `chunk` rows at a time (one row object fewer per row than `query`, no
   * re-seek per page). A fresh statement: the cached ones return objects.
   */
  async *scanArrays(sql: string, chunk: number): AsyncGenerator<unknown[][]> {
    await this.#waitTurn();
    const statement = this.#db.prepare(toSqlitePlaceholders(sql));
    statement.setReturnArrays(true);
    let rows: unknown[][] = [];
    for (const row of statement.iterate()) {
      rows.push(row as unknown as unknown[]);
      if (rows.length === chunk) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length > 0) yield rows;
  }

  async close(): Promise<void> {
    await this.#busy;
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }

  /** Outside a transaction, waits for the running one (if any) to finish. */
  async #waitTurn(): Promise<void> {
    while (this.#inTransaction && !this.#context.getStore()) await this.#busy;
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (statement) return statement;
    statement = this.#db.prepare(toSqlitePlaceholders(sql));
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

/** The embedded store's bulk path, or null when `db` is another store. */
export function bulkRunner(db: Db): ((sql: string, rows: Iterable<readonly unknown[]>) => number) | null {
  return db instanceof EmbeddedDb ? (sql, rows) => db.runMany(sql, rows) : null;
}

/** The embedded store's one-pass array reader (see EmbeddedDb.scanArrays), or null for another store. */
export function arrayScanner(db: Db): ((sql: string, chunk: number) => AsyncGenerator<unknown[][]>) | null {
  return db instanceof EmbeddedDb ? (sql, chunk) => db.scanArrays(sql, chunk) : null;
}

function toParams(params: readonly unknown[]): SQLInputValue[] {
  return params.map((p) => bindable(p) as SQLInputValue);
}

/**
 * Opens (creating if needed) the SQLite file at `path` in WAL mode with synchronous NORMAL:
 * durable across a crash of the process, fast for bulk imports. `:memory:` works for tests.
 */
export function openEmbedded(path: string, options: EmbeddedOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  // 32 MB of page cache (default 2 MB): bulk upserts into the primary-key index stay in memory.
  db.exec('PRAGMA cache_size = -32768');
  // Checkpoint the WAL every 16 384 pages (64 MB) instead of 1 000: a bulk import rewrites the
  // same index pages batch after batch, and each checkpoint copies them back and syncs the file
  // (with the multi-row insert of table.ts: 1M leads in ~17 % less CPU). The file is cut back
  // to 64 MB after a checkpoint.
  db.exec('PRAGMA wal_autocheckpoint = 16384');
  db.exec('PRAGMA journal_size_limit = 67108864');
  return new EmbeddedDb(db, path);
}
