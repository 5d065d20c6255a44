import type { Config, SourceConfig } from '../config/file.ts';
import { t } from '../i18n/catalogue.ts';
import type { IngestReport } from '../ingest/report.ts';
import type { Db } from '../store/db.ts';
import {
  claimRefresh,
  failRefresh,
  finishRefresh,
  type RefreshState,
  renewRefresh,
} from '../store/source-refresh.ts';
import { ingestSource, type SourcePull, type SourcePullDeps } from './source-pull.ts';

export interface RefreshOptions {
  /** Who holds the lease (host:pid:random). */
  owner: string;
  /** Re-read even when the source is fresh (`/kpi refresh`, `npm run ingest`). */
  force?: boolean;
  /** Without force: only when the last success is older than this (default 0: any). */
  maxAgeMs?: number;
  /** How long a claim holds if this process dies mid-read (default 15 min). */
  leaseMs?: number;
}

export type RefreshOutcome =
  | { status: 'refreshed'; pull: SourcePull }
  | { status: 'failed'; pull: SourcePull; state: RefreshState | null }
  /** Another replica holds the lease, the source is fresh enough, or it is backing off. */
  | { status: 'skipped' };

/** The wait before the next attempt after `failures` failures in a row: 1, 2, 4 … minutes, at most an hour. */
export function backoffMs(failures: number): number {
  return Math.min(3_600_000, 60_000 * 2 ** Math.max(0, failures - 1));
}

/**
 * Reads one source under its lease in the store: of all the replicas (and CLI runs) asking
 * at once, one reads it, the others skip and pick up the new data version. The cursor of an
 * incremental source moves only when the read succeeded; a failure counts one more in a row
 * and backs off.
 */
export async function refreshSource(
  db: Db,
  source: SourceConfig,
  config: Config,
  deps: SourcePullDeps,
  options: RefreshOptions,
): Promise<RefreshOutcome> {
  const now = deps.clock.now().getTime();
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const claimed = await claimRefresh(db, source.name, {
    owner: options.owner,
    now,
    leaseMs,
    staleBefore: options.force ? Number.MAX_SAFE_INTEGER : now - (options.maxAgeMs ?? 0),
    ignoreBackoff: options.force === true,
  });
  if (!claimed) return { status: 'skipped' };
  // While the read goes on, the lease is renewed (a third of its length at a time), so a long
  // first pull is not taken over; a process that dies stops renewing and the lease expires.
  const heartbeat = setInterval(() => {
    renewRefresh(db, source.name, options.owner, deps.clock.now().getTime() + leaseMs).catch(() => undefined);
  }, leaseMs / 3);
  heartbeat.unref();
  let pull: SourcePull;
  try {
    pull = await ingestSource(db, source, config, deps, claimed.cursor);
  } catch (error) {
    clearInterval(heartbeat);
    // Our bug or the store going away: still free the lease and count the failure.
    const message = error instanceof Error ? error.message : String(error);
    const state = await failRefresh(db, source.name, options.owner, {
      now,
      error: message,
      retryAt: deps.clock.now().getTime() + backoffMs(claimed.failures + 1),
    }).catch(() => null);
    const report: IngestReport[] = [];
    return {
      status: 'failed',
      pull: { reports: report, cursor: claimed.cursor, rows: 0, error: null, unchanged: 0 },
      state,
    };
  }
  clearInterval(heartbeat);
  const finished = deps.clock.now().getTime();
  if (pull.error) {
    const state = await failRefresh(db, source.name, options.owner, {
      now: finished,
      error: t(config.workspace.locale, pull.error.messageKey, pull.error.params),
      retryAt: finished + backoffMs(claimed.failures + 1),
    });
    // A failed file of a folder is reported but does not hold the folder back; the cursor of
    // a live source stays where the last good pull left it.
    return { status: 'failed', pull, state };
  }
  await finishRefresh(db, source.name, options.owner, {
    now: finished,
    rows: pull.rows,
    cursor: pull.cursor,
  });
  return { status: 'refreshed', pull };
}

/**
 * Every configured source into the store now (`npm run ingest`, `/kpi refresh`): each under
 * its lease, fresh or not. One report per file, range or pull; a source that fails is reported
 * and the others still go in. A source another process is reading right now is skipped.
 */
export async function ingestConfiguredSources(
  db: Db,
  config: Config,
  deps: SourcePullDeps & { owner?: string },
): Promise<IngestReport[]> {
  const owner = deps.owner ?? `cli:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const reports: IngestReport[] = [];
  for (const source of config.sources) {
    const outcome = await refreshSource(db, source, config, deps, { owner, force: true });
    if (outcome.status !== 'skipped') reports.push(...outcome.pull.reports);
  }
  return reports;
}
