import { parentPort, workerData } from 'node:worker_threads';
import type { SourceCoverage } from '../model/coverage.ts';
import { dataCoverage } from '../store/coverage.ts';
import type { StoreLocation } from '../store/db.ts';
import { openStoreAt } from '../store/open.ts';

/** What the parent asks (coverage-off-thread.ts): the days each source's rows span. */
export interface CoverageJob {
  location: StoreLocation;
  timeZone: string;
}

export type CoverageReply = { ok: true; rows: SourceCoverage[] } | { ok: false; message: string };

/** A worker thread's job: store/coverage.ts dataCoverage on its own connection. */
if (parentPort) {
  const port = parentPort;
  const job = workerData as CoverageJob;
  try {
    const db = await openStoreAt(job.location);
    try {
      port.postMessage({ ok: true, rows: await dataCoverage(db, job.timeZone) } satisfies CoverageReply);
    } finally {
      await db.close();
    }
  } catch (error) {
    port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}
