import { AsyncLocalStorage } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Db, StoreLocation } from './db.ts';
import { bindable } from './sql.ts';

export interface PostgresOptions {
  connectionString: string;
  /** Schema to use (search_path); created when missing. Tests use a fresh one per run. */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
  /** A local folder for copies of the persisted snapshots (store/snapshot-files.ts), if any. */
  snapshotDir?: string;
}

const INT8_OID = 20;

// int8 (BIGINT: epoch ms, counters) as number for this pool only; values stay below 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

type Queryable = pg.Pool | pg.PoolClient;

/** A view of the store bound to one client (inside a transaction) or to the pool. */
class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  readonly location: StoreLocation;
  readonly #pool: pg.Pool;
  readonly #context: AsyncLocalStorage<PostgresDb>;
  readonly #client: Queryable;

  constructor(
    pool: pg.Pool,
    context: AsyncLocalStorage<PostgresDb>,
    client: Queryable,
    location: StoreLocation,
  ) {
    this.location = location;
    this.#pool = pool;
    this.#context = context;
    this.#client = client;
  }

  /** Inside a transaction's async context, calls on the pool view join the transaction. */
  #target(): Queryable {
    const tx = this.#context.getStore();
    return tx ? tx.#client : this.#client;
  }

  async query<T extends object = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    const result = await this.#target().query(sql, params.map(bindable));
    return result.rows as T[];
  }

  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    const result = await this.#target().query(sql, params.map(bindable));
    return result.rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const current = this.#context.getStore();
    if (current) return fn(current);
    const client = await this.#pool.connect();
    const tx = new PostgresDb(this.#pool, this.#context, client, this.location);
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await this.#context.run(tx, () => fn(tx));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is unusable: destroy it instead of returning it to the pool.
        broken = rollbackError;
      }
      throw error;
    } finally {
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  /**
   * Streams `lines` (COPY text format, one row per string, each ending in a newline) into
   * `COPY table (columns) FROM STDIN` on this transaction's connection. Only inside a
   * transaction: the rows land in a staging table that the same transaction reads next.
   */
  async copyIn(sql: string, lines: Iterable<string>): Promise<void> {
    const tx = this.#context.getStore();
    if (!tx || tx.#client === this.#pool) throw new Error('copyIn outside a transaction');
    const client = tx.#client as pg.PoolClient;
    await pipeline(Readable.from(batched(lines)), client.query(copyFrom(sql)));
  }

  /**
   * The values of a SELECT of one bytea column, in order, as bytes: `COPY (select) TO STDOUT
   * (FORMAT binary)`. A plain query would send each bytea as hex text (twice the bytes, decoded
   * here), and pg's binary result format cannot carry raw bytes (pg-protocol reads every field as
   * UTF-8 text: invalid sequences come back changed). COPY takes no parameters: the select's
   * values are written into it as literals (quoteLiteral).
   */
  async *copyBytea(select: string): AsyncGenerator<Buffer> {
    const tx = this.#context.getStore();
    const inTx = tx !== undefined && tx.#client !== this.#pool;
    const client = inTx ? (tx.#client as pg.PoolClient) : await this.#pool.connect();
    let complete = false;
    try {
      yield* byteaValues(client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT binary)`)));
      complete = true;
    } finally {
      // A COPY stopped half-way (failed, or its reader stopped) leaves the connection
      // mid-protocol: it is dropped, not reused.
      if (!inTx) client.release(complete ? undefined : new Error('binary COPY not read to its end'));
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** The 11-byte signature that opens COPY's binary format. */
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The field values of a binary COPY stream of one-column rows (the format: signature, flags,
 * header extension; per row a field count, then per field its length and bytes; -1 ends it).
 */
async function* byteaValues(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let have = 0;
  // Takes exactly n bytes from the chunks received so far (null: not enough yet).
  const take = (n: number): Buffer | null => {
    if (have < n) return null;
    const joined = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, have);
    const out = joined.subarray(0, n);
    const rest = joined.subarray(n);
    pending = rest.length > 0 ? [rest] : [];
    have = rest.length;
    return out;
  };
  type State =
    | { want: 'header' }
    | { want: 'extension'; length: number }
    | { want: 'count' }
    | { want: 'length' }
    | { want: 'value'; length: number };
  let state: State = { want: 'header' };
  let ended = false;
  for await (const chunk of chunks) {
    pending.push(chunk);
    have += chunk.length;
    for (;;) {
      if (state.want === 'header') {
        const header = take(19);
        if (!header) break;
        if (!header.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('not a binary COPY stream');
        state = { want: 'extension', length: header.readUInt32BE(15) };
      } else if (state.want === 'extension') {
        if (take(state.length) === null) break;
        state = { want: 'count' };
      } else if (state.want === 'count') {
        const count = take(2);
        if (!count) break;
        const fields = count.readInt16BE(0);
        if (fields === -1) {
          ended = true;
          break;
        }
        if (fields !== 1) throw new Error(`binary COPY: ${fields} fields in a row, 1 expected`);
        state = { want: 'length' };
      } else if (state.want === 'length') {
        const length = take(4);
        if (!length) break;
        const n = length.readInt32BE(0);
        if (n < 0) throw new Error('binary COPY: a null value');
        state = { want: 'value', length: n };
      } else {
        const value = take(state.length);
        if (!value) break;
        yield value;
        state = { want: 'count' };
      }
    }
    if (ended) break;
  }
  if (!ended) throw new Error('binary COPY stream ended early');
}

/** Lines joined into ~64 KB chunks: one stream write per chunk, not per row. */
function* batched(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** Quotes an identifier for Postgres. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Opens a pool on Postgres; with `schema`, every connection uses it as its search_path. */
export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const config: pg.PoolConfig = {
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    // A store that is down answers fast (refused) or not at all: do not wait on it for ever.
    connectionTimeoutMillis: 5_000,
  };
  if (options.schema) {
    config.options = `-c search_path=${quoteIdent(options.schema).replace(/ /g, '\\ ')}`;
    const admin = new pg.Client({ connectionString: options.connectionString });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
    } catch (error) {
      // Two replicas creating the schema at once: the loser sees a duplicate, which is fine.
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P06') throw error;
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool(config);
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const location: StoreLocation = {
    kind: 'postgres',
    connectionString: options.connectionString,
    ...(options.schema ? { schema: options.schema } : {}),
    ...(options.snapshotDir ? { snapshotDir: options.snapshotDir } : {}),
  };
  return new PostgresDb(pool, new AsyncLocalStorage<PostgresDb>(), pool, location);
}
