import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, sampleDigest } from '../../src/cli/file-hash.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-hash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What sampleDigest hashes, from the bytes in memory: 16 blocks of 4 KB, or the whole file. */
function expected(bytes: Uint8Array): string {
  const hash = createHash('sha256').update(`${bytes.length}\n`);
  if (bytes.length <= 16 * 4096) return hash.update(bytes).digest('hex');
  for (let i = 0; i < 16; i++) {
    const at = Math.floor((i * (bytes.length - 4096)) / 15);
    hash.update(bytes.subarray(at, at + 4096));
  }
  return hash.digest('hex');
}

describe('sampleDigest', () => {
  it('hashes the size and the sampled blocks (all of a small file, first and last of a large one)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 255 }),
        async (size, seed) => {
          const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed) % 256);
          const path = join(dir, 'sampled.bin');
          await writeFile(path, bytes);
          expect(sampleDigest(path, size)).toBe(expected(bytes));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('tells a change in the first or last block of a large file', async () => {
    const bytes = new Uint8Array(300_000).fill(7);
    const path = join(dir, 'large.bin');
    await writeFile(path, bytes);
    const before = sampleDigest(path, bytes.length);
    for (const at of [0, bytes.length - 1]) {
      const changed = bytes.slice();
      changed[at] = 8;
      await writeFile(path, changed);
      expect(sampleDigest(path, bytes.length)).not.toBe(before);
    }
  });

  it('throws for a file it cannot open', () => {
    expect(() => sampleDigest(join(dir, 'missing.bin'), 10)).toThrow(/ENOENT/);
  });
});

describe('contentHash', () => {
  it('is the SHA-256 of the whole content, across its 4 MB reads', async () => {
    const mb = 1024 * 1024;
    for (const size of [0, 1, 4 * mb - 1, 4 * mb, 4 * mb + 1, 9 * mb + 7]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 7 + (i >> 12)) % 256);
      const path = join(dir, `content-${size}.bin`);
      await writeFile(path, bytes);
      expect(contentHash(path)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('throws for a file it cannot open', () => {
    expect(() => contentHash(join(dir, 'missing.bin'))).toThrow(/ENOENT/);
  });
});
