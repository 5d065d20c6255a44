import type { DigestSettings } from '../digest/types.ts';
import type { Config } from './file.ts';

/** The digest settings kpi.yaml's `digest:` sets; the others (and `targets`) come from elsewhere. */
export type ConfiguredDigestSettings = Pick<
  DigestSettings,
  'dropThreshold' | 'alpha' | 'minVolume' | 'baselineWeeks' | 'staleAfterHours' | 'stageLagDays'
>;

/**
 * The config's digest settings, read in one place: the app's digests and alerts and the CLI's
 * digest preview take the same ones (a setting added to `digest:` is added here once).
 */
export function configuredDigestSettings(config: Config): ConfiguredDigestSettings {
  return {
    dropThreshold: config.digest.dropThreshold,
    alpha: config.digest.alpha,
    minVolume: config.digest.minVolume,
    baselineWeeks: config.digest.baselineWeeks,
    staleAfterHours: config.digest.staleAfterHours,
    stageLagDays: config.digest.stageLagDays,
  };
}
