import { enableCompileCache } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { RangeOrder } from './lead-part-map.ts';

/*
 * A lead-part worker thread's entry (data/lead-parts.ts keeps one per core): Node's compile
 * cache first (as main.ts has it: the cached code of the ingest modules loads in about half the
 * CPU), then the module that maps ranges (lead-part-map.ts), one range at a time as ordered.
 */
enableCompileCache();
if (parentPort) {
  const port = parentPort;
  const { serveRange } = (await import(
    import.meta.url.endsWith('.ts') ? './lead-part-map.ts' : './lead-part-map.js'
  )) as typeof import('./lead-part-map.ts');
  let work = Promise.resolve();
  port.on('message', (order: RangeOrder) => {
    if (order.type === 'close') port.close();
    else work = work.then(() => serveRange(port, order.id, order.job));
  });
}
