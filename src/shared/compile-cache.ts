import { constants, enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Node's compile cache for this process and the worker threads it starts: modules (TypeScript
 * included, its types already stripped) load from the cache from the second start on, instead of
 * being stripped and compiled again. The folder is NODE_COMPILE_CACHE, else
 * `<OS temp>/node-compile-cache`; NODE_DISABLE_COMPILE_CACHE=1 turns it off. Worker threads do
 * not inherit a cache turned on by module.enableCompileCache(), only one named in the
 * environment when they start: so the folder is put there too (child processes inherit it).
 * A folder that cannot be written only costs the cache (Node skips it). Called by the entry
 * points (src/main.ts, src/cli/kpi.ts) before they load anything else.
 */
export function useCompileCache(env: NodeJS.ProcessEnv): void {
  const dir = env.NODE_COMPILE_CACHE?.trim() || join(tmpdir(), 'node-compile-cache');
  const { status } = enableCompileCache(dir);
  if (
    status === constants.compileCacheStatus.ENABLED ||
    status === constants.compileCacheStatus.ALREADY_ENABLED
  )
    env.NODE_COMPILE_CACHE = dir;
}
