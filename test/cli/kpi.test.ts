import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreSink } from '../../src/data/store-sink.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { openStore } from '../../src/store/open.ts';

const CLI = join(import.meta.dirname, '../../src/cli/kpi.ts');
/** The launcher `kpi` runs (package.json "bin"): a .js entry that imports CLI. */
const LAUNCHER = join(import.meta.dirname, '../../bin/kpi.js');
const SLOW = 180_000;

// A HubSpot-like contacts export: Spring Sale has 4 leads (2 MQL, 1 SQL, 1 customer worth 1 000),
// Soldes d'été has 2 leads. All in October 2026.
const LEADS = `"Record ID","Email","Create Date","Lifecycle Stage","Original Source","UTM Source","UTM Campaign","Became a Marketing Qualified Lead Date","Became a Sales Qualified Lead Date","Became a Customer Date","Total Revenue"
"1","a1@acme.fr","2026-10-05 10:00","Customer","Paid Social","facebook","Spring Sale","2026-10-06 10:00","2026-10-07 10:00","2026-10-10 10:00","1000"
"2","a2@acme.fr","2026-10-06 10:00","Marketing Qualified Lead","Paid Social","facebook","Spring Sale","2026-10-08 10:00","","",""
"3","a3@acme.fr","2026-10-07 10:00","Lead","Paid Social","facebook","Spring Sale","","","",""
"4","a4@acme.fr","2026-10-08 10:00","Lead","Paid Social","facebook","Spring Sale","","","",""
"5","b1@acme.fr","2026-10-09 10:00","Lead","Paid Social","facebook","Soldes d'été","","","",""
"6","b2@acme.fr","2026-10-10 10:00","Lead","Paid Social","facebook","Soldes d'été","","","",""
`;

