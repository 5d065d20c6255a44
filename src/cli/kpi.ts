import { enableCompileCache } from 'node:module';

/*
 * The `kpi` command's entry point (node src/cli/kpi.ts, or bin/kpi.js which imports this file).
 * Node's compile cache is turned on before the CLI's modules load (they are all imported after
 * it, kpi-main.ts): from the second run on they load without being stripped of their types and
 * compiled again. The cache lives in the OS temp directory (NODE_COMPILE_CACHE moves it,
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off); one that cannot be written is skipped by Node.
 */

// Run when executed, not when imported.
const entry = process.argv[1] ?? '';
if (/(?:^|[/\\])kpi(?:\.ts|\.js)?$/.test(entry)) {
  enableCompileCache();
  const { runCli } = await import('./kpi-main.ts');
  await runCli();
}
