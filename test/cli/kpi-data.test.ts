import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
