import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import type { ConfigRule } from '../alerts/rules.ts';
import { AppError } from '../shared/errors.ts';
import { ConfigSchema } from './schema.ts';

type Parsed = z.output<typeof ConfigSchema>;
type ParsedRule = Parsed['alerts']['rules'][number];

/** A rule of `alerts.rules`, in the shape `ruleFromConfig` (src/alerts/rules.ts) takes. */
export type ConfigAlertRule = ConfigRule & Required<Pick<ConfigRule, 'metric' | 'op' | 'threshold'>>;

/** The validated config, with defaults filled in and paths resolved against the file's folder. */
export type Config = Omit<Parsed, 'alerts'> & {
  alerts: Omit<Parsed['alerts'], 'rules'> & { rules: ConfigAlertRule[] };
  /** The file it came from (null: built-in defaults). */
  file: string | null;
};
export type FileSourceConfig = Extract<Config['sources'][number], { type: 'file' }>;
export type SheetsSourceConfig = Extract<Config['sources'][number], { type: 'sheets' }>;
export type FolderSourceConfig = Extract<Config['sources'][number], { type: 'folder' }>;
export type HubSpotSourceConfig = Extract<Config['sources'][number], { type: 'hubspot' }>;
export type MetaAdsSourceConfig = Extract<Config['sources'][number], { type: 'meta-ads' }>;
export type SourceConfig = Config['sources'][number];
export type SubscriptionConfig = Config['digest']['subscriptions'][number];

/**
 * Reads and validates the YAML config. No path: the defaults (Europe/Paris, EUR, no sources).
 * Fails with AppError('config_invalid') naming the file and the path of the bad key.
 */
export function loadConfig(path: string | undefined): Config {
  if (path === undefined) return finish(ConfigSchema.parse({}), null);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AppError('config_invalid', 'config.file_missing', { params: { file: path }, cause });
  }
  return parseConfig(text, path);
}

/** Validates config text (YAML); `file` names it in errors and anchors relative paths. */
export function parseConfig(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new AppError('config_invalid', 'config.file_unparsable', {
      params: { file, reason: reason ?? '' },
      cause,
    });
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = [...(issue?.path ?? [])];
    if (issue?.code === 'unrecognized_keys') at.push(issue.keys[0] ?? '');
    throw new AppError('config_invalid', 'config.file_invalid', {
      params: {
        file,
        path: at.map(String).join('.') || '(root)',
        reason: issue?.code === 'unrecognized_keys' ? 'unknown key' : (issue?.message ?? 'invalid'),
      },
      cause: parsed.error,
    });
  }
  return finish(parsed.data, file);
}

function finish(parsed: Parsed, file: string | null): Config {
  const base = file ? dirname(resolve(file)) : process.cwd();
  const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    ...parsed,
    sources: parsed.sources.map((s) => {
      if (s.type === 'file' || s.type === 'folder') return { ...s, path: at(s.path) };
      if (s.type === 'sheets' && s.credentials) return { ...s, credentials: at(s.credentials) };
      return s;
    }),
    alerts: { ...parsed.alerts, rules: parsed.alerts.rules.map(toRule) },
    file,
  };
}

function toRule(rule: ParsedRule): ConfigAlertRule {
  const { id, renotify, pendingFor, threshold, ...rest } = rule;
  // A rule without an id gets one from its content: stable across restarts and reordering.
  const derived = `cfg-${createHash('sha1').update(JSON.stringify(rule)).digest('hex').slice(0, 10)}`;
  return {
    ...rest,
    id: id ?? derived,
    kind: 'metric',
    threshold:
      typeof threshold === 'object' && 'relative' in threshold ? { relative: threshold.relative } : threshold,
    renotifyMs: renotify,
    pendingForMs: pendingFor,
  };
}
