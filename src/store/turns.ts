import type { Db } from './db.ts';

/**
 * Makes writers of one kind take turns on Postgres until the transaction ends (replicas that
 * sync the config at the same start would otherwise race on unique keys that INSERT … ON
 * CONFLICT does not arbitrate). The embedded store has one writer at a time already.
 */
export async function takeTurns(tx: Db, name: string): Promise<void> {
  if (tx.dialect === 'postgres') {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1 || current_schema()))', [`kpi-${name}:`]);
  }
}
