import { DEFAULT_DIGEST_SETTINGS, type DigestSettings, type DigestTargets } from './types.ts';

/** Digest settings as the config gives them: any subset, the rest from the defaults. */
export type DigestSettingsInput = Partial<Omit<DigestSettings, 'targets'>> & {
  targets?: Partial<DigestTargets>;
};

/** Merges configured values (YAML `digest:` and `targets:`) over DEFAULT_DIGEST_SETTINGS. */
export function digestSettings(input: DigestSettingsInput = {}): DigestSettings {
  const { targets, ...rest } = input;
  const defined = <T extends object>(value: T): Partial<T> =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...DEFAULT_DIGEST_SETTINGS,
    ...defined(rest),
    targets: { ...DEFAULT_DIGEST_SETTINGS.targets, ...defined(targets ?? {}) },
  };
}
