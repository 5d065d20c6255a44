import { useCompileCache } from '../shared/compile-cache.ts';

/*
 * The `kpi` command's entry point (node src/cli/kpi.ts, or bin/kpi.js which imports this file).
 * Node's compile cache is turned on before the CLI's modules load (they are all imported after
 * it, kpi-main.ts): from the second run on they load without being stripped of their types and
 * compiled again, in the hashing worker too (shared/compile-cache.ts). This file itself is
 * stripped before that when it is the entry (node src/cli/kpi.ts), which loads Node's type
 * stripper on every run (~75 ms, ~15 MB); bin/kpi.js (`kpi`, `npm run kpi`) does not.
 */

// Run when executed, not when imported.
const entry = process.argv[1] ?? '';
if (/(?:^|[/\\])kpi(?:\.ts|\.js)?$/.test(entry)) {
  useCompileCache(process.env);
  const { runCli } = await import('./kpi-main.ts');
  await runCli();
}
