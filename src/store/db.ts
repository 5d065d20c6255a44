/**
 * The store's tiny interface. SQL is written once, in Postgres' dialect with `$1` placeholders
 * and the subset both engines share (INSERT … ON CONFLICT, BIGINT, DOUBLE PRECISION, TEXT);
 * the embedded adapter rewrites placeholders for SQLite.
 */
/**
 * Where a store lives, so another thread (a worker) can open its own connection to it; null
 * for a store only this connection can see (an in-memory SQLite database).
 */
export type StoreLocation =
  | { kind: 'sqlite'; path: string }
  | {
      kind: 'postgres';
      connectionString: string;
      schema?: string;
      /** Where this host keeps its copies of the persisted snapshots (store/snapshot-files.ts). */
      snapshotDir?: string;
    };

export interface Db {
  readonly dialect: 'sqlite' | 'postgres';
  readonly location: StoreLocation | null;
  /** Rows of a SELECT (or of a statement with RETURNING). */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** A statement without rows; returns the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Postgres only: COPY … FROM STDIN of text lines, inside a transaction (the bulk write path). */
  copyIn?(sql: string, lines: Iterable<string>): Promise<void>;
  /** Postgres only: the values of a SELECT's one bytea column, streamed by one binary COPY. */
  copyBytea?(select: string): AsyncGenerator<Buffer>;
}
