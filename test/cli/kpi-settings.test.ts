import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadSettings } from '../../src/cli/kpi-settings.ts';
import { settingsFromFile } from '../../src/cli/kpi-settings-file.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-settings-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the kpi CLI settings', () => {
  it('without a config file are the config schema defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual(settingsFromFile(undefined));
  });

  it('are the defaults when no file is named, in the folder or beside the data, each call its own copy', async () => {
    // Data in a folder without a kpi.yaml (the test runs where the repository has none either).
    const first = await loadSettings(null, { KPI_CONFIG: '' }, [join(dir, 'contacts.csv')]);
    expect(first).toEqual(settingsFromFile(undefined));
    first.targets.ltvCacRatio = 99;
    expect((await loadSettings(null, {}, [join(dir, 'contacts.csv')])).targets).toEqual({ ltvCacRatio: 3 });
  });

  it('come from the kpi.yaml beside the data, else the one named, and name it', async () => {
    const beside = join(dir, 'with-config');
    await mkdir(beside, { recursive: true });
    await writeFile(join(beside, 'kpi.yaml'), 'workspace:\n  timeZone: America/New_York\n  currency: USD\n');
    const found = await loadSettings(null, {}, [join(beside, 'leads.csv')]);
    expect(found).toMatchObject({ timeZone: 'America/New_York', currency: 'USD' });
    expect(found.configPath).toBe(join(beside, 'kpi.yaml'));
    expect(found).toEqual(settingsFromFile(join(beside, 'kpi.yaml')));
    const named = join(dir, 'other.yaml');
    await writeFile(named, 'workspace:\n  timeZone: Europe/London\n  currency: GBP\n');
    expect(await loadSettings(named, { KPI_CONFIG: join(beside, 'kpi.yaml') })).toMatchObject({
      timeZone: 'Europe/London',
      currency: 'GBP',
      configPath: named,
    });
  });

  it('refuse a bad file as before', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'workspace:\n  currency: euros\n');
    await expect(loadSettings(bad, {})).rejects.toMatchObject({ code: 'config_invalid' });
  });
});
