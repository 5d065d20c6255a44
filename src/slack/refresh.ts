import type { Clock } from '../clock.ts';
import type { Config } from '../config/file.ts';
import { ingestFile } from '../ingest/file.ts';
import { reportToJson } from '../ingest/report.ts';
import type { Db } from '../store/db.ts';
import { createStoreSink } from '../store/sink.ts';
import type { RefreshSummary } from './services.ts';

/**
 * `/kpi refresh`: re-reads the configured file sources into the store (idempotent upserts).
 * Sheets sources are read by the sheets module when it is wired (see the report).
 */
export function createRefresh(db: Db, config: Config, clock: Clock): () => Promise<RefreshSummary> {
  return async () => {
    const done: RefreshSummary = { count: 0, rows: 0, rejected: 0 };
    for (const source of config.sources) {
      if (source.type !== 'file') continue;
      const sink = createStoreSink(db);
      const startedAt = clock.now().getTime();
      const report = await ingestFile(
        source.path,
        {
          origin: source.name,
          timeZone: config.workspace.timeZone,
          currency: source.currency ?? config.workspace.currency,
          ...(source.preset ? { preset: source.preset } : {}),
          ...(source.dateOrder ? { dateOrder: source.dateOrder } : {}),
          ...(config.workspace.rates ? { rates: config.workspace.rates } : {}),
        },
        sink,
      );
      done.count += 1;
      done.rows += report.rowsRead;
      done.rejected += report.skipped;
      if (report.accepted + report.merged > 0) {
        await sink.finish({
          origin: source.name,
          name: source.path,
          startedAt,
          finishedAt: clock.now().getTime(),
          rowsRead: report.rowsRead,
          rowsSkipped: report.skipped,
          report: reportToJson(report),
        });
      }
    }
    return done;
  };
}
