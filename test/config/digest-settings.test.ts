import { describe, expect, it } from 'vitest';
import { configuredDigestSettings } from '../../src/config/digest-settings.ts';
import { parseConfig } from '../../src/config/file.ts';
import { DEFAULT_DIGEST_SETTINGS } from '../../src/digest/types.ts';

describe('configuredDigestSettings', () => {
  it('takes every digest setting kpi.yaml sets (what the app and the CLI preview both read)', () => {
    const config = parseConfig(
      'digest: { dropThreshold: 0.3, alpha: 0.01, minVolume: 50, baselineWeeks: 6, staleAfterHours: 12, stageLagDays: { sql: 1 } }',
      '/etc/kpi.yaml',
    );
    expect(configuredDigestSettings(config)).toEqual({
      dropThreshold: 0.3,
      alpha: 0.01,
      minVolume: 50,
      baselineWeeks: 6,
      staleAfterHours: 12,
      stageLagDays: { mql: 14, sql: 1, customer: 30 },
    });
  });

  it('gives the digest defaults when kpi.yaml sets none', () => {
    const settings = configuredDigestSettings(parseConfig('digest: {}', '/etc/kpi.yaml'));
    for (const [key, value] of Object.entries(settings)) {
      expect(value, key).toEqual(DEFAULT_DIGEST_SETTINGS[key as keyof typeof settings]);
    }
  });
});
