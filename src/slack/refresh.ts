import type { Config } from '../config/file.ts';
import { ingestConfiguredSources } from '../data/refresh.ts';
import type { SourcePullDeps } from '../data/source-pull.ts';
import type { Db } from '../store/db.ts';
import type { RefreshSummary } from './services.ts';

/**
 * `/kpi refresh`: re-reads every configured source now (files, folders, Google Sheets, HubSpot,
 * Meta Ads), each under its lease; upserts are idempotent, so refreshing twice changes nothing.
 */
export function createRefresh(
  db: Db,
  config: Config,
  deps: SourcePullDeps & { owner?: string },
): () => Promise<RefreshSummary> {
  return async () => {
    const reports = await ingestConfiguredSources(db, config, deps);
    return {
      count: reports.length,
      rows: reports.reduce((n, r) => n + r.rowsRead, 0),
      rejected: reports.reduce((n, r) => n + r.skipped, 0),
      failures: reports.flatMap((r) =>
        r.error ? [{ name: r.name, key: r.error.messageKey, params: r.error.params }] : [],
      ),
    };
  };
}
