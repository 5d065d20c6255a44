#!/usr/bin/env node
// Launcher for `npx kpi`. The CLI is TypeScript run directly by Node >= 22.18 (type
// stripping); on an older Node, re-run it under the project's own Node from .tools/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 18)) {
  // Node's compile cache before the first TypeScript file: from the second run on, the CLI's
  // modules (kpi.ts included) load already stripped of their types and compiled.
  module.enableCompileCache?.();
  // Run in this process, as started: `npm run kpi` starts it with NODE_FLAGS; re-running it
  // with them would cost a second Node start on every call (the repeat answer's budget is 1 s).
  await import('../src/cli/kpi.ts');
} else {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const script = join(root, 'scripts', 'with-node.sh');
  const cli = join(root, 'src', 'cli', 'kpi.ts');
  if (!existsSync(script)) {
    console.error(`kpi needs Node >= 22.18 (this is ${process.version}).`);
    process.exit(2);
  }
  // src/shared/node-flags.ts NODE_FLAGS (this file runs on any Node: it cannot import TypeScript).
  const flags = ['--no-memory-protection-keys'];
  const run = spawnSync('bash', [script, 'node', ...flags, cli, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 2);
}
