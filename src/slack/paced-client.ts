import { ErrorCode, type WebAPICallError, type WebClient } from '@slack/web-api';
import type { Clock } from '../shared/clock.ts';
import { AppError, errorText } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { SlackClient } from '../shared/post-once.ts';
import { realSleep, type Verdict, withRetry } from '../shared/retry.ts';
import { isPermanentSlackError } from '../shared/slack-errors.ts';

export interface PacedClientOptions {
  clock: Clock;
  logger: Logger;
  /** Minimum gap between two posts to one channel (Slack allows about 1 a second). */
  minIntervalMs?: number;
  /** Attempts per call (default 6). */
  maxAttempts?: number;
  /** Backoff after a 5xx or a network failure, doubled each time (default 1 s). */
  baseBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Shown in the log line of a call that failed for good (default slack.com). */
  host?: string;
}

const isCallError = (error: unknown): error is WebAPICallError =>
  error instanceof Error && typeof (error as { code?: unknown }).code === 'string';

/** The HTTP status of a failed call, for the logs ("200" for a platform error's ok:false). */
function statusOf(error: unknown): string {
  if (!isCallError(error)) return 'none';
  switch (error.code) {
    case ErrorCode.RateLimitedError:
      return '429';
    case ErrorCode.HTTPError:
      return String(error.statusCode);
    case ErrorCode.PlatformError:
      return `200 ${String(error.data.error)}`;
    default:
      return error.code;
  }
}

/**
 * Whether a failed call may be retried. A 429 always (after its Retry-After); a 5xx or a
 * network failure only for calls that cannot double a message (updates, uploads' steps and
 * reads) — a chat.postMessage that failed that way may have been posted, and the exactly-once
 * layer (src/shared/post-once.ts) looks it up by its metadata before posting again.
 */
function verdictFor(error: unknown, idempotent: boolean, baseMs: number, attempt: number): Verdict {
  const fail = (): Verdict => ({
    retry: false,
    error:
      error instanceof AppError
        ? error
        : new AppError('slack_failed', 'slack.reply_failed', {
            params: { host: '', status: statusOf(error) },
            cause: error,
          }),
  });
  if (!isCallError(error) || isPermanentSlackError(error)) return fail();
  switch (error.code) {
    case ErrorCode.RateLimitedError:
      return { retry: true, afterMs: Math.max(1, error.retryAfter) * 1000, reason: '429' };
    case ErrorCode.HTTPError:
      return error.statusCode >= 500 && idempotent
        ? { retry: true, afterMs: baseMs * 2 ** attempt, reason: String(error.statusCode) }
        : fail();
    case ErrorCode.RequestError:
      return idempotent ? { retry: true, afterMs: baseMs * 2 ** attempt, reason: 'network' } : fail();
    default:
      return fail();
  }
}

/**
 * The one rate-limited poster for digests and alerts, as a Web API client: posts, updates
 * and uploads to a channel go out one at a time, at most about one a second, retried with
 * backoff that honours Retry-After (the underlying client, made by `createBulkClient`, retries
 * nothing itself and rejects 429s). A call that fails for good is logged with the host and the
 * status, then thrown: the digest poster and the alert notifier report it to the admin channel.
 */
export function createPacedClient(client: WebClient, options: PacedClientOptions): SlackClient {
  const sleep = options.sleep ?? realSleep;
  const gap = options.minIntervalMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseBackoffMs ?? 1_000;
  const host = options.host ?? 'slack.com';
  const tails = new Map<string, Promise<unknown>>();
  const lastSent = new Map<string, number>();

  async function paced<T>(method: string, channel: string, idempotent: boolean, call: () => Promise<T>) {
    let attempt = 0;
    try {
      return await withRetry(
        async () => {
          const wait =
            (lastSent.get(channel) ?? Number.NEGATIVE_INFINITY) + gap - options.clock.now().getTime();
          if (wait > 0) await sleep(wait);
          try {
            return await call();
          } finally {
            lastSent.set(channel, options.clock.now().getTime());
          }
        },
        (error) => verdictFor(error, idempotent, base, attempt++),
        (attempts, reason, cause) =>
          new AppError('slack_failed', 'slack.reply_failed', {
            params: { host, status: `${reason} after ${attempts} attempts` },
            cause,
          }),
        { maxAttempts, sleep, maxDelayMs: 15 * 60_000 },
      );
    } catch (error) {
      const cause = error instanceof AppError && error.cause !== undefined ? error.cause : error;
      options.logger.error(
        { host, method, channel, status: statusOf(cause), error: errorText(cause) },
        'slack call failed for good',
      );
      throw error;
    }
  }

  /** One queue per channel: calls to a channel go out in order, one at a time. */
  function enqueue<T>(method: string, channel: string, idempotent: boolean, call: () => Promise<T>) {
    const previous = tails.get(channel) ?? Promise.resolve();
    const run = previous.then(
      () => paced(method, channel, idempotent, call),
      () => paced(method, channel, idempotent, call),
    );
    tails.set(channel, run);
    void run
      .finally(() => {
        if (tails.get(channel) === run) tails.delete(channel);
      })
      .catch(() => undefined);
    return run;
  }

  type Chat = WebClient['chat'];
  type Files = WebClient['files'];
  const postMessage = ((args: Parameters<Chat['postMessage']>[0]) =>
    enqueue('chat.postMessage', String(args.channel), false, () =>
      client.chat.postMessage(args),
    )) as Chat['postMessage'];
  const update = ((args: Parameters<Chat['update']>[0]) =>
    enqueue('chat.update', String(args.channel), true, () => client.chat.update(args))) as Chat['update'];
  const uploadV2 = ((args: Parameters<Files['uploadV2']>[0]) => {
    const channel = String((args as { channel_id?: unknown }).channel_id ?? '');
    return enqueue('files.uploadV2', channel, false, () => client.files.uploadV2(args));
  }) as Files['uploadV2'];

  return {
    chat: { ...client.chat, postMessage, update },
    files: { ...client.files, uploadV2 },
    conversations: client.conversations,
  };
}
