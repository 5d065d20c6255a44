import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashOffThread } from '../../src/cli/file-hash-off-thread.ts';
import { fingerprint } from '../../src/cli/kpi-cache.ts';

/** The cache key's file hashes taken on a worker thread (while kpi --data ingests): the same as on this one. */
describe('file hashes off the event loop', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpi-hash-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives each file the fingerprint this thread gives, in order', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    await writeFile(a, 'Email,Created\na@acme.fr,2026-10-01\n');
    await writeFile(b, 'x'.repeat(5 * 1024 * 1024)); // more than one read chunk (4 MB)
    const hashes = await hashOffThread([a, b]).result;
    // The same fingerprints (when each hash began is the one thing that differs).
    const bare = (h: object | undefined) => {
      const { identity, ...rest } = h as { identity?: { hashedAtMs: number } };
      return { ...rest, identity: { ...identity, hashedAtMs: 0 } };
    };
    expect(hashes?.map(bare)).toEqual([bare(await fingerprint(a)), bare(await fingerprint(b))]);
    expect(hashes?.[1]).toMatchObject({
      size: 5 * 1024 * 1024,
      sha256: createHash('sha256')
        .update('x'.repeat(5 * 1024 * 1024))
        .digest('hex'),
    });
  });

  it('answers null for a file it cannot read (that run is then not cached)', async () => {
    expect(await hashOffThread([join(dir, 'missing.csv')]).result).toBeNull();
  });
});
