import { parentPort, workerData } from 'node:worker_threads';
import { reportToJson } from '../ingest/report.ts';
import type { StoreLocation } from '../store/db.ts';
import { openStoreAt } from '../store/open.ts';
import { type IngestJob, ingestIntoStore } from './sources.ts';

/** What the parent asks (see ingest-off-thread.ts): one file into the store. */
export interface IngestWorkerJob {
  location: StoreLocation;
  job: IngestJob;
  /** The parent's clock at the request: the import's times count on from it. */
  now: number;
}

export type IngestWorkerMessage =
  | { type: 'progress'; bytesRead: number; totalBytes: number }
  | { type: 'done'; report: Record<string, unknown> }
  | { type: 'failed'; message: string };

/**
 * A worker thread's job: the same ingestIntoStore as on the main thread (parse, map, bulk
 * writes, the import record and version bump), over its own connection to the store, so a
 * large file never holds the parent's event loop.
 */
async function run(input: IngestWorkerJob, port: NonNullable<typeof parentPort>): Promise<void> {
  const db = await openStoreAt(input.location);
  const started = performance.now();
  // The parent's clock, moved on by the time spent here.
  const clock = { now: () => new Date(input.now + (performance.now() - started)) };
  try {
    let last = 0;
    const report = await ingestIntoStore(db, input.job, clock, (bytesRead, totalBytes) => {
      // At most a few progress messages a second.
      const at = performance.now();
      if (at - last < 250 && bytesRead < totalBytes) return;
      last = at;
      port.postMessage({ type: 'progress', bytesRead, totalBytes } satisfies IngestWorkerMessage);
    });
    port.postMessage({ type: 'done', report: reportToJson(report) } satisfies IngestWorkerMessage);
  } finally {
    await db.close();
  }
}

if (parentPort) {
  const port = parentPort;
  try {
    await run(workerData as IngestWorkerJob, port);
  } catch (error) {
    port.postMessage({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
    } satisfies IngestWorkerMessage);
  }
}
