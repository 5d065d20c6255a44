/**
 * The layers of src/, bottom to top, written down once (docs/architecture.md points here).
 * A folder imports only from the rows below its own: never from its own row's other folders,
 * never from a row above. So no two folders import each other, and what two features share
 * goes down into shared/. `npm run lint` runs this file (depcruise), and so does CI.
 *
 * Each row: the folders (or the root file main.ts) that sit at that height.
 */
export const LAYERS = [
  // The message catalogue: data only, imports nothing of ours.
  ['i18n'],
  // Escaping, retry, logger type, epoch days + ISO weeks + time zones, the Slack message type,
  // coded errors, the clock, exactly-once posting over a claim store.
  ['shared'],
  // Canonical Lead / Cost, channels, money.
  ['model'],
  // Files and sheets -> canonical rows; the Db interface, SQLite / Postgres, migrations; the
  // sample-data generator.
  ['ingest', 'store', 'sample'],
  // Pure: catalogue, periods, columnar snapshot, engine, stats. Never reads the store.
  ['kpi'],
  // Pure: the grammar shared by Slack and the CLI, did-you-mean, help; the sub-command contract.
  ['command'],
  // Pure compute + messages as data; the alert state machine and notifier. Never import slack/.
  ['digest', 'alerts'],
  // kpi.yaml: one schema composed of the features' settings.
  ['config'],
  // Triggers and runs claimed in the store; the data adapters (sources -> ingest -> store,
  // store -> snapshot).
  ['schedule', 'data'],
  // Adapters to people: Bolt wiring, listeners, Block Kit renderers; the kpi CLI.
  ['slack', 'cli'],
  // Doc generators: the README's tables and the answers it shows (through the Slack renderers
  // and the CLI's data session).
  ['docs'],
  // Wiring of the features for main.ts (and the tests that start the whole app).
  ['compose'],
  // The composition root.
  ['main.ts'],
];

const pathOf = (name) => (name.endsWith('.ts') ? `^src/${name.replace('.', '\\.')}$` : `^src/${name}/`);

/** One rule per folder: everything at its own height (but itself) and above is out of bounds. */
const layerRules = LAYERS.flatMap((row, height) =>
  row.flatMap((name) => {
    const above = LAYERS.slice(height)
      .flat()
      .filter((other) => other !== name);
    // The top row has nothing above it (an empty `to.path` would match everything).
    if (above.length === 0) return [];
    return {
      name: `layer:${name}`,
      comment: `src/${name} imports only from the layers below it (see LAYERS in .dependency-cruiser.mjs)`,
      severity: 'error',
      from: { path: pathOf(name) },
      to: { path: above.map(pathOf) },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...layerRules,
    {
      name: 'no-unlayered-folder',
      comment: 'a new folder under src/ gets a row in LAYERS first',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: LAYERS.flat().map(pathOf) },
    },
    {
      name: 'core-without-bolt',
      comment:
        'the pure core and the digest / alert / schedule areas never see Bolt: they produce messages as data',
      severity: 'error',
      from: { path: '^src/(kpi|command|digest|alerts|schedule)/' },
      to: { path: '@slack/bolt' },
    },
    {
      name: 'pure-core-without-io',
      comment: 'kpi/ and command/ are pure: no store driver, no file system, no network',
      severity: 'error',
      from: { path: '^src/(kpi|command)/' },
      to: {
        path: [
          '^node:(fs|net|http|https|child_process)',
          '^(fs|net|http|https|child_process)$',
          'node_modules/pg/',
        ],
      },
    },
    {
      name: 'no-test-or-bench-code',
      comment: 'production code never imports the tests or the benchmarks',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      extensions: ['.ts', '.js'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default', 'types'],
    },
  },
};
