import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import type { Logger } from './logger.ts';

/**
 * Tokens that look like this are scrubbed wherever they appear: Slack tokens of every kind
 * (bot, user, app-level, refresh, …), HubSpot private-app tokens (pat-<region>-<uuid>) and
 * Meta access tokens (EAA…).
 */
const TOKEN_PATTERN =
  /(?:xox[abposre]|xapp)-[A-Za-z0-9-]+|\bpat-[a-z]{2,4}\d?-[0-9a-f-]{20,}|\bEAA[A-Za-z0-9]{20,}/g;

/** Keys whose values are never logged, wherever they sit in a logged object. */
const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'accessToken',
  'access_token',
  'HUBSPOT_ACCESS_TOKEN',
  'META_ACCESS_TOKEN',
  '*.accessToken',
  '*.access_token',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_APP_TOKEN',
  '*.SLACK_SIGNING_SECRET',
];

export interface LogOptions {
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Configured secret values (tokens, signing secret) scrubbed from every string. */
  secrets?: readonly (string | undefined)[];
  /** Where lines go (stdout by default); tests pass a stream that keeps them. */
  destination?: DestinationStream;
}

/** Replaces token-shaped substrings and the configured secrets by `[redacted]`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text.replace(TOKEN_PATTERN, '[redacted]');
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out;
}

/** Deep copy of a log value with every string scrubbed (errors become plain objects). */
function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubText(value.message, secrets),
      stack: value.stack ? scrubText(value.stack, secrets) : undefined,
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, secrets, depth + 1);
  return out;
}

/**
 * The structured JSON logger. Secrets are removed twice: pino's `redact` drops known keys,
 * and a scrubber rewrites every string (message and fields) that looks like a token or
 * equals a configured secret, so a secret pasted into an error message is caught too.
 */
export function createLogger(options: LogOptions = {}): PinoLogger & Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s !== '');
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: {
        log: (object) => scrubValue(object, secrets) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const clean = args.map((arg) => scrubValue(arg, secrets)) as Parameters<typeof method>;
          method.apply(this, clean);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}
