import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';

/** One change of data or configuration, as the trail keeps it. */
export interface Change {
  at: number;
  /** A Slack user id, or `cli` / `schedule`. */
  actor: string;
  action: string;
  /** Where it came from: dm, command, button, cli. */
  via: string;
  /** What it changed: an import id, a rule, a channel. */
  subject: string | null;
  /** JSON-able details: file name, size, content hash, rows added / updated / skipped … */
  details: Readonly<Record<string, unknown>>;
}

export interface StoredChange extends Change {
  id: string;
}

/** Appends a change to the trail (inside the caller's transaction when there is one). */
export async function recordChange(db: Db, change: Change): Promise<string> {
  const id = randomUUID();
  await db.execute(
    `INSERT INTO changes (id, at, actor, action, via, subject, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, change.at, change.actor, change.action, change.via, change.subject, JSON.stringify(change.details)],
  );
  return id;
}

/** The last `limit` changes, newest first. */
export async function listChanges(db: Db, limit: number): Promise<StoredChange[]> {
  const rows = await db.query<Record<string, unknown>>(
    'SELECT id, at, actor, action, via, subject, details FROM changes ORDER BY at DESC, id LIMIT $1',
    [limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    at: Number(r.at),
    actor: String(r.actor),
    action: String(r.action),
    via: String(r.via),
    subject: r.subject == null ? null : String(r.subject),
    details: JSON.parse(String(r.details)) as Record<string, unknown>,
  }));
}

/**
 * Forgets changes older than `before` (epoch ms), and the previous row versions of imports
 * finished before it (those imports can no longer be undone). Returns the changes removed.
 */
export async function pruneChanges(db: Db, before: number): Promise<number> {
  return db.transaction(async (tx) => {
    const removed = await tx.execute('DELETE FROM changes WHERE at < $1', [before]);
    await tx.execute(
      'DELETE FROM row_versions WHERE import_id IN (SELECT id FROM imports WHERE finished_at < $1)',
      [before],
    );
    await tx.execute('UPDATE imports SET versions = 0 WHERE versions = 1 AND finished_at < $1', [before]);
    return removed;
  });
}
