import { defineConfig } from 'vitest/config';
import { NODE_FLAGS } from './src/shared/node-flags.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // src/shared/node-flags.ts: the suite runs ingests and queries on worker threads.
    execArgv: [...NODE_FLAGS],
  },
});
