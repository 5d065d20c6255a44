import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeParts } from '../../src/shared/write-parts.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'write-parts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const concat = (parts: readonly Uint8Array[]): Buffer => Buffer.concat(parts.map((p) => Buffer.from(p)));

describe('writeParts', () => {
  it('writes the parts in order, empty ones included, replacing what the file held', async () => {
    const path = join(dir, 'some.bin');
    await writeFile(path, 'an older and longer content than the new one');
    const parts = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([4]), new Uint8Array(0)];
    await writeParts(path, parts);
    expect([...(await readFile(path))]).toEqual([1, 2, 3, 4]);
    await writeParts(path, []);
    expect((await readFile(path)).length).toBe(0);
  });

  it('writes more parts than one writev takes (IOV_MAX, 1 024 on Linux), views into larger buffers too', async () => {
    const path = join(dir, 'many.bin');
    const backing = new Uint8Array(5000 * 3).map((_, i) => i % 251);
    const parts = Array.from({ length: 5000 }, (_, i) => backing.subarray(i * 3, i * 3 + 1 + (i % 3)));
    await writeParts(path, parts);
    expect((await readFile(path)).equals(concat(parts))).toBe(true);
  });

  it('writes any parts as their concatenation', async () => {
    const path = join(dir, 'prop.bin');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 2100 }), async (parts) => {
        await writeParts(path, parts);
        expect((await readFile(path)).equals(concat(parts))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('rejects when the file cannot be opened', async () => {
    await expect(writeParts(join(dir, 'no-such-folder', 'x.bin'), [new Uint8Array(1)])).rejects.toThrow(
      /ENOENT/,
    );
  });
});
