import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../.dependency-cruiser.mjs';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

/** Runs the lint's dependency check in `dir`; the exit code and what it printed. */
async function cruise(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(depcruise, ['--config', '.dependency-cruiser.mjs', 'src'], { cwd: dir });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the layer rule file', () => {
  it('is what `npm run lint` runs', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.lint).toContain('depcruise --config .dependency-cruiser.mjs src');
  });

  it('gives every folder of src/ exactly one row, main.ts on top', async () => {
    const folders = (await readdir(join(root, 'src'), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const layered = LAYERS.flat();
    expect(layered.filter((n) => n !== 'main.ts').sort()).toEqual(folders);
    expect(new Set(layered).size).toBe(layered.length);
    expect(LAYERS.at(-1)).toEqual(['main.ts']);
  });

  it('keeps the order the architecture names', () => {
    const height = (name: string) => LAYERS.findIndex((row) => row.includes(name));
    const order = ['shared', 'model', 'ingest', 'kpi', 'command', 'digest', 'schedule', 'slack', 'main.ts'];
    for (let i = 1; i < order.length; i++) {
      const [lower = '', upper = ''] = [order[i - 1], order[i]];
      expect(height(lower), `${lower} below ${upper}`).toBeLessThan(height(upper));
    }
    expect(height('ingest')).toBe(height('store'));
    expect(height('digest')).toBe(height('alerts'));
    expect(height('slack')).toBe(height('cli'));
  });
});

describe('a planted back-import', () => {
  let dir = '';
  beforeAll(async () => {
    // A copy of the real tree, so planting never touches the working copy.
    dir = await mkdtemp(join(tmpdir(), 'kpi-layers-'));
    await cp(join(root, 'src'), join(dir, 'src'), { recursive: true });
    await cp(join(root, '.dependency-cruiser.mjs'), join(dir, '.dependency-cruiser.mjs'));
    await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('passes on the tree as it is', async () => {
    const clean = await cruise(dir);
    expect(clean.out).toContain('no dependency violations found');
    expect(clean.code).toBe(0);
  }, 60_000);

  it('fails naming each broken rule', async () => {
    const plant = (path: string, text: string) => writeFile(join(dir, 'src', path), text);
    // Upwards (the engine reaching for the Slack adapter), sideways between peers (alerts and
    // digest), the digest importing Slack, and the pure core reading the file system.
    await plant('kpi/planted-up.ts', "export { createSlackApp } from '../slack/app.ts';\n");
    await plant('alerts/planted-peer.ts', "export { computeDigest } from '../digest/compute.ts';\n");
    await plant(
      'digest/planted-slack.ts',
      "export { renderKpiReply } from '../slack/blocks/kpi-reply.ts';\n",
    );
    await plant('command/planted-io.ts', "export { readFileSync } from 'node:fs';\n");
    await plant('shared/planted-down.ts', "export { metricDef } from '../kpi/catalogue.ts';\n");
    const broken = await cruise(dir);
    expect(broken.code).not.toBe(0);
    expect(broken.out).toMatch(/layer:kpi: src\/kpi\/planted-up\.ts → src\/slack\/app\.ts/);
    expect(broken.out).toMatch(/layer:alerts: src\/alerts\/planted-peer\.ts → src\/digest\/compute\.ts/);
    expect(broken.out).toMatch(
      /layer:digest: src\/digest\/planted-slack\.ts → src\/slack\/blocks\/kpi-reply\.ts/,
    );
    expect(broken.out).toMatch(/pure-core-without-io: src\/command\/planted-io\.ts → (node:)?fs/);
    expect(broken.out).toMatch(/layer:shared: src\/shared\/planted-down\.ts → src\/kpi\/catalogue\.ts/);
    expect(broken.out).toMatch(/x 5 dependency violations/);
  }, 60_000);
});
