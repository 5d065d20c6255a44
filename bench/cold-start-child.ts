/**
 * One cold start, in its own process (bench/cold-start.ts runs it): open the store, get the
 * snapshot of its data version the way the app does (src/data/load.ts storeSource: the
 * persisted bytes, or a build in a worker thread that persists them), answer one command.
 * Prints one JSON line: ms since Node was up (performance.now() counts from process start),
 * the parts, and the peak and current resident set (VmHWM, VmRSS).
 *
 * `node bench/cold-start-child.ts (--dir DIR | --pg URL --schema S [--data-dir DIR]) [--drop-snapshots]`
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const nodeUpMs = performance.now();
// As the app's entry point (src/main.ts) and the CLI's do: Node's compile cache, in the OS temp
// directory unless NODE_COMPILE_CACHE says otherwise (the first start fills it).
const { useCompileCache } = await import('../src/shared/compile-cache.ts');
useCompileCache(process.env);
const { values: args } = parseArgs({
  options: {
    dir: { type: 'string' },
    pg: { type: 'string' },
    schema: { type: 'string' },
    /** With --pg: the host's DATA_DIR (its local copies of the snapshots, store/snapshot-files.ts). */
    'data-dir': { type: 'string' },
    'drop-snapshots': { type: 'boolean', default: false },
  },
});
const { parseCommand } = await import('../src/command/grammar.ts');
const { vocabularyFrom } = await import('../src/command/vocabulary.ts');
const { storeSource } = await import('../src/data/load.ts');
const { SnapshotCache } = await import('../src/kpi/cache.ts');
const { DEFAULT_TARGETS, runQuery } = await import('../src/kpi/engine.ts');
const { vocabulary } = await import('../src/kpi/snapshot.ts');
const { openStore } = await import('../src/store/open.ts');
const { BENCH_CURRENCY, BENCH_NOW, BENCH_TIME_ZONE } = await import('./mappings.ts');
const importedMs = performance.now();

const status = (field: string): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
};

const db = args.pg
  ? await openStore(
      { DATABASE_URL: args.pg, DATA_DIR: args['data-dir'] },
      args.schema ? { schema: args.schema } : {},
    )
  : await openStore({ DATA_DIR: args.dir });
if (args['drop-snapshots']) {
  await db.execute('DELETE FROM snapshot_parts');
  await db.execute('DELETE FROM snapshots');
}
const openedMs = performance.now();
const persisted = Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM snapshots'))[0]?.n ?? 0);
// Ticks of a 10 ms timer while the snapshot loads: how free the event loop stayed.
let ticks = 0;
let worstGap = 0;
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  worstGap = Math.max(worstGap, now - last);
  last = now;
  ticks++;
}, 10);
const cache = new SnapshotCache(
  storeSource(db, { timeZone: BENCH_TIME_ZONE, currency: BENCH_CURRENCY as 'EUR' }),
);
const snapshot = await cache.get();
clearInterval(timer);
const loadedMs = performance.now();
const text = 'leads mql sql customers spend cpl cac by=channel period=2026-05';
const parsed = parseCommand(text, {
  vocabulary: vocabularyFrom(vocabulary(snapshot)),
  locale: 'en',
  now: BENCH_NOW,
  timeZone: BENCH_TIME_ZONE,
});
if (!parsed.ok || parsed.value.kind !== 'query') throw new Error(`did not parse: ${text}`);
const result = runQuery(snapshot, parsed.value.query, { now: BENCH_NOW, targets: DEFAULT_TARGETS });
if (!result.ok) throw result.error;
const answeredMs = performance.now();
const peakRssMb = status('VmHWM');
// Steady state: the same process after a few more answers.
for (let i = 0; i < 20; i++)
  runQuery(snapshot, parsed.value.query, { now: BENCH_NOW, targets: DEFAULT_TARGETS });
const steadyRssMb = status('VmRSS');
await db.close();
console.log(
  JSON.stringify({
    store: args.pg ? 'postgres' : 'embedded',
    persistedBefore: persisted > 0,
    leads: snapshot.leads.count,
    costs: snapshot.costs.count,
    leadsTotal: result.value.total.values.leads?.value ?? null,
    nodeUpMs,
    answeredMs,
    afterNodeUpMs: answeredMs - nodeUpMs,
    phases: {
      imports: importedMs - nodeUpMs,
      openStore: openedMs - importedMs,
      snapshot: loadedMs - openedMs,
      firstQuery: answeredMs - loadedMs,
    },
    loop: { ticks, worstGapMs: worstGap },
    peakRssMb,
    steadyRssMb,
  }),
);
