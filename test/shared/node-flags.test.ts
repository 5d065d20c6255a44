import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../src/shared/node-flags.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('the Node flags every process starts with (src/shared/node-flags.ts)', () => {
  it('are taken by this Node and are on this test process (vitest.config.ts execArgv)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      ...NODE_FLAGS,
      '-e',
      `console.log(process.execArgv.slice(0, ${NODE_FLAGS.length}).join(" "))`,
    ]);
    expect(stdout.trim()).toBe(NODE_FLAGS.join(' '));
    for (const flag of NODE_FLAGS) expect(process.execArgv).toContain(flag);
  });

  it('are in every package.json script that starts node', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const starting = Object.entries(scripts).filter(([, command]) => /with-node\.sh node\b/.test(command));
    expect(starting.map(([name]) => name)).toEqual(expect.arrayContaining(['start', 'demo', 'kpi', 'bench']));
    for (const [name, command] of starting) {
      expect({
        name,
        flags: command.split('with-node.sh node ')[1]?.startsWith(NODE_FLAGS.join(' ')),
      }).toEqual({
        name,
        flags: true,
      });
    }
  });

  it('are in the image command and in the launcher for older Nodes', () => {
    const cmd = /^CMD \[(.*)\]$/m.exec(read('Dockerfile'))?.[1] ?? '';
    expect(JSON.parse(`[${cmd}]`)).toEqual(['node', ...NODE_FLAGS, 'src/main.ts']);
    const launcher = /const flags = (\[.*\]);/.exec(read('bin/kpi.js'))?.[1] ?? '[]';
    expect(JSON.parse(launcher.replaceAll("'", '"'))).toEqual([...NODE_FLAGS]);
  });
});
