import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { MessageKey, MessageParams } from '../i18n/catalogue.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, type ErrorCode } from '../shared/errors.ts';
import type { Db } from '../store/db.ts';
import type { IngestWorkerJob, IngestWorkerMessage } from './ingest-worker.ts';
import { type IngestJob, ingestIntoStore, type Progress, type StoredIngestReport } from './sources.ts';

/** Files from this size on are ingested in a worker thread (smaller ones cost less than a worker's start). */
export const WORKER_MIN_BYTES = 2 * 1024 * 1024;

const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './ingest-worker.ts' : './ingest-worker.js',
  import.meta.url,
);

export interface OffThreadOptions {
  progress?: Progress;
  /** The size from which a worker is used (default WORKER_MIN_BYTES; 0: always). */
  minBytes?: number;
  /** Where the file was ingested, and why not in a worker when one was meant to run (logs, tests). */
  ran?: (where: 'worker' | 'here', workerError?: Error) => void;
}

/** A report that crossed the thread boundary as JSON, its error an AppError again. */
function revive(json: Record<string, unknown>): StoredIngestReport {
  const { error, ...rest } = json as Omit<StoredIngestReport, 'error'> & {
    error: { code: ErrorCode; messageKey: MessageKey; params: MessageParams } | null;
  };
  return {
    ...rest,
    error: error ? new AppError(error.code, error.messageKey, { params: error.params }) : null,
  };
}

/**
 * ingestIntoStore, in a worker thread when the file is large and the store can be opened from
 * another thread (a file or Postgres, not an in-memory database): the Slack process keeps
 * acknowledging requests while a large export is parsed, mapped and written. The same report
 * comes back either way; a worker that cannot start or dies leaves the job to this thread.
 */
export async function ingestIntoStoreOffThread(
  db: Db,
  job: IngestJob,
  clock: Clock,
  options: OffThreadOptions = {},
): Promise<StoredIngestReport> {
  const size = (await stat(job.path).catch(() => null))?.size ?? 0;
  const eligible = db.location !== null && size >= (options.minBytes ?? WORKER_MIN_BYTES) && cloneable(job);
  if (!eligible || !db.location) {
    options.ran?.('here');
    return ingestIntoStore(db, job, clock, options.progress);
  }
  const input: IngestWorkerJob = { location: db.location, job, now: clock.now().getTime() };
  const outcome = await new Promise<StoredIngestReport | Error>((resolve) => {
    const worker = new Worker(WORKER_URL, { workerData: input });
    let settled = false;
    const settle = (value: StoredIngestReport | Error) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    worker.on('message', (message: IngestWorkerMessage) => {
      if (message.type === 'progress') options.progress?.(message.bytesRead, message.totalBytes);
      else if (message.type === 'done') settle(revive(message.report));
      else settle(new Error(message.message));
    });
    worker.once('error', (error: unknown) =>
      settle(error instanceof Error ? error : new Error(String(error))),
    );
    worker.once('exit', (code) => settle(new Error(`ingest worker exited with code ${code}`)));
  });
  // A worker that died leaves the job to this thread: rows it wrote are upserted again, and
  // the import is recorded once (the version moves only at the end).
  if (outcome instanceof Error) {
    options.ran?.('here', outcome);
    return ingestIntoStore(db, job, clock, options.progress);
  }
  options.ran?.('worker');
  return outcome;
}

/** Whether the job can cross to a worker (a preset given as an object with functions cannot). */
function cloneable(job: IngestJob): boolean {
  try {
    structuredClone(job);
    return true;
  } catch {
    return false;
  }
}
