import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '../../src/cli/kpi.ts');
const SLOW = 180_000;

// Two ISO weeks of a HubSpot contacts export and a Meta spend export: 10 leads a week on each of
// Spring Sale and Brand. 2026-W40: 100 € each (CPL 10 €). 2026-W41: Brand spends 400 € for the
// same 10 leads (CPL 25 €): Brand's own CPL 10 € → 40 € on half the leads is the whole +15 €.
const HEADER =
  '"Record ID","Email","Create Date","Lifecycle Stage","Original Source","UTM Source","UTM Campaign","Became a Marketing Qualified Lead Date","Became a Sales Qualified Lead Date","Became a Customer Date","Total Revenue"';
function contacts(): string {
  const rows: string[] = [HEADER];
  let id = 1;
  for (const day of ['2026-09-29', '2026-10-06']) {
    for (const campaign of ['Spring Sale', 'Brand']) {
      for (let i = 0; i < 10; i++, id++) {
        rows.push(
          `"${id}","c${id}@acme.fr","${day} 10:00","Lead","Paid Social","facebook","${campaign}","","","",""`,
        );
      }
    }
  }
  return `${rows.join('\n')}\n`;
}
const SPEND = `"Campaign name","Day","Amount spent (EUR)","Impressions","Link clicks"
"Spring Sale","2026-09-29","100.00","10000","100"
"Brand","2026-09-29","100.00","10000","100"
"Spring Sale","2026-10-06","100.00","10000","100"
"Brand","2026-10-06","400.00","10000","100"
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir = '';
let files: string[] = [];

function kpi(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: { ...process.env, TZ: 'Europe/Paris', LANG: 'en_US.UTF-8', DATA_DIR: join(dir, 'store') },
        timeout: SLOW,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-why-cli-'));
  files = [join(dir, 'contacts.csv'), join(dir, 'meta-spend.csv')];
  await writeFile(files[0]!, contacts());
  await writeFile(files[1]!, SPEND);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kpi "why …"', () => {
  it(
    'answers --json with the documented shape, drivers sorted and adding up to the change',
    async () => {
      const run = await kpi(['--data', ...files, '--json', 'why cpl period=2026-W41']);
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout);
      expect(out).toMatchObject({
        kind: 'why',
        metric: 'cpl',
        period: { from: '2026-10-05', to: '2026-10-11', label: '2026-W41' },
        previousPeriod: { from: '2026-09-28', to: '2026-10-04', label: '2026-W40' },
        value: 25,
        previous: 10,
        change: 15,
        dimension: 'campaign',
        picked: 'auto',
        method: 'shift-share',
      });
      expect(out.drivers).toEqual([
        {
          dimension: 'campaign',
          key: 'Brand',
          label: 'Brand',
          contribution: 15,
          share: 1,
          mix: 0,
          rate: 15,
          value: 40,
          previous: 10,
        },
      ]);
      // Spring Sale moved nothing: it is the one group of "others".
      expect(out.others).toEqual({ contribution: 0, share: 0, mix: 0, rate: 0, groups: 1 });
      const keys = ['dimension', 'key', 'label', 'contribution', 'share', 'mix', 'rate', 'value', 'previous'];
      for (const driver of out.drivers) expect(Object.keys(driver).sort()).toEqual([...keys].sort());
    },
    SLOW,
  );

  it(
    'prints the table, the method and the check in French',
    async () => {
      const run = await kpi(['--data', ...files, '--lang', 'fr', 'pourquoi cpl period=2026-W41']);
      expect(run.code, run.stderr).toBe(0);
      // French numbers use no-break spaces (1 234,56 €): compared with plain spaces.
      const text = run.stdout.replace(/\u00a0/g, ' ');
      expect(text).toContain('Pourquoi CPL a bougé ?');
      expect(text).toContain(
        'CPL : 10,00 € → 25,00 €, +15,00 € (+150 %) · semaine 41 de 2026 vs semaine 40 de 2026',
      );
      expect(text).toMatch(/Brand\s+\+15,00 €\s+±0,00 €\s+\+15,00 €\s+100 %\s+10,00 € → 40,00 €/);
      expect(text).toContain('autres (1)');
      expect(text).toContain('shift-share à pondérations moyennes');
      expect(text).toContain('Vérification : +15,00 € ± 0,00 € = +15,00 €');
      expect(text).toContain('Décomposé par campagne');
    },
    SLOW,
  );

  it('explains the method in help why, in both languages, without data', { timeout: SLOW }, async () => {
    const en = await kpi(['help why']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('shift-share with midpoint weights');
    expect(en.stdout).toContain('(r₁ − r₀)·(w₀ + w₁)/2');
    const fr = await kpi(['--lang', 'fr', 'help pourquoi']);
    expect(fr.stdout).toContain('décomposition de Bennet');
  });

  it(
    'rejects what it cannot answer, with a clear message and did-you-mean',
    async () => {
      const [two, time, none, typo, metric] = await Promise.all(
        ['why cpl cac', 'why cpl by=week', 'why period=last-week', 'whyy cpl', 'why cpk'].map((text) =>
          kpi(['--json', text]),
        ),
      );
      expect(two?.code).toBe(2);
      expect(JSON.parse(two?.stdout ?? '').error.message).toContain('one metric at a time');
      expect(JSON.parse(time?.stdout ?? '').error.message).toContain('not by "by=week"');
      expect(JSON.parse(none?.stdout ?? '').error.message).toContain('Which metric');
      expect(JSON.parse(typo?.stdout ?? '').error.suggestions).toContain('why');
      expect(JSON.parse(metric?.stdout ?? '').error.suggestions).toContain('cpl');
    },
    SLOW,
  );
});
