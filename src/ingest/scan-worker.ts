import { enableCompileCache } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { ScanMessage, ScanOrder } from './scan-batch.ts';

/*
 * The scan thread's entry (scan-thread.ts): Node's compile cache first, as lead-part-worker.ts
 * has it, then the module that scans (scan-serve.ts); says it is ready, then scans the one file
 * it is told (the parent scans the file's start itself until then).
 */
enableCompileCache();
if (parentPort) {
  const port = parentPort;
  const { serveScan } = (await import(
    import.meta.url.endsWith('.ts') ? './scan-serve.ts' : './scan-serve.js'
  )) as typeof import('./scan-serve.ts');
  port.postMessage({ type: 'ready' } satisfies ScanMessage);
  port.once('message', (order: ScanOrder) => {
    if (order.type === 'scan') void serveScan(port, order);
  });
}