// A Meta Ads-like spend export: 200 € on Spring Sale, 50 € on Soldes d’Été (spelt differently).
const SPEND = `"Campaign name","Day","Amount spent (EUR)","Impressions","Link clicks"
"Spring Sale","2026-10-05","100.00","10000","100"
"Spring Sale","2026-10-06","100.00","10000","100"
"Soldes d’Été","2026-10-05","50.00","5000","50"
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir = '';
let leads = '';
let spend = '';
let storeDir = '';

function kpi(
  args: readonly string[],
  env: Record<string, string> = {},
  entry = CLI,
  nodeFlags: readonly string[] = [],
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeFlags, entry, ...args],
      {
        env: {
          ...process.env,
          TZ: 'Europe/Paris',
          LANG: 'en_US.UTF-8',
          DATA_DIR: storeDir,
          // Never the real ~/.cache/kpi: each test file its own answer cache.
          XDG_CACHE_HOME: join(dir, 'cache'),
          ...env,
        },
        timeout: SLOW,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const json = (
  run: Run,
): Record<string, unknown> & { rows: Record<string, unknown>[]; total: Record<string, unknown> } =>
  JSON.parse(run.stdout);

const noStackTrace = (run: Run): void => {
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(run.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-cli-test-'));
  leads = join(dir, 'contacts.csv');
  spend = join(dir, 'meta-spend.csv');
  await writeFile(leads, LEADS);
  await writeFile(spend, SPEND);
  // The configured (embedded) store, filled once with the real ingest and store, for runs without --data.
  storeDir = join(dir, 'store');
  const db = await openStore({ DATA_DIR: storeDir });
  try {
    for (const file of [leads, spend]) {
      const sink = createStoreSink(db);
      const report = await ingestFile(file, { timeZone: 'Europe/Paris', currency: 'EUR' }, sink);
      expect(report.error).toBeNull();
      await sink.finish({
        origin: report.preset?.id ?? file,
        name: file,
        startedAt: 0,
        finishedAt: Date.UTC(2026, 10, 1),
        rowsRead: report.rowsRead,
        rowsSkipped: report.skipped,
        report: null,
      });
    }
  } finally {
    await db.close();
  }
}, SLOW);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kpi with --data', () => {
  it(
    'ingests the files (no store written) and prints an aligned table',
    async () => {
      const run = await kpi(['--data', leads, spend, '--verbose', 'cpl,cpa by=campaign period=2026-10']);
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      // Short labels from the catalogue; the worst CPL first.
      expect(lines[0]).toMatch(/^campaign\s+CPL\s+CPA$/);
      expect(lines[2]).toMatch(/^Spring Sale\s+€50\.00\s+€200\.00$/);
      expect(run.stdout).toMatch(/Soldes d.été\s+€25\.00\s+n\/a¹/);
      expect(run.stdout).toMatch(/Total\s+€41\.67\s+€250\.00/);
      expect(run.stdout).toContain('¹ n/a: no customers in the period');
      expect(run.stdout).toContain('Period: 2026-10');
      // With --verbose the ingest reports go to stderr in text mode.
      expect(run.stderr).toContain('HubSpot');
      expect(run.stderr).toContain('Meta');
      // Without it, files read without a skipped row print nothing beside the answer.
      const quiet = await kpi(['--data', leads, spend, 'cpl,cpa by=campaign period=2026-10']);
      expect(quiet.code).toBe(0);
      expect(quiet.stdout).toBe(run.stdout);
      expect(quiet.stderr).toBe('');
    },
    SLOW,
  );

  it(
    'prints one JSON object with numbers, n/a reasons and the ingest reports',
    async () => {
      const run = await kpi([
        '--json',
        '--data',
        leads,
        '--data',
        spend,
        'cpl cpa by=campaign period=2026-10',
      ]);
      expect(run.code).toBe(0);
      const out = json(run);
      expect(out.command).toBe('cpl cpa by=campaign period=2026-10');
      expect(out.currency).toBe('EUR');
      expect(out.period).toMatchObject({ from: '2026-10-01', to: '2026-10-31' });
      const spring = out.rows.find((row) => row.label === 'Spring Sale');
      expect(spring).toMatchObject({ cpl: 50, cpl_na: null, cpa: 200 });
      const soldes = out.rows.find((row) => String(row.label).startsWith('Soldes'));
      expect(soldes).toMatchObject({ cpl: 25, cpa: null, cpa_na: 'no_customers' });
      expect(out.total.cpl).toBeCloseTo(250 / 6, 10);
      expect(out.ingest).toHaveLength(2);
      expect(run.stderr).toBe('');
    },
    SLOW,
  );

  it(
    'answers the same through the launcher (bin/kpi.js), from the cache of a run of kpi.ts too',
    async () => {
      // One clock for both runs (the JSON says when it was generated).
      const env = { XDG_CACHE_HOME: join(dir, 'cache-launcher'), KPI_NOW: '2026-11-15T09:00:00Z' };
      const args = ['--json', '--data', leads, spend, 'leads cpl by=campaign period=2026-10'];
      const direct = await kpi(args, env);
      expect(direct.code).toBe(0);
      const launched = await kpi(args, env, LAUNCHER);
      expect(launched.code).toBe(0);
      expect(launched.stderr).toBe('');
      // The same object, the ingest reports included: answered from the entry kpi.ts wrote.
      expect(launched.stdout).toBe(direct.stdout);
      const text = await kpi(['--data', leads, spend, 'cpl by=campaign period=2026-10'], env, LAUNCHER);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/Spring Sale\s+€50\.00/);
    },
    SLOW,
  );

  it(
    'exits 2 with a clear message on a file it cannot read',
    async () => {
      const bad = join(dir, 'mystery.csv');
      await writeFile(bad, 'foo,bar\n1,2\n');
      const run = await kpi(['--data', bad, 'cpl']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('mystery.csv');
      noStackTrace(run);
      const asJson = await kpi(['--json', '--data', bad, 'cpl']);
      expect(asJson.code).toBe(2);
      expect(json(asJson)).toMatchObject({ error: { code: 'bad_data' } });
      expect(json(asJson).ingest).toHaveLength(1);
    },
    SLOW,
  );
});

describe('kpi --data answer cache', () => {
  const elapsed = (run: Run): number[] =>
    (json(run).ingest as { elapsedMs: number }[]).map((r) => r.elapsedMs);

  it(
    'answers again from the cache, re-ingests a changed file (even at the same size and mtime), and --no-cache ingests',
    async () => {
      const cache = join(dir, 'cache-a');
      const env = { XDG_CACHE_HOME: cache };
      const file = join(dir, 'cached-contacts.csv');
      await writeFile(file, LEADS);
      const ask = (...flags: string[]) =>
        kpi(['--json', ...flags, '--data', file, spend, 'leads cpl period=2026-10'], env);
      const first = await ask();
      expect(first.code).toBe(0);
      expect(json(first).total.leads).toBe(6);
      expect(await readdir(join(cache, 'kpi'))).toHaveLength(1);
      // The same files: the cached reports come back (a new ingest would time itself anew).
      const second = await ask();
      expect(json(second).total).toEqual(json(first).total);
      expect(elapsed(second)).toEqual(elapsed(first));
      const bypass = await ask('--no-cache');
      expect(json(bypass).total).toEqual(json(first).total);
      expect(elapsed(bypass)).not.toEqual(elapsed(first));
      // One more lead: a new answer, never the cached one.
      await writeFile(
        file,
        `${LEADS}"7","c1@acme.fr","2026-10-11 10:00","Lead","Paid Social","facebook","Spring Sale","","","",""\n`,
      );
      expect(json(await ask()).total.leads).toBe(7);
      // Different content of the same size, mtime put back: the content hash still tells.
      const before = await stat(file);
      const same = (await readFile(file, 'utf8')).replace(
        '"7","c1@acme.fr","2026-10-11',
        '"8","c1@acme.fr","2026-09-11',
      );
      await writeFile(file, same);
      await utimes(file, before.atime, before.mtime);
      expect((await stat(file)).size).toBe(before.size);
      expect(json(await ask()).total.leads).toBe(6);
    },
    SLOW,
  );

  it(
    'answers from the cache without loading the ingest, the config schema, zod or YAML',
    async () => {
      // A module hook (node --import) that lists every module the process loads.
      const hook = join(dir, 'list-modules.mjs');
      await writeFile(
        hook,
        `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ load(url, context, next) { appendFileSync(process.env.MODULE_LIST, url + '\\n'); return next(url, context); } });
