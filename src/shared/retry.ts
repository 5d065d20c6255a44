import type { AppError } from './errors.ts';

/** Exponential backoff with a cap: 1 s, 2 s, 4 s … 60 s. */
export const defaultBackoff = (attempt: number): number => Math.min(60_000, 1000 * 2 ** (attempt - 1));

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What to do with a failed call: wait and try again (after the server's hint, if any), or give up. */
export type Verdict =
  | { retry: true; afterMs: number | null; reason: string }
  | { retry: false; error: AppError };

export interface RetryPolicy {
  /** Attempts in all, the first included (default 6). */
  maxAttempts?: number;
  /** First backoff when the server gives no hint; doubles each attempt, with jitter (default 1 s). */
  baseDelayMs?: number;
  /** Cap of one wait, a server hint included (default 5 min). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `fn` until it succeeds, `classify` says the failure is final, or the attempts run out
 * (then `exhausted` builds the error). A server's own wait (Retry-After, a usage header) wins
 * over the exponential backoff.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  classify: (error: unknown) => Verdict,
  exhausted: (attempts: number, reason: string, cause: unknown) => AppError,
  policy: RetryPolicy = {},
): Promise<T> {
  const maxAttempts = policy.maxAttempts ?? 6;
  const base = policy.baseDelayMs ?? 1000;
  const cap = policy.maxDelayMs ?? 300_000;
  const sleep = policy.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const verdict = classify(error);
      if (!verdict.retry) throw verdict.error;
      if (attempt >= maxAttempts) throw exhausted(attempt, verdict.reason, error);
      const backoff = base * 2 ** (attempt - 1);
      const wait = verdict.afterMs ?? backoff / 2 + Math.random() * (backoff / 2);
      await sleep(Math.min(cap, Math.max(0, wait)));
    }
  }
}

/** Seconds of a Retry-After header (or an HTTP date) as milliseconds; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (value == null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Removes a secret from text that may reach a log line, a Slack message or an error. */
export function withoutSecret(text: string, secret: string | undefined): string {
  return secret && secret.length >= 6 ? text.split(secret).join('[redacted]') : text;
}
