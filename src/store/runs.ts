import type { Db } from './db.ts';

/** pending -> claimed -> posting -> posted | failed (see migrations/002_schedule.sql). */
export type RunStatus = 'pending' | 'claimed' | 'posting' | 'posted' | 'failed';
export type RunKind = 'digest' | 'alert';

export interface Run {
  runKey: string;
  kind: RunKind;
  subject: string;
  period: string;
  status: RunStatus;
  claimedBy: string | null;
  claimExpiresAt: number;
  attempts: number;
  payload: string | null;
  slackChannel: string | null;
  slackTs: string | null;
  threadDone: boolean;
  lastError: string | null;
  createdAt: number;
}

export interface NewRun {
  runKey: string;
  kind: RunKind;
  subject: string;
  period: string;
  payload?: string | null;
}

interface RunRow {
  run_key: string;
  kind: string;
  subject: string;
  period: string;
  status: string;
  claimed_by: string | null;
  claim_expires_at: number | string;
  attempts: number | string;
  payload: string | null;
  slack_channel: string | null;
  slack_ts: string | null;
  thread_done: number | string | boolean;
  last_error: string | null;
  created_at: number | string;
}

const toRun = (r: RunRow): Run => ({
  runKey: r.run_key,
  kind: r.kind as RunKind,
  subject: r.subject,
  period: r.period,
  status: r.status as RunStatus,
  claimedBy: r.claimed_by,
  claimExpiresAt: Number(r.claim_expires_at),
  attempts: Number(r.attempts),
  payload: r.payload,
  slackChannel: r.slack_channel,
  slackTs: r.slack_ts,
  threadDone: Number(r.thread_done) === 1 || r.thread_done === true,
  lastError: r.last_error,
  createdAt: Number(r.created_at),
});

const COLUMNS =
  'run_key, kind, subject, period, status, claimed_by, claim_expires_at, attempts, payload, slack_channel, slack_ts, thread_done, last_error, created_at';

/** Keeps error text short enough for a log line and a Slack message. */
const clip = (text: string): string => (text.length > 500 ? `${text.slice(0, 497)}...` : text);

/**
 * The runs repository: the claim protocol that turns at-least-once triggers into
 * exactly-once effects. Every write after the claim is fenced by `claimed_by`, so a process
 * whose claim was taken over cannot overwrite the new owner's progress.
 */
export interface RunStore {
  /** Adds the run if its key is new (an outbox entry); never touches an existing one. */
  enqueue(tx: Db, run: NewRun, nowMs: number): Promise<boolean>;
  /**
   * Claims the run for `owner` until now + leaseMs: inserts it if new, or takes over a claim
   * that expired. Returns the run when claimed, null when another process holds it or it is done.
   */
  claim(run: NewRun, owner: string, nowMs: number, leaseMs: number): Promise<Run | null>;
  /**
   * Claims a child run (a thread part) for the owner of its parent's claim, whatever the
   * child's own lease: the parent's claim is what keeps other processes out.
   */
  adopt(run: NewRun, owner: string, nowMs: number): Promise<Run | null>;
  /** Extends the caller's claim (between retries). False when the claim was lost. */
  renew(runKey: string, owner: string, nowMs: number, leaseMs: number): Promise<boolean>;
  /** About to call Slack: from now on a crash leaves 'posting' and the resumer looks first. */
  markPosting(runKey: string, owner: string, channel: string, nowMs: number): Promise<boolean>;
  /** Records the posted message's ts (before anything else happens). */
  recordTs(runKey: string, owner: string, channel: string, ts: string, nowMs: number): Promise<boolean>;
  /** The thread (details, chart) is done and the claim completes: status posted. */
  complete(runKey: string, owner: string, nowMs: number): Promise<boolean>;
  /**
   * Notes a failed attempt; with `final`, gives up (status failed). With `retryAtMs`, releases
   * the claim until then, so any process may retry it from that time on.
   */
  fail(
    runKey: string,
    owner: string,
    error: string,
    nowMs: number,
    final: boolean,
    retryAtMs?: number,
  ): Promise<boolean>;
  get(runKey: string): Promise<Run | null>;
  /** Open runs of a kind (not posted nor failed) whose claim is free or expired. */
  listOpen(kind: RunKind, nowMs: number): Promise<Run[]>;
  /**
   * The latest period finished for a subject (e.g. the last ISO week a subscription got):
   * posted, or failed for good and reported.
   */
  lastFinishedPeriod(kind: RunKind, subject: string): Promise<string | null>;
}