`,
      );
      const env = { XDG_CACHE_HOME: join(dir, 'cache-modules') };
      const args = ['--json', '--data', leads, spend, 'leads cpl by=campaign period=2026-10'];
      const loaded = async (list: string): Promise<string[]> => {
        const run = await kpi(args, { ...env, MODULE_LIST: list }, LAUNCHER, ['--import', hook]);
        expect(run.code).toBe(0);
        return (await readFile(list, 'utf8')).split('\n').filter(Boolean);
      };
      const first = await loaded(join(dir, 'modules-first.txt'));
      // The first call ingests (so the list does tell what is loaded).
      expect(first.some((url) => url.endsWith('/src/ingest/file.ts'))).toBe(true);
      expect(first.some((url) => url.includes('/node_modules/zod/'))).toBe(true);
      const cached = await loaded(join(dir, 'modules-cached.txt'));
      expect(cached.some((url) => url.endsWith('/src/cli/kpi-cache.ts'))).toBe(true);
      const heavy = cached.filter((url) =>
        /\/node_modules\/(zod|yaml|node-cron)\/|\/src\/(ingest\/file|config\/schema|data\/column-sink)\.ts$/.test(
          url,
        ),
      );
      expect(heavy).toEqual([]);
    },
    SLOW,
  );

  it(
    'keeps the cache within its bound, dropping the least recently used entries',
    async () => {
      const cache = join(dir, 'cache-b');
      const a = join(dir, 'bound-a.csv');
      const b = join(dir, 'bound-b.csv');
      await writeFile(a, LEADS);
      await writeFile(b, LEADS.replace('"6","b2@acme.fr"', '"66","b2@acme.fr"'));
      // A bound of about one entry (each is a few kilobytes).
      const env = { XDG_CACHE_HOME: cache, KPI_CACHE_MAX_MB: '0.001' };
      expect((await kpi(['--data', a, 'leads'], env)).code).toBe(0);
      const [entryA] = await readdir(join(cache, 'kpi'));
      expect((await kpi(['--data', b, 'leads'], env)).code).toBe(0);
      const left = await readdir(join(cache, 'kpi'));
      expect(left).toHaveLength(1);
      expect(left[0]).not.toBe(entryA);
    },
    SLOW,
  );
});

describe('kpi from the configured store', () => {
  it(
    'answers with previous period and deltas',
    async () => {
      const run = await kpi(['--json', 'leads,cpl period=2026-10 vs=previous']);
      expect(run.code).toBe(0);
      const out = json(run);
      expect(out.previousPeriod).toMatchObject({ from: '2026-09-01', to: '2026-09-30' });
      expect(out.total).toMatchObject({ leads: 6, leads_previous: 0, leads_delta: 6, cpl_previous: null });
      const text = await kpi(['leads,cpl period=2026-10 vs=previous']);
      expect(text.stdout).toMatch(/Metric\s+Value\s+Previous\s+Change/);
      expect(text.stdout).toMatch(/Leads \(leads\)\s+6\s+0\s+\+6/);
      expect(text.stdout).toContain('compared with 2026-09');
    },
    SLOW,
  );

  it(
    'matches filter values without regard to case and accents, in French too',
    async () => {
      const run = await kpi(['--json', 'cpl campaign=“soldes d’ete” period=2026-10']);
      expect(json(run).total).toMatchObject({ cpl: 25 });
      const fr = await kpi(['--lang', 'fr', 'cpl campagne="SPRING SALE" période=2026-10']);
      expect(fr.code).toBe(0);
      expect(fr.stdout).toMatch(/Coût par lead \(cpl\)\s+50,00\s€/);
      expect(fr.stdout).toContain('Filtres : campaign=Spring Sale');
    },
    SLOW,
  );

  it(
    'exits 2 with did-you-mean on an unknown metric or value, never a stack trace',
    async () => {
      const metric = await kpi(['cpk by=campaign']);
      expect(metric.code).toBe(2);
      expect(metric.stderr.trim()).toBe('Unknown metric "cpk". Did you mean cpl, cpc, cpm?');
      const value = await kpi(['--json', 'cpl campaign="Sprng Sale"']);
      expect(value.code).toBe(2);
      expect(json(value)).toMatchObject({
        error: { code: 'unknown_value', token: 'Sprng Sale', suggestions: ['Spring Sale'] },
      });
      noStackTrace(metric);
      noStackTrace(value);
    },
    SLOW,
  );

  it(
    'plans the funnel backwards',
    async () => {
      const run = await kpi(['--json', 'plan customers=2 period=2026-10']);
      expect(run.code).toBe(0);
      // 1 customer of 1 SQL, 1 SQL of 2 MQLs, 2 MQLs of 6 leads; CPL 250/6.
      expect(json(run)).toMatchObject({
        kind: 'plan',
        customers: 2,
        needed: { sql: { value: 2 }, mql: { value: 4 }, leads: { value: 12 } },
      });
      expect((json(run).needed as { budget: { value: number } }).budget.value).toBeCloseTo(500, 6);
      const text = await kpi(['plan customers=2 period=2026-10']);
      expect(text.stdout).toContain('To win 2 customers');
    },
    SLOW,
  );

  it(
    'lists the sources',
    async () => {
      const run = await kpi(['sources']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/hubspot-contacts\s+2026-11-01 01:00\s+6\s+0/);
    },
    SLOW,
  );

  it(
    'prints the digest with its chart',
    async () => {
      const run = await kpi(['--json', 'digest week=2026-W41']);
      expect(run.code).toBe(0);
      const out = json(run);
      expect(out).toMatchObject({ kind: 'digest', label: '2026-W41' });
      expect(existsSync(String(out.chart))).toBe(true);
    },
    SLOW,
  );
});

describe('kpi without data', () => {
  it(
    'prints help and a metric formula without touching a store',
    async () => {
      const help = await kpi(['help'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('by=<dimension|day|week|month>');
      const cpl = await kpi(['--lang', 'fr', 'help cpl']);
      expect(cpl.stdout).toContain('Formule : dépenses / leads');
    },
    SLOW,
  );

  it(
    'exits 2 on bad arguments and on what only Slack does',
    async () => {
      const lang = await kpi(['--lang', 'de', 'cpl']);
      expect(lang.code).toBe(2);
      expect(lang.stderr).toContain('Usage: kpi');
      const none = await kpi([]);
      expect(none.code).toBe(2);
      const alerts = await kpi(['alerts add cpl > 60']);
      expect(alerts.code).toBe(2);
      expect(alerts.stderr).toContain('Slack');
    },
    SLOW,
  );

  it(
    'answers from an empty store with a hint',
    async () => {
      const run = await kpi(['leads period=2026-10'], { DATA_DIR: join(dir, 'empty') });
      expect(run.code).toBe(0);
      // The same catalogue sentence as Slack's (kpi.no_data), with the command line's way to load data.
      expect(run.stdout).toContain(
        'The store holds no data yet: pass export files with --data, or import them with npm run ingest.',
      );
    },
    SLOW,
  );
});
