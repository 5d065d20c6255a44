import type { WebClient } from '@slack/web-api';
import { AppError, errorText } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { retryAfterMs, type Verdict, withRetry } from '../shared/retry.ts';

/** Who the bot is: what Bolt would otherwise learn from an auth.test of its own. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
}

/** Token errors no retry can fix: the process cannot run with this token. */
const BAD_TOKEN = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

export interface AuthOptions {
  logger: Logger;
  /** Attempts in all (default 6: about a minute of backoff). */
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * auth.test at start-up, retried with backoff (Slack or the network down for a moment);
 * a bad token fails at once with a clear message. Bolt is then given the identity, so it
 * makes no auth.test of its own (that call's rejection was handled nowhere and ended the process).
 */
export async function authenticate(client: WebClient, options: AuthOptions): Promise<BotIdentity> {
  const classify = (error: unknown): Verdict => {
    const data = (error as { data?: { error?: unknown } } | null)?.data;
    const code = typeof data?.error === 'string' ? data.error : null;
    if (code !== null && BAD_TOKEN.has(code)) {
      return {
        retry: false,
        error: new AppError('slack_failed', 'startup.token_refused', {
          params: { error: code },
          cause: error,
        }),
      };
    }
    const headers = (error as { headers?: Record<string, unknown> } | null)?.headers;
    const retryAfter = (error as { retryAfter?: unknown } | null)?.retryAfter;
    const afterMs =
      typeof retryAfter === 'number'
        ? retryAfter * 1000
        : retryAfterMs(typeof headers?.['retry-after'] === 'string' ? headers['retry-after'] : null);
    options.logger.warn({ error: errorText(error) }, 'slack auth.test failed, retrying');
    return { retry: true, afterMs, reason: errorText(error) };
  };
  const result = await withRetry(
    () => client.auth.test(),
    classify,
    (attempts, reason, cause) =>
      new AppError('slack_failed', 'startup.slack_unreachable', { params: { attempts, reason }, cause }),
    {
      maxAttempts: options.maxAttempts ?? 6,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: 30_000,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    },
  );
  if (!result.bot_id || !result.user_id) {
    throw new AppError('slack_failed', 'startup.token_refused', { params: { error: 'not a bot token' } });
  }
  return { botId: result.bot_id, botUserId: result.user_id };
}
