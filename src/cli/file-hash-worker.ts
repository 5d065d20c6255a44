/**
 * Hashes `kpi --data` files for the cache key on another thread (file-hash-off-thread.ts), so
 * the hash runs on the second core while this process ingests the same files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hashFile } from './file-hash.ts';

const paths = workerData as string[];
Promise.all(paths.map(hashFile)).then(
  (hashes) => parentPort?.postMessage({ hashes }),
  (error: unknown) => parentPort?.postMessage({ error: String(error) }),
);
