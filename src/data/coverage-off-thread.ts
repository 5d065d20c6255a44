import { Worker } from 'node:worker_threads';
import type { SourceCoverage } from '../model/coverage.ts';
import { dataCoverage } from '../store/coverage.ts';
import type { Db } from '../store/db.ts';
import type { CoverageJob, CoverageReply } from './coverage-worker.ts';

const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './coverage-worker.ts' : './coverage-worker.js',
  import.meta.url,
);

/**
 * store/coverage.ts dataCoverage without blocking this thread: on the embedded store its two
 * grouped scans are synchronous (node:sqlite) and take about a second on a million leads, during
 * which no request would be acknowledged; they run in a worker thread on a connection of its
 * own. Postgres answers asynchronously already, and an in-memory store has no other connection:
 * both are asked here. A worker that fails leaves the question to this thread.
 */
export async function dataCoverageOffThread(db: Db, timeZone: string): Promise<SourceCoverage[]> {
  if (db.dialect !== 'sqlite' || !db.location) return dataCoverage(db, timeZone);
  const job: CoverageJob = { location: db.location, timeZone };
  const reply = await new Promise<CoverageReply>((resolve) => {
    const worker = new Worker(WORKER_URL, { workerData: job });
    let done = false;
    const settle = (r: CoverageReply) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    worker.once('message', settle);
    worker.once('error', (error) => settle({ ok: false, message: String(error) }));
    worker.once('exit', (code) => settle({ ok: false, message: `coverage worker exited (${code})` }));
  });
  return reply.ok ? reply.rows : dataCoverage(db, timeZone);
}
