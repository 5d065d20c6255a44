import { join } from 'node:path';
import type { Db, StoreLocation } from './db.ts';
import { openEmbedded } from './embedded.ts';
import { migrate } from './migrate.ts';
import { postgresSnapshotDir } from './snapshot-files.ts';

/** The Postgres adapter (and pg), loaded only for a Postgres store: the embedded one never pays for it. */
const postgres = () => import('./postgres.ts');

/** The part of the environment the store reads (see src/config/env.ts). */
export interface StoreEnv {
  DATABASE_URL?: string | undefined;
  DATA_DIR?: string | undefined;
}

export interface OpenStoreOptions {
  /** Postgres schema (search_path); tests pass a fresh one. */
  schema?: string;
}

/** The embedded database file for a data directory. */
export function embeddedPath(dataDir: string | undefined): string {
  return join(dataDir ?? './data', 'kpi.sqlite');
}

/**
 * Opens the store the environment asks for — Postgres when DATABASE_URL is set, otherwise the
 * embedded file `${DATA_DIR ?? './data'}/kpi.sqlite` — and runs pending migrations. With
 * Postgres, DATA_DIR when set holds this host's copies of the persisted snapshots
 * (store/snapshot-files.ts), so that a restart reads a local file instead of the database.
 */
export async function openStore(env: StoreEnv, options: OpenStoreOptions = {}): Promise<Db> {
  const db = env.DATABASE_URL
    ? await (await postgres()).openPostgres({
        connectionString: env.DATABASE_URL,
        ...options,
        ...(env.DATA_DIR
          ? { snapshotDir: postgresSnapshotDir(env.DATA_DIR, env.DATABASE_URL, options.schema) }
          : {}),
      })
    : openEmbedded(embeddedPath(env.DATA_DIR));
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * Opens another connection to a store already opened (and migrated) elsewhere in this process,
 * e.g. from a worker thread: no migrations, a small pool.
 */
export async function openStoreAt(location: StoreLocation): Promise<Db> {
  return location.kind === 'sqlite'
    ? openEmbedded(location.path)
    : (await postgres()).openPostgres({
        connectionString: location.connectionString,
        max: 2,
        ...(location.schema ? { schema: location.schema } : {}),
        ...(location.snapshotDir ? { snapshotDir: location.snapshotDir } : {}),
      });
}
