import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { configuredDigestSettings } from '../config/digest-settings.ts';
import { loadConfig } from '../config/file.ts';
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
 * The config named by --config, else KPI_CONFIG, else ./kpi.yaml when it exists, else a
 * kpi.yaml beside the --data files, else the defaults (Europe/Paris, EUR). A bad file throws
 * AppError('config_invalid') naming the key.
 */
export function loadSettings(
  path: string | null,
  env: NodeJS.ProcessEnv,
  dataFiles: readonly string[] = [],
): KpiSettings {
  const file =
    path ??
    (env.KPI_CONFIG?.trim() ||
      (existsSync('kpi.yaml') ? 'kpi.yaml' : undefined) ||
      configBesideData(dataFiles));
  const config = loadConfig(file);
  const { timeZone, currency, rates, keepLevel } = config.workspace;
  return {
    timeZone,
    currency,
    ...(rates ? { rates } : {}),
    ...(keepLevel ? { keepLevel } : {}),
    targets: config.targets,
    whyNoise: { alpha: config.digest.alpha, minVolume: config.digest.minVolume },
    digest: configuredDigestSettings(config),
    configPath: file,
  };
}
