import http from 'node:http';
import https from 'node:https';
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { realSleep, retryAfterMs, type Verdict, withRetry } from '../shared/retry.ts';
import { afterAcks } from './turns.ts';

/** Slack accepts 5 posts to one response_url, within 30 minutes of the request. */
const MAX_USES = 5;
const WINDOW_MS = 30 * 60_000;

export interface ReplierOptions {
  clock: Clock;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** First backoff without a Retry-After (doubles each attempt, with jitter; default 500 ms). */
  baseDelayMs?: number;
}

/** A POST's outcome: the status and the Retry-After header, if any. */
interface Posted {
  status: number;
  retryAfter: string | null;
}

/**
 * Kept-alive connections, a bounded number per host: a burst of replies reuses sockets instead
 * of opening one each. node:http rather than fetch: per reply it costs the event loop a
 * fraction of undici's fetch, and the event loop is what acknowledges Slack's next requests.
 */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 };
const agents = { http: new http.Agent(AGENT_OPTIONS), https: new https.Agent(AGENT_OPTIONS) };

function postJson(url: string, body: string, timeoutMs: number): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const request = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (response) => {
        // The body is small; reading it frees the connection.
        response.resume();
        response.once('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          });
        });
        response.once('error', reject);
      },
    );
    request.once('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.once('error', reject);
    request.end(body);
  });
}

/** Replies through response_url, retried; `pending()` counts replies not yet delivered or given up. */
export interface Replier {
  /** A `respond` for this response_url (Bolt's signature), retried within Slack's limits. */
  to(responseUrl: string): RespondFn;
  /** Replies in flight (for a graceful shutdown to wait on). */
  pending(): number;
}

class HttpStatus extends Error {
  readonly status: number;
  readonly retryAfter: string | null;
  constructor(status: number, retryAfter: string | null) {
    super(`HTTP ${status}`);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
};

/**
 * response_url posts that survive Slack's answers: a 429 waits for its Retry-After, a 5xx or a
 * network failure backs off, and either is retried while the URL still has uses left (5) and
 * time (30 minutes from the first reply). Other answers (404 expired, 400 bad message) are final.
 * A reply that fails for good is logged with the host and the last status, never the URL
 * (it is a credential for that conversation).
 */
export function createReplier(options: ReplierOptions): Replier {
  const sleep = options.sleep ?? realSleep;
  const uses = new Map<string, { count: number; since: number }>();
  let inFlight = 0;

  const usage = (url: string) => {
    const now = options.clock.now().getTime();
    // Entries are inserted at their first use, so the map is ordered by `since`: drop the expired
    // ones at the front and stop at the first live one (a full sweep per reply was quadratic).
    for (const [key, u] of uses) {
      if (now - u.since <= WINDOW_MS) break;
      uses.delete(key);
    }
    let u = uses.get(url);
    if (!u) {
      u = { count: 0, since: now };
      uses.set(url, u);
    }
    return u;
  };

  async function send(url: string, message: string | RespondArguments): Promise<void> {
    // Counted from the start: a graceful shutdown waits for a reply still waiting for its turn.
    inFlight++;
    try {
      // The ack of a request waiting on the event loop goes first (src/slack/turns.ts).
      await afterAcks();
      await deliver(url, JSON.stringify(typeof message === 'string' ? { text: message } : message));
    } finally {
      inFlight--;
    }
  }

  async function deliver(url: string, body: string): Promise<void> {
    const u = usage(url);
    const host = hostOf(url);
    let lastStatus: number | string = 'none';
    const classify = (error: unknown): Verdict => {
      const status = error instanceof HttpStatus ? error.status : null;
      lastStatus = status ?? (error instanceof Error ? error.message : String(error));
      const transient = status === null || status === 429 || status >= 500;
      const left = u.count < MAX_USES;
      const wait = error instanceof HttpStatus ? retryAfterMs(error.retryAfter) : null;
      const inTime = options.clock.now().getTime() + (wait ?? 0) < u.since + WINDOW_MS;
      if (transient && left && inTime) return { retry: true, afterMs: wait, reason: String(lastStatus) };
      return {
        retry: false,
        error: new AppError('slack_failed', 'slack.reply_failed', {
          params: { host, status: String(lastStatus) },
          cause: error,
        }),
      };
    };
    try {
      await withRetry(
        async () => {
          u.count++;
          const response = await postJson(url, body, 10_000);
          if (response.status < 200 || response.status >= 300) {
            throw new HttpStatus(response.status, response.retryAfter);
          }
        },
        classify,
        (attempts, reason, cause) =>
          new AppError('slack_failed', 'slack.reply_failed', {
            params: { host, status: `${reason} after ${attempts} attempts` },
            cause,
          }),
        { maxAttempts: MAX_USES, baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: 5 * 60_000, sleep },
      );
    } catch (error) {
      options.logger.error({ host, status: lastStatus, uses: u.count }, 'reply through response_url failed');
      throw error;
    }
  }

  return {
    // Bolt's RespondFn promises its fetch Response; no caller here reads it.
    to: (url) => (message) => send(url, message) as unknown as ReturnType<RespondFn>,
    pending: () => inFlight,
  };
}
