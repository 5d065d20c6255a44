import { existsSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../shared/errors.ts';

const Url = (what: string) => z.url({ message: `a URL (${what})` });
const prefixed = (prefix: string) =>
  z.string().refine((v) => v.startsWith(prefix), { message: `a token starting with ${prefix}` });

/**
 * The process environment, validated once at boot. Empty strings count as unset (a blank
 * line in a .env file is not a value). Secrets are never echoed in error messages.
 */
export const EnvSchema = z
  .object({
    /** Postgres connection string; the embedded store is used when unset. */
    DATABASE_URL: Url('postgres://user:password@host:5432/db')
      .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'a postgres:// or postgresql:// URL' })
      .optional(),
    /** Directory of the embedded database and other state (default ./data). */
    DATA_DIR: z.string().optional(),
    /** Path of the YAML config (default ./kpi.yaml when that file exists). */
    KPI_CONFIG: z.string().optional(),
    SLACK_BOT_TOKEN: prefixed('xoxb-').optional(),
    SLACK_SIGNING_SECRET: z.string().min(8, { message: 'the signing secret of the Slack app' }).optional(),
    /** App-level token: Socket Mode when set. */
    SLACK_APP_TOKEN: prefixed('xapp-').optional(),
    /** Override of the Slack Web API root (tests, proxies), e.g. http://127.0.0.1:4000/api/. */
    SLACK_API_URL: Url('the Slack Web API root').optional(),
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Service-account key file (or ADC) for Google Sheets sources. */
    GOOGLE_APPLICATION_CREDENTIALS: z.string().optional(),
    /** Override of the Sheets API root (tests, proxies), e.g. http://127.0.0.1:4001/. */
    SHEETS_API_URL: Url('the Sheets API root').optional(),
    /** HubSpot private-app access token (hubspot sources). */
    HUBSPOT_ACCESS_TOKEN: z
      .string()
      .min(8, { message: 'the access token of the HubSpot private app' })
      .optional(),
    /** Override of the HubSpot API root (tests, proxies), e.g. http://127.0.0.1:4002. */
    HUBSPOT_API_URL: Url('the HubSpot API root').optional(),
    /** Meta system-user access token with ads_read (meta-ads sources). */
    META_ACCESS_TOKEN: z.string().min(8, { message: 'the access token of the Meta system user' }).optional(),
    /** Override of the Graph API root (tests, proxies), e.g. http://127.0.0.1:4003. */
    META_API_URL: Url('the Graph API root').optional(),
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Worker threads for /kpi questions (default 1; 0 runs them on the event loop). */
    QUERY_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
    /** On SIGTERM / SIGINT, how long in-flight requests may take to send their replies (default 10 s). */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
    /** Forces Slack Socket Mode on or off (default: on when SLACK_APP_TOKEN is set). */
    SLACK_SOCKET_MODE: z.stringbool().optional(),
  })
  .superRefine((env, ctx) => {
    const socket = env.SLACK_SOCKET_MODE ?? env.SLACK_APP_TOKEN !== undefined;
    if (env.SLACK_SOCKET_MODE && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_APP_TOKEN'],
        message: 'required when SLACK_SOCKET_MODE is true',
      });
    }
    if (env.SLACK_BOT_TOKEN && !socket && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required in HTTP mode (set it, or SLACK_APP_TOKEN for Socket Mode)',
      });
    }
  });

export type Env = z.infer<typeof EnvSchema> & {
  /** True when the Slack app connects over Socket Mode. */
  socketMode: boolean;
};

export interface LoadEnvOptions {
  /** Used to look for the default ./kpi.yaml (injectable for tests). */
  fileExists?: (path: string) => boolean;
}

/**
 * Validates the environment. Throws AppError('env_invalid') naming the first bad variable and
 * why (never its value).
 */
export function loadEnv(env: NodeJS.ProcessEnv = process.env, options: LoadEnvOptions = {}): Env {
  const present: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value.trim();
  }
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('env_invalid', 'config.env_invalid', {
      params: { variable: String(issue?.path[0] ?? '?'), reason: issue?.message ?? 'invalid' },
      cause: parsed.error,
    });
  }
  const value = parsed.data;
  const fileExists = options.fileExists ?? existsSync;
  const kpiConfig = value.KPI_CONFIG ?? (fileExists('./kpi.yaml') ? './kpi.yaml' : undefined);
  return {
    ...value,
    ...(kpiConfig ? { KPI_CONFIG: kpiConfig } : {}),
    socketMode: value.SLACK_SOCKET_MODE ?? value.SLACK_APP_TOKEN !== undefined,
  };
}