/** The runs repository over any `Db` (SQLite or Postgres: the same SQL). */
export function createRunStore(db: Db): RunStore {
  const enqueue = async (tx: Db, run: NewRun, nowMs: number): Promise<boolean> =>
    (await tx.execute(
      `INSERT INTO runs (run_key, kind, subject, period, status, claim_expires_at, attempts, payload, thread_done, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'pending', 0, 0, $5, 0, $6, $6)
       ON CONFLICT (run_key) DO NOTHING`,
      [run.runKey, run.kind, run.subject, run.period, run.payload ?? null, nowMs],
    )) === 1;

  const get = async (runKey: string): Promise<Run | null> => {
    const rows = await db.query<RunRow>(`SELECT ${COLUMNS} FROM runs WHERE run_key = $1`, [runKey]);
    return rows[0] ? toRun(rows[0]) : null;
  };

  return {
    enqueue,
    get,
    async claim(run, owner, nowMs, leaseMs) {
      return db.transaction(async (tx) => {
        await enqueue(tx, run, nowMs);
        // One statement decides: Postgres re-checks the WHERE on the locked row, SQLite has
        // one writer. A claim is free when nobody holds it or its lease ran out.
        const changed = await tx.execute(
          `UPDATE runs SET claimed_by = $2, claim_expires_at = $3, attempts = attempts + 1, updated_at = $4,
             status = CASE WHEN status = 'pending' THEN 'claimed' ELSE status END
           WHERE run_key = $1 AND status IN ('pending', 'claimed', 'posting') AND claim_expires_at <= $4`,
          [run.runKey, owner, nowMs + leaseMs, nowMs],
        );
        if (changed !== 1) return null;
        const rows = await tx.query<RunRow>(`SELECT ${COLUMNS} FROM runs WHERE run_key = $1`, [run.runKey]);
        return rows[0] ? toRun(rows[0]) : null;
      });
    },
    async adopt(run, owner, nowMs) {
      return db.transaction(async (tx) => {
        await enqueue(tx, run, nowMs);
        const changed = await tx.execute(
          `UPDATE runs SET claimed_by = $2, attempts = attempts + 1, updated_at = $3,
             status = CASE WHEN status = 'pending' THEN 'claimed' ELSE status END
           WHERE run_key = $1 AND status IN ('pending', 'claimed', 'posting')`,
          [run.runKey, owner, nowMs],
        );
        if (changed !== 1) return null;
        const rows = await tx.query<RunRow>(`SELECT ${COLUMNS} FROM runs WHERE run_key = $1`, [run.runKey]);
        return rows[0] ? toRun(rows[0]) : null;
      });
    },
    async renew(runKey, owner, nowMs, leaseMs) {
      return (
        (await db.execute(
          `UPDATE runs SET claim_expires_at = $3, updated_at = $4
           WHERE run_key = $1 AND claimed_by = $2 AND status IN ('claimed', 'posting')`,
          [runKey, owner, nowMs + leaseMs, nowMs],
        )) === 1
      );
    },
    async markPosting(runKey, owner, channel, nowMs) {
      return (
        (await db.execute(
          `UPDATE runs SET status = 'posting', slack_channel = $3, updated_at = $4
           WHERE run_key = $1 AND claimed_by = $2 AND status IN ('claimed', 'posting')`,
          [runKey, owner, channel, nowMs],
        )) === 1
      );
    },
    async recordTs(runKey, owner, channel, ts, nowMs) {
      return (
        (await db.execute(
          `UPDATE runs SET slack_ts = $4, slack_channel = $3, updated_at = $5
           WHERE run_key = $1 AND claimed_by = $2 AND status IN ('claimed', 'posting')`,
          [runKey, owner, channel, ts, nowMs],
        )) === 1
      );
    },
    async complete(runKey, owner, nowMs) {
      return (
        (await db.execute(
          `UPDATE runs SET status = 'posted', thread_done = 1, claim_expires_at = 0, last_error = NULL,
             updated_at = $3, finished_at = $3
           WHERE run_key = $1 AND claimed_by = $2 AND status IN ('claimed', 'posting')`,
          [runKey, owner, nowMs],
        )) === 1
      );
    },
    async fail(runKey, owner, error, nowMs, final, retryAtMs) {
      return (
        (await db.execute(
          `UPDATE runs SET last_error = $3, updated_at = $4,
             status = CASE WHEN $5 = 1 THEN 'failed' ELSE status END,
             finished_at = CASE WHEN $5 = 1 THEN $4 ELSE finished_at END,
             claim_expires_at = CASE WHEN $5 = 1 THEN 0 WHEN CAST($6 AS BIGINT) >= 0 THEN CAST($6 AS BIGINT) ELSE claim_expires_at END
           WHERE run_key = $1 AND claimed_by = $2 AND status IN ('claimed', 'posting')`,
          [runKey, owner, clip(error), nowMs, final ? 1 : 0, retryAtMs ?? -1],
        )) === 1
      );
    },
    async listOpen(kind, nowMs) {
      const rows = await db.query<RunRow>(
        `SELECT ${COLUMNS} FROM runs
         WHERE kind = $1 AND status IN ('pending', 'claimed', 'posting') AND claim_expires_at <= $2
         ORDER BY created_at, run_key`,
        [kind, nowMs],
      );
      return rows.map(toRun);
    },
    async lastFinishedPeriod(kind, subject) {
      const rows = await db.query<{ period: string }>(
        `SELECT period FROM runs WHERE kind = $1 AND subject = $2 AND status IN ('posted', 'failed')
         ORDER BY period DESC LIMIT 1`,
        [kind, subject],
      );
      return rows[0]?.period ?? null;
    },
  };
}
