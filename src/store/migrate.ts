import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/errors.ts';
import type { Db } from './db.ts';
import { splitStatements } from './sql.ts';

/** The folder of numbered migrations shipped with the code. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d+)_([\w-]+?)(?:\.(sqlite|postgres))?\.sql$/;

/**
 * The migrations for a dialect, in order. `NNN_name.sql` runs on both stores;
 * `NNN_name.sqlite.sql` / `NNN_name.postgres.sql` only on that one (for the rare statement
 * the two dialects do not share).
 */
export function loadMigrations(dialect: Db['dialect'], dir: string = MIGRATIONS_DIR): Migration[] {
  const byVersion = new Map<number, Migration>();
  for (const file of readdirSync(dir).sort()) {
    const m = FILE.exec(file);
    if (!m || (m[3] && m[3] !== dialect)) continue;
    const version = Number(m[1]);
    const seen = byVersion.get(version);
    if (seen) {
      throw new AppError('store_failed', 'store.migration_duplicate', {
        params: { version, first: seen.name, second: file },
      });
    }
    byVersion.set(version, { version, name: file, sql: readFileSync(`${dir}/${file}`, 'utf8') });
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

// On Postgres, replicas starting together serialise on this lock (per schema), held until
// each transaction ends, so a migration is checked and applied by exactly one of them.
const LOCK = "SELECT pg_advisory_xact_lock(hashtext('kpi-migrate:' || current_schema()))";

async function lock(tx: Db): Promise<void> {
  if (tx.dialect === 'postgres') await tx.query(LOCK);
}

/**
 * Runs the pending migrations in order, each in its own transaction, recording them in
 * `schema_migrations`. Safe to call on every start and from several replicas at once.
 * Returns the versions it applied.
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = loadMigrations(db.dialect),
): Promise<number[]> {
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.execute(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`,
    );
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await lock(tx);
      const rows = await tx.query('SELECT version FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) {
        try {
          await tx.execute(statement);
        } catch (cause) {
          throw new AppError('store_failed', 'store.migration_failed', {
            params: { name: migration.name, reason: cause instanceof Error ? cause.message : String(cause) },
            cause,
          });
        }
      }
      await tx.execute('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
