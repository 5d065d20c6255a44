import { appendFile, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedIdentity } from '../../src/cli/kpi-cache.ts';
import { openData } from '../../src/cli/kpi-data.ts';
import { isAppError } from '../../src/shared/errors.ts';

const LEADS = `"Record ID","Email","Create Date","Lifecycle Stage","UTM Campaign"
"1","a1@acme.fr","2026-10-05 10:00","Lead","Spring Sale"
"2","a2@acme.fr","2026-10-06 10:00","Lead","Spring Sale"
`;

const settings = {
  timeZone: 'Europe/Paris',
  currency: 'EUR',
  targets: { ltvCacRatio: 3 },
  whyNoise: { alpha: 0.05, minVolume: 30 },
  configPath: undefined,
};

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-data-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openData with --data files', () => {
  it('refuses a run whose file changed while it was read, and caches nothing for it', async () => {
    const file = join(dir, 'contacts.csv');
    await writeFile(file, LEADS);
    const cacheDir = join(dir, 'cache');
    const run = openData({
      files: [file],
      settings,
      dateOrder: null,
      env: {},
      cacheDir,
      // Another program appends to the export while this run reads it.
      afterIngest: () => appendFile(file, '"3","a3@acme.fr","2026-10-07 10:00","Lead","Spring Sale"\n'),
    });
    const error = await run.catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('file_unreadable');
    expect(isAppError(error) && error.messageKey).toBe('command.cli.file_changed');
    expect(isAppError(error) && error.params).toEqual({ file: join(dir, 'contacts.csv') });
    expect(await readdir(cacheDir).catch(() => [])).toEqual([]);
    // Without the cache too (only size and mtime are watched then).
    const bare = await openData({
      files: [file],
      settings,
      dateOrder: null,
      env: {},
      afterIngest: () => appendFile(file, '"4","a4@acme.fr","2026-10-08 10:00","Lead","Spring Sale"\n'),
    }).catch((e: unknown) => e);
    expect(isAppError(bare) && bare.messageKey).toBe('command.cli.file_changed');
    // Left alone, the same file answers.
    const session = await openData({ files: [file], settings, dateOrder: null, env: {}, cacheDir });
    expect(session.snapshot.leads.count).toBe(4);
    await session.close();
  });
});

describe('the --data cache entry written while the answer is computed', () => {
  it('is whole once close() resolves, and the next run answers from it', async () => {
    const file = join(dir, 'written.csv');
    const cacheDir = join(dir, 'cache-written');
    await writeFile(file, LEADS);
    const session = await openData({ files: [file], settings, dateOrder: null, env: {}, cacheDir });
    expect(session.snapshot.leads.count).toBe(2);
    await session.close();
    // One entry under its key (no temporary name left), with all its files.
    const names = await readdir(cacheDir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^[0-9a-f]{16}-[0-9a-f]{40}$/);
    expect((await readdir(join(cacheDir, names[0] ?? ''))).sort()).toEqual([
      'files.json',
      'meta.json',
      'snapshot.bin',
    ]);
    const again = await openData({
      files: [file],
      settings,
      dateOrder: null,
      env: {},
      cacheDir,
      afterIngest: async () => {
        throw new Error('ingested');
      },
    });
    expect(again.snapshot.leads.count).toBe(2);
    await again.close();
  });
});

