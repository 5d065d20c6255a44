import {
  type ChatPostMessageResponse,
  ErrorCode,
  type WebAPICallError,
  type WebClient,
} from '@slack/web-api';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { realSleep, type Verdict, withRetry } from '../shared/retry.ts';
import type { SlackMessage } from '../shared/slack-message.ts';

export interface PosterOptions {
  clock: Clock;
  /** Waits (real timers by default). */
  sleep?: (ms: number) => Promise<void>;
  /** Minimum gap between two messages to one channel (Slack allows about 1 a second). */
  minIntervalMs?: number;
  /** Attempts per message before giving up (429 and 5xx are retried). */
  maxAttempts?: number;
  /** Backoff after a 5xx or a network failure, doubled each time. */
  baseBackoffMs?: number;
}

export interface FileToUpload {
  filename: string;
  content: Buffer | string;
  title?: string;
  initialComment?: string;
}

export interface Posted {
  channel: string;
  ts: string;
}

/** Bulk posting for digests and alerts: paced per channel, retried, each message sent once. */
export interface Poster {
  post(channel: string, message: SlackMessage): Promise<Posted>;
  update(channel: string, ts: string, message: SlackMessage): Promise<Posted>;
  reply(channel: string, threadTs: string, message: SlackMessage): Promise<Posted>;
  uploadFile(channel: string, threadTs: string | null, file: FileToUpload): Promise<void>;
}

function isCallError(error: unknown): error is WebAPICallError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** How long to wait before retrying, or null when the failure is final. */
export function retryDelay(error: unknown, attempt: number, baseMs: number): number | null {
  if (!isCallError(error)) return null;
  switch (error.code) {
    case ErrorCode.RateLimitedError:
      return Math.max(1, error.retryAfter) * 1000;
    case ErrorCode.HTTPError:
      return error.statusCode >= 500 ? baseMs * 2 ** attempt : null;
    case ErrorCode.RequestError:
      return baseMs * 2 ** attempt;
    default:
      return null;
  }
}

/**
 * Builds the poster over a client made by `createBulkClient` (no SDK retries, 429s
 * rejected), so that this queue alone decides when to retry and a message is sent once.
 */
export function createPoster(client: WebClient, options: PosterOptions): Poster {
  const sleep = options.sleep ?? realSleep;
  const gap = options.minIntervalMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseBackoffMs ?? 1_000;
  const tails = new Map<string, Promise<unknown>>();
  const lastSent = new Map<string, number>();

  /** One message through the shared retry helper; every attempt waits for the channel's slot. */
  function attempt<T>(channel: string, call: () => Promise<T>): Promise<T> {
    let n = 0;
    const paced = async (): Promise<T> => {
      const wait = (lastSent.get(channel) ?? Number.NEGATIVE_INFINITY) + gap - options.clock.now().getTime();
      if (wait > 0) await sleep(wait);
      try {
        return await call();
      } finally {
        lastSent.set(channel, options.clock.now().getTime());
      }
    };
    const failed = (cause: unknown) =>
      new AppError('slack_failed', 'slack.not_available', { cause, params: { channel } });
    const classify = (error: unknown): Verdict => {
      const delay = retryDelay(error, n++, base);
      return delay === null
        ? { retry: false, error: failed(error) }
        : { retry: true, afterMs: delay, reason: '' };
    };
    return withRetry(paced, classify, (_attempts, _reason, cause) => failed(cause), {
      maxAttempts,
      sleep,
      maxDelayMs: Number.POSITIVE_INFINITY,
    });
  }

  /** One queue per channel: messages to a channel go out in order, one at a time. */
  function enqueue<T>(channel: string, call: () => Promise<T>): Promise<T> {
    const previous = tails.get(channel) ?? Promise.resolve();
    const run = previous.then(
      () => attempt(channel, call),
      () => attempt(channel, call),
    );
    tails.set(channel, run);
    void run
      .finally(() => {
        if (tails.get(channel) === run) tails.delete(channel);
      })
      .catch(() => undefined);
    return run;
  }

  const posted = (channel: string, response: Pick<ChatPostMessageResponse, 'ts' | 'channel'>): Posted => ({
    channel: response.channel ?? channel,
    ts: response.ts ?? '',
  });

  return {
    post: (channel, message) =>
      enqueue(channel, async () => posted(channel, await client.chat.postMessage({ channel, ...message }))),
    reply: (channel, threadTs, message) =>
      enqueue(channel, async () =>
        posted(channel, await client.chat.postMessage({ channel, thread_ts: threadTs, ...message })),
      ),
    update: (channel, ts, message) =>
      enqueue(channel, async () => posted(channel, await client.chat.update({ channel, ts, ...message }))),
    uploadFile: (channel, threadTs, file) =>
      enqueue(channel, async () => {
        const content = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
        const common = {
          filename: file.filename,
          file: content,
          title: file.title ?? file.filename,
          initial_comment: file.initialComment ?? '',
        };
        if (threadTs) await client.files.uploadV2({ ...common, channel_id: channel, thread_ts: threadTs });
        else await client.files.uploadV2({ ...common, channel_id: channel });
      }),
  };
}
