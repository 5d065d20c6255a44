import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The entry points turn Node's compile cache on for their worker threads too: a worker does not
 * inherit a cache turned on by module.enableCompileCache(), only one named in its environment.
 */
describe('useCompileCache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-compile-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the worker threads started afterwards the same cache', { timeout: 30_000 }, async () => {
    const module = new URL('../../src/shared/compile-cache.ts', import.meta.url).href;
    const script = `
      import { getCompileCacheDir } from 'node:module';
      import { Worker } from 'node:worker_threads';
      const { useCompileCache } = await import(${JSON.stringify(module)});
      useCompileCache(process.env);
      const worker = new Worker(
        "import { getCompileCacheDir } from 'node:module'; import { parentPort } from 'node:worker_threads'; parentPort.postMessage(getCompileCacheDir() ?? null);",
        { eval: true },
      );
      worker.once('message', (inWorker) => {
        console.log(JSON.stringify({ main: getCompileCacheDir(), worker: inWorker }));
        worker.terminate();
      });
    `;
    // No NODE_COMPILE_CACHE at the start: the default folder, under the OS temp directory.
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env,
    });
    const seen = JSON.parse(stdout) as { main: string; worker: string | null };
    expect(seen.main.startsWith(join(dir, 'node-compile-cache'))).toBe(true);
    expect(seen.worker).toBe(seen.main);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
  });
});
