import { configuredDigestSettings } from '../config/digest-settings.ts';
import { loadConfig } from '../config/file.ts';
import type { KpiSettings } from './kpi-settings.ts';

/**
 * The CLI's settings from a kpi.yaml (validated by the config schema), or from the schema's
 * defaults without one. Loaded by kpi-settings.ts only when there is a file to read: the YAML
 * parser, zod's schema and what it pulls in cost about a tenth of a second per call.
 */
export function settingsFromFile(file: string | undefined): KpiSettings {
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
