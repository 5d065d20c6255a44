import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { listChanges } from '../../src/store/changes.ts';
import { openStore } from '../../src/store/open.ts';
import { tmpDir, writeFile } from './support.ts';

const run = promisify(execFile);
const dir = tmpDir();
const cli = new URL('../../src/cli/ingest.ts', import.meta.url).pathname;

async function ingest(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, LANG: 'en_US.UTF-8', ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('npm run ingest', () => {
  it('prints the report of each file and exits 2 when a file failed', async () => {
    const bad = writeFile(dir, 'empty.csv', '');
    const good = writeFile(dir, 'generic.csv', 'Record ID,Create Date,Campaign\n1,2026-03-01,A\n');
    const { code, stdout } = await ingest(['--dry-run', '--preset', 'hubspot-contacts', bad, good]);
    expect(code).toBe(2);
    expect(stdout).toContain(`${bad}: the file is empty`);
    expect(stdout).toContain(`${good}: the header does not match the preset hubspot-contacts`);
    expect(stdout).toContain('dry run: nothing was written to the store');
  });

  it('reads file sources (a folder) and their column mapping from the config', async () => {
    mkdirSync(`${dir}/exports`);
    writeFile(`${dir}/exports`, 'spend.csv', 'Jour;Campagne;Dépense\n14/03/2026;A;1 234,56\n');
    const data = `${dir}/exports`;
    const config = writeFile(
      dir,
      'kpi.yaml',
      [
        'workspace:',
        '  timeZone: Europe/Paris',
        '  currency: EUR',
        'sources:',
        '  - name: manual-spend',
        '    type: file',
        `    path: ${data}`,
        '    mapping:',
        '      kind: cost',
        '      columns: { date: Jour, campaign: Campagne, amount: Dépense }',
      ].join('\n'),
    );
    const { code, stdout } = await ingest(['--dry-run', '--config', config]);
    expect(stdout).toContain('1 rows read: 1 accepted');
    expect(stdout).toContain('date order dmy: "14/03/2026" on row 2');
    expect(code).toBe(0);
  });

  it('records an import into the store in the trail, naming the CLI', async () => {
    const file = writeFile(dir, 'contacts.csv', 'Record ID,Create Date,Lifecycle Stage\n1,2026-03-01,lead\n');
    const data = `${dir}/store`;
    const { code } = await ingest(['--preset', 'hubspot-contacts', file], { DATA_DIR: data });
    expect(code).toBe(0);
    const db = await openStore({ DATA_DIR: data });
    try {
      const [change] = await listChanges(db, 5);
      expect(change).toMatchObject({ actor: 'cli', action: 'import', via: 'cli' });
      expect(change?.details).toMatchObject({ name: file, rows: 1, skipped: 0 });
    } finally {
      await db.close();
    }
  });
});
