import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** Years after the samples end: the README's examples must answer the same then. */
const FAR_FUTURE = '2031-06-16T09:00:00Z';

/** The `npx kpi …` lines of the README's CLI example block, as argument lists (globs expanded). */
function examples(): string[][] {
  const start = readme.indexOf('The same answers from the command line');
  const block = readme.slice(
    readme.indexOf('```sh', start) + 5,
    readme.indexOf('```', readme.indexOf('```sh', start) + 5),
  );
  const samples = readdirSync(new URL('../../samples', import.meta.url))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => `samples/${f}`);
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npx kpi '))
    .map((line) =>
      (line.slice('npx kpi '.length).match(/"[^"]*"|\S+/g) ?? []).flatMap((word) =>
        word === 'samples/*.csv' ? samples : [word.replace(/^"|"$/g, '')],
      ),
    );
}

const kpi = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/kpi.ts', ...args],
      { cwd: root, env: { ...process.env, KPI_NOW: FAR_FUTURE, LANG: 'en_US.UTF-8' }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr }),
    );
  });

describe(`the README's CLI examples, run with the clock at ${FAR_FUTURE}`, () => {
  const [cpl, funnel, digest, help] = examples();

  it('are the four documented commands', () => {
    expect(examples().map((args) => args.at(-1))).toEqual([
      'cpl by=campaign period=2026-10',
      'funnel by=channel period=2026-W47 vs=previous',
      'digest week=2026-W47',
      'cac',
    ]);
  });

  it('CPL by campaign: a total and per-campaign costs, and one line about the skipped rows', {
    timeout: 120_000,
  }, async () => {
    const run = await kpi(cpl ?? []);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Total\s+€\d+\.\d\d$/m);
    expect(run.stdout).toContain('Brand - FR');
    expect(run.stdout).toContain('Period: 2026-10');
    expect(run.stdout).not.toContain('no leads after');
    // The samples plant 13 broken rows: one line says so, the full reports wait for --verbose.
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^13 row\(s\) skipped in .*--verbose/);
  });

  it('funnel by channel, week against week: real counts on both sides, no −100 %', {
    timeout: 120_000,
  }, async () => {
    const run = await kpi(funnel ?? []);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      total: Record<string, number | null>;
      dataEnds: unknown[];
      period: { from: string; to: string };
    };
    expect(json.period).toMatchObject({ from: '2026-11-16', to: '2026-11-22' });
    expect(json.total.leads).toBeGreaterThan(100);
    expect(json.total.leads_previous).toBeGreaterThan(100);
    expect(json.total.customers).toBeGreaterThan(0);
    expect(json.total.leads_delta_pct).not.toBe(-100);
    expect(json.dataEnds).toEqual([]);
  });

  it('digest of 2026-W47: numbers, deltas and no stale source', { timeout: 120_000 }, async () => {
    const run = await kpi(digest ?? []);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Weekly digest · 2026-W47 (2026-11-16 → 2026-11-22)');
    expect(run.stdout).toMatch(/^Leads\s+370\s/m);
    expect(run.stdout).toMatch(/^MQLs\s+193 ▼ −10%/m);
    expect(run.stdout).toContain('What moved the headline numbers');
    // (A campaign with spend and no revenue has a real ROI of −100 %; the headline has none.)
    const headline = run.stdout.slice(0, run.stdout.indexOf('What moved'));
    expect(headline).not.toMatch(/−100\s?%/);
    expect(run.stdout).not.toContain('n/a ');
    expect(run.stdout).not.toContain('stale');
  });

  it('help cac: the formula', async () => {
    const run = await kpi(help ?? []);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(media + sales + tooling cost) / customers');
  });

  it('a relative period after the samples says where the data stops, with no zeros compared', {
    timeout: 120_000,
  }, async () => {
    const files = (cpl ?? []).filter((word) => word.startsWith('samples/'));
    const run = await kpi(['--data', ...files, '--json', 'funnel by=channel period=last-week vs=previous']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      total: Record<string, number | null>;
      dataEnds: { side: string; lastDay: string; origins: string[] }[];
    };
    expect(json.dataEnds).toEqual([{ side: 'leads', lastDay: '2026-11-22', origins: ['hubspot-contacts'] }]);
    expect(json.total.leads).toBeNull();
    expect(json.total.leads_na).toBe('no_data');
    expect(json.total.leads_delta_pct ?? null).toBeNull();
    const text = await kpi(['--data', ...files, 'leads period=last-week vs=previous']);
    expect(text.stdout).toContain('no leads after 2026-11-22 in hubspot-contacts');
    expect(text.stdout).not.toMatch(/−100\s?%/);
  });
});
