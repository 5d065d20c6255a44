import type { Db } from './db.ts';

/** The refresh state of one configured source, shared by every replica. */
export interface RefreshState {
  name: string;
  leaseOwner: string | null;
  leaseUntil: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  failures: number;
  retryAt: number | null;
  lastError: string | null;
  lastRows: number | null;
  alertedFailures: number;
  cursor: unknown;
}

type Row = Record<string, string | number | null>;
const num = (v: string | number | null | undefined): number | null => (v == null ? null : Number(v));

function toState(r: Row): RefreshState {
  return {
    name: String(r.name),
    leaseOwner: r.lease_owner == null ? null : String(r.lease_owner),
    leaseUntil: Number(r.lease_until ?? 0),
    lastAttemptAt: num(r.last_attempt_at),
    lastSuccessAt: num(r.last_success_at),
    failures: Number(r.failures ?? 0),
    retryAt: num(r.retry_at),
    lastError: r.last_error == null ? null : String(r.last_error),
    lastRows: num(r.last_rows),
    alertedFailures: Number(r.alerted_failures ?? 0),
    cursor: r.cursor == null ? null : (JSON.parse(String(r.cursor)) as unknown),
  };
}

const COLUMNS =
  'name, lease_owner, lease_until, last_attempt_at, last_success_at, failures, retry_at, last_error, last_rows, alerted_failures, cursor';

export async function getRefreshState(db: Db, name: string): Promise<RefreshState | null> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM source_refresh WHERE name = $1`, [name]);
  return rows[0] ? toState(rows[0]) : null;
}

export async function listRefreshStates(db: Db): Promise<RefreshState[]> {
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM source_refresh ORDER BY name`)).map(toState);
}

export interface ClaimOptions {
  owner: string;
  now: number;
  /** How long the claim holds if its owner dies mid-refresh. */
  leaseMs: number;
  /** Only when the last success is older than this instant (a refresh another replica just did is not redone). */
  staleBefore: number;
  /** Someone asked for it (`/kpi refresh`, `npm run ingest`): not held back by the failure backoff. */
  ignoreBackoff?: boolean;
}

/**
 * Takes the source's lease when it is free (or expired), its last success older than
 * `staleBefore` and its backoff over. One statement: of several replicas asking at once,
 * exactly one gets it (Postgres locks the row, SQLite the database). Returns the state when won.
 */
export async function claimRefresh(db: Db, name: string, o: ClaimOptions): Promise<RefreshState | null> {
  const rows = await db.query<Row>(
    `INSERT INTO source_refresh (name, lease_owner, lease_until, last_attempt_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET lease_owner = EXCLUDED.lease_owner,
       lease_until = EXCLUDED.lease_until, last_attempt_at = EXCLUDED.last_attempt_at
     WHERE source_refresh.lease_until < $4
       AND COALESCE(source_refresh.last_success_at, 0) < $5
       AND ($6 = 1 OR COALESCE(source_refresh.retry_at, 0) <= $4)
     RETURNING ${COLUMNS}`,
    [name, o.owner, o.now + o.leaseMs, o.now, o.staleBefore, o.ignoreBackoff ? 1 : 0],
  );
  return rows[0] ? toState(rows[0]) : null;
}

/** Extends the lease of a read still going (a first HubSpot pull can outlast one lease). */
export async function renewRefresh(db: Db, name: string, owner: string, until: number): Promise<boolean> {
  const changed = await db.execute(
    'UPDATE source_refresh SET lease_until = $3 WHERE name = $1 AND lease_owner = $2',
    [name, owner, until],
  );
  return changed > 0;
}

/** Records a successful refresh (fenced by the owner) and frees the lease. */
export async function finishRefresh(
  db: Db,
  name: string,
  owner: string,
  outcome: { now: number; rows: number; cursor: unknown },
): Promise<boolean> {
  const changed = await db.execute(
    `UPDATE source_refresh SET lease_owner = NULL, lease_until = 0, last_success_at = $3, failures = 0,
       retry_at = NULL, last_error = NULL, last_rows = $4, alerted_failures = 0, cursor = $5
     WHERE name = $1 AND lease_owner = $2`,
    [name, owner, outcome.now, outcome.rows, outcome.cursor == null ? null : JSON.stringify(outcome.cursor)],
  );
  return changed > 0;
}

/** Records a failed refresh (one more in a row), when to try again, and frees the lease. Returns the new state. */
export async function failRefresh(
  db: Db,
  name: string,
  owner: string,
  outcome: { now: number; error: string; retryAt: number },
): Promise<RefreshState | null> {
  await db.execute(
    `UPDATE source_refresh SET lease_owner = NULL, lease_until = 0, failures = failures + 1,
       retry_at = $3, last_error = $4
     WHERE name = $1 AND lease_owner = $2`,
    [name, owner, outcome.retryAt, outcome.error.slice(0, 1000)],
  );
  return getRefreshState(db, name);
}

/**
 * Marks the current failure streak as told to the admin channel. True only for the first
 * call of a streak (a success resets it), so one message goes out whichever replica fails.
 */
export async function markAlerted(db: Db, name: string, failures: number): Promise<boolean> {
  const changed = await db.execute(
    'UPDATE source_refresh SET alerted_failures = $2 WHERE name = $1 AND alerted_failures = 0',
    [name, failures],
  );
  return changed > 0;
}

/** Whether a watched folder's file with this content was ingested already. */
export async function knownFile(db: Db, source: string, hash: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 AS one FROM source_files WHERE source = $1 AND hash = $2', [
    source,
    hash,
  ]);
  return rows.length > 0;
}

/** Remembers a file's content as ingested (a second call with the same content is ignored). */
export async function rememberFile(
  db: Db,
  file: { source: string; hash: string; path: string; size: number; at: number; skipped: number },
): Promise<void> {
  await db.execute(
    `INSERT INTO source_files (source, hash, path, size, ingested_at, rows_skipped) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (source, hash) DO NOTHING`,
    [file.source, file.hash, file.path, file.size, file.at, file.skipped],
  );
}