describe('the --data cache reusing its hashes of unchanged files', () => {
  /** A run that fails the test if it ingests (the answer must come from the cache). */
  const cachedOnly = (file: string, cacheDir: string, racyMs: number) =>
    openData({
      files: [file],
      settings,
      dateOrder: null,
      env: {},
      cacheDir,
      racyMs,
      afterIngest: async () => {
        throw new Error('ingested');
      },
    });
  /** A run that may ingest; closed, so its cache entry is written when it returns. */
  const fresh = async (file: string, cacheDir: string, racyMs: number) => {
    const session = await openData({ files: [file], settings, dateOrder: null, env: {}, cacheDir, racyMs });
    await session.close();
    return session;
  };

  it('answers from the remembered hash, and never from it once the bytes changed (same size, mtime put back)', async () => {
    const file = join(dir, 'reuse.csv');
    const cacheDir = join(dir, 'cache-reuse');
    await writeFile(file, LEADS);
    // A whole-second mtime, so that putting it back gives the very same one (to the nanosecond).
    const mtime = 1_790_000_000;
    await utimes(file, mtime, mtime);
    expect((await fresh(file, cacheDir, 0)).snapshot.leads.count).toBe(2);
    const [entry = ''] = await readdir(cacheDir);
    const hashes = join(cacheDir, entry, 'files.json');
    const remembered = await readFile(hashes, 'utf8');
    const [known] = JSON.parse(remembered) as { identity: { ctimeNs: string } }[];
    expect(known?.identity.ctimeNs).toBe(String((await stat(file, { bigint: true })).ctimeNs));
    // Unchanged: answered from the cache, on the remembered hash (a new hash would be remembered anew).
    expect((await cachedOnly(file, cacheDir, 0)).snapshot.leads.count).toBe(2);
    expect(await readFile(hashes, 'utf8')).toBe(remembered);
    // Same size, other bytes, mtime put back: the ctime moves (waited for: the kernel's clock ticks).
    const before = await stat(file, { bigint: true });
    const changed = LEADS.replace('"2","a2@acme.fr","2026-10-06', '"9","a9@acme.fr","2026-09-06');
    expect(changed.length).toBe(LEADS.length);
    do {
      await writeFile(file, changed);
      await utimes(file, mtime, mtime);
    } while ((await stat(file, { bigint: true })).ctimeNs === before.ctimeNs);
    const after = await stat(file, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    // Never answered from the old entry: this run ingests the file.
    await expect(cachedOnly(file, cacheDir, 0)).rejects.toThrow('ingested');
    expect((await fresh(file, cacheDir, 0)).snapshot.leads.count).toBe(2);
    // The new version is answered from the cache in its turn.
    expect((await cachedOnly(file, cacheDir, 0)).snapshot.leads.count).toBe(2);
  });

  it('hashes again a file changed just before its hash was taken (within the racy margin)', async () => {
    const file = join(dir, 'racy.csv');
    const cacheDir = join(dir, 'cache-racy');
    await writeFile(file, LEADS);
    // A margin far longer than this test: every remembered hash is racy, so each call hashes.
    await fresh(file, cacheDir, 3_600_000);
    const [entry = ''] = await readdir(cacheDir);
    await writeFile(join(cacheDir, entry, 'files.json'), '[]');
    // The entry answers, after a full hash (which remembers it again).
    expect((await cachedOnly(file, cacheDir, 3_600_000)).snapshot.leads.count).toBe(2);
    expect(JSON.parse(await readFile(join(cacheDir, entry, 'files.json'), 'utf8'))).toHaveLength(1);
  });
});

describe('trustedIdentity', () => {
  const identity = {
    dev: '1',
    ino: '2',
    mtimeNs: '1000000000123',
    ctimeNs: '1700000000123456789',
    hashedAtMs: 1_700_000_010_000,
    sample: 'x',
  };
  const now = {
    dev: 1n,
    ino: 2n,
    size: 10n,
    mtimeNs: 1_000_000_000_123n,
    ctimeNs: 1_700_000_000_123_456_789n,
  };

  it('holds only while device, inode, size, mtime and ctime are all the same', () => {
    expect(trustedIdentity(identity, 10, now)).toBe(true);
    expect(trustedIdentity(identity, 10, { ...now, ino: 3n })).toBe(false);
    expect(trustedIdentity(identity, 10, { ...now, dev: 9n })).toBe(false);
    expect(trustedIdentity(identity, 10, { ...now, size: 11n })).toBe(false);
    expect(trustedIdentity(identity, 10, { ...now, mtimeNs: now.mtimeNs + 1n })).toBe(false);
    expect(trustedIdentity(identity, 10, { ...now, ctimeNs: now.ctimeNs + 1n })).toBe(false);
  });

  it('never holds for a hash begun within one clock tick of the last change', () => {
    // 50 ms after a change stamped to the nanosecond; 2 s after one stamped in whole seconds.
    const at = (ctimeNs: bigint, afterMs: number) => ({
      ...identity,
      ctimeNs: String(ctimeNs),
      hashedAtMs: Number(ctimeNs / 1_000_000n) + afterMs,
    });
    const fine = 1_700_000_000_123_456_789n;
    const whole = 1_700_000_000_000_000_000n;
    expect(trustedIdentity(at(fine, 49), 10, { ...now, ctimeNs: fine })).toBe(false);
    expect(trustedIdentity(at(fine, 50), 10, { ...now, ctimeNs: fine })).toBe(true);
    expect(trustedIdentity(at(whole, 1999), 10, { ...now, ctimeNs: whole })).toBe(false);
    expect(trustedIdentity(at(whole, 2000), 10, { ...now, ctimeNs: whole })).toBe(true);
  });
});
