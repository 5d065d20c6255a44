import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { DigestSettingsInput } from '../digest/settings.ts';
import type { Targets } from '../kpi/engine.ts';

/** The workspace settings the `kpi` CLI needs, from the YAML config. */
export interface KpiSettings {
  timeZone: string;
  currency: string;
  rates?: Record<string, number>;
  /** The report level kept per platform (config workspace.keepLevel). */
  keepLevel?: Readonly<Record<string, string>>;
  targets: Targets;
  /** `why` tests a rate's change like the digest tests its drops (config `digest.alpha`, `digest.minVolume`). */
  whyNoise: { alpha: number; minVolume: number };
  /** The digest preview's thresholds and stage lags (config `digest`); absent: the defaults. */
  digest?: DigestSettingsInput;
  /** The config file read, if any (said on stderr so nobody wonders where a target came from). */
  configPath: string | undefined;
}

/**
 * A folder of exports often carries its own kpi.yaml (samples/ does): when every --data file
 * sits in one folder that has one, it is the config.
 */
function configBesideData(files: readonly string[]): string | undefined {
  const dirs = new Set(files.map((f) => dirname(resolve(f))));
  if (dirs.size !== 1) return undefined;
  const candidate = join([...dirs][0] ?? '.', 'kpi.yaml');
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * What a config without a file holds (config/schema.ts's defaults): the settings of a call with
 * no kpi.yaml, given without loading the schema (test/cli/kpi-settings.test.ts checks they are
 * what the schema gives).
 */
export const DEFAULT_SETTINGS: Readonly<KpiSettings> = Object.freeze({
  timeZone: 'Europe/Paris',
  currency: 'EUR',
  targets: { ltvCacRatio: 3 },
  whyNoise: { alpha: 0.05, minVolume: 30 },
  digest: {
    dropThreshold: 0.2,
    alpha: 0.05,
    minVolume: 30,
    baselineWeeks: 4,
    staleAfterHours: 48,
    stageLagDays: { mql: 14, sql: 14, customer: 30 },
  },
  configPath: undefined,
});

/**
 * The config named by --config, else KPI_CONFIG, else ./kpi.yaml when it exists, else a
 * kpi.yaml beside the --data files, else the defaults (Europe/Paris, EUR). A bad file throws
 * AppError('config_invalid') naming the key. The config schema is loaded only to read a file.
 */
export async function loadSettings(
  path: string | null,
  env: NodeJS.ProcessEnv,
  dataFiles: readonly string[] = [],
): Promise<KpiSettings> {
  const file =
    path ??
    (env.KPI_CONFIG?.trim() ||
      (existsSync('kpi.yaml') ? 'kpi.yaml' : undefined) ||
      configBesideData(dataFiles));
  if (file === undefined) return structuredClone(DEFAULT_SETTINGS);
  const { settingsFromFile } = await import('./kpi-settings-file.ts');
  return settingsFromFile(file);
}
