import { Worker } from 'node:worker_threads';
import type { FileHash } from './file-hash.ts';

// The worker's file beside this one: .ts when run from the sources, .js once built.
const WORKER_URL = new URL(
  import.meta.url.endsWith('.ts') ? './file-hash-worker.ts' : './file-hash-worker.js',
  import.meta.url,
);

/** Files being hashed on another thread. */
export interface Hashing {
  /** Each file's hash in order, or null when the worker failed (then nothing is cached). */
  result: Promise<FileHash[] | null>;
  /** Stops the worker (a run that failed does not wait for its hash). */
  stop(): void;
}

/**
 * Hashes files on a worker thread (file-hash-worker.ts): `kpi --data` ingests the files on
 * this thread meanwhile, and the cache key is ready when the ingest ends.
 */
export function hashOffThread(paths: readonly string[]): Hashing {
  const worker = new Worker(WORKER_URL, { workerData: [...paths] });
  const result = new Promise<FileHash[] | null>((resolve) => {
    worker.once('message', (reply: { hashes?: FileHash[] }) => resolve(reply.hashes ?? null));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    result,
    stop: () => {
      worker.terminate().catch(() => {});
    },
  };
}
