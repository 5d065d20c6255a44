import type { Clock } from '../clock.ts';
import type { Config } from '../config/file.ts';
import { ingestConfiguredSources } from '../ingest/refresh.ts';
import type { SheetsReader } from '../ingest/sheets.ts';
import type { Db } from '../store/db.ts';
import type { RefreshSummary } from './services.ts';

/**
 * `/kpi refresh`: re-reads every configured source (files, folders, globs and Google Sheets)
 * into the store; upserts are idempotent, so refreshing twice changes nothing.
 */
export function createRefresh(
  db: Db,
  config: Config,
  clock: Clock,
  sheets?: SheetsReader,
): () => Promise<RefreshSummary> {
  return async () => {
    const reports = await ingestConfiguredSources(db, config, { clock, ...(sheets ? { sheets } : {}) });
    return {
      count: reports.length,
      rows: reports.reduce((n, r) => n + r.rowsRead, 0),
      rejected: reports.reduce((n, r) => n + r.skipped, 0),
    };
  };
}
