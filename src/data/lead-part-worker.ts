import { enableCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { RangeJob } from './lead-part-map.ts';

/*
 * A lead-part worker thread's entry (data/lead-parts.ts starts one per byte range): Node's
 * compile cache first (as main.ts has it: the cached code of the ingest modules loads in about
 * half the CPU), then the module that maps the range (lead-part-map.ts).
 */
enableCompileCache();
if (parentPort) {
  const { serveRange } = (await import(
    import.meta.url.endsWith('.ts') ? './lead-part-map.ts' : './lead-part-map.js'
  )) as typeof import('./lead-part-map.ts');
  await serveRange(parentPort, workerData as RangeJob);
}
