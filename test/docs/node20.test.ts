import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The machine's own Node (the one a newcomer types `npm ci` and `npx kpi` with), when older than 22.18. */
function olderNode(): string | null {
  for (const bin of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(bin) || !existsSync(join(dirname(bin), 'npm'))) continue;
    return bin;
  }
  return null;
}

const run = (cmd: string, args: string[], cwd: string, bin: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      cmd,
      args,
      {
        cwd,
        env: { PATH: `${dirname(bin)}:/usr/bin:/bin`, HOME: process.env.HOME ?? tmpdir() },
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr });
      },
    );
  });

const node = olderNode();

describe.skipIf(node === null)("npm and npx on the machine's Node (20 here; the project runs on 24)", () => {
  const bin = node ?? '';

  it('npx kpi answers without EBADENGINE warnings', { timeout: 120_000 }, async () => {
    const out = await run(join(dirname(bin), 'npx'), ['--no-install', 'kpi', 'help', 'cac'], root, bin);
    expect(out.stderr).not.toContain('EBADENGINE');
    expect(out.stderr).not.toContain('npm warn');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Customer acquisition cost (cac)');
  });

  it('npm ci plans the same install, without EBADENGINE warnings', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-npm-'));
    try {
      for (const file of ['package.json', 'package-lock.json', '.npmrc'])
        copyFileSync(join(root, file), join(dir, file));
      const out = await run(
        join(dirname(bin), 'npm'),
        ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'],
        dir,
        bin,
      );
      expect(out.stderr).not.toContain('EBADENGINE');
      expect(out.code).toBe(0);
      // Still correct: every locked package is installed (the dry run lists what it would add).
      expect(out.stdout).toMatch(/add @slack\/bolt /);
      expect(out.stdout).toMatch(/add vega-lite /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
