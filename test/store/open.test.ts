import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPath, openStore } from '../../src/store/open.ts';
import { getDataVersion } from '../../src/store/version.ts';
import { postgresHarness, TEST_DATABASE_URL } from './fixtures.ts';

describe('openStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-open-'));
  const pgHarness = postgresHarness();

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pgHarness.dispose();
  });

  it('opens the embedded store under DATA_DIR, creating the folder, with migrations run', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const db = await openStore({ DATA_DIR: dataDir });
    expect(db.dialect).toBe('sqlite');
    expect(existsSync(embeddedPath(dataDir))).toBe(true);
    expect(await getDataVersion(db)).toBe(0);
    await db.close();
    const again = await openStore({ DATA_DIR: dataDir });
    expect(await getDataVersion(again)).toBe(0);
    await again.close();
  });

  it('opens Postgres when DATABASE_URL is set, in the schema asked for', async () => {
    const db = await openStore(
      { DATABASE_URL: TEST_DATABASE_URL, DATA_DIR: dir },
      { schema: pgHarness.schema },
    );
    expect(db.dialect).toBe('postgres');
    expect(await getDataVersion(db)).toBe(0);
    const [row] = await db.query<{ schema: string }>('SELECT current_schema() AS schema');
    expect(row?.schema).toBe(pgHarness.schema);
    await db.close();
  });
});
