import type { Db } from './db.ts';

/** The data version: changes with every import, so readers know when to rebuild a snapshot. */
export async function getDataVersion(db: Db): Promise<number> {
  const rows = await db.query<{ version: number }>('SELECT version FROM data_version WHERE id = 1');
  return Number(rows[0]?.version ?? 0);
}

/** Bumps the data version (call inside the import's transaction); returns the new version. */
export async function bumpDataVersion(db: Db, now: number): Promise<number> {
  const rows = await db.query<{ version: number }>(
    'UPDATE data_version SET version = version + 1, updated_at = $1 WHERE id = 1 RETURNING version',
    [now],
  );
  return Number(rows[0]?.version ?? 0);
}
