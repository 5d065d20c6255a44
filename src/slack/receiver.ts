import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, HTTPReceiver, type Logger, type Receiver } from '@slack/bolt';
import type { Clock } from '../shared/clock.ts';
import { createMemorySeenStore, type MemorySeenStore } from './seen.ts';

export const EVENTS_PATH = '/slack/events';
/** Slack refuses timestamps older than 5 minutes; a signature is remembered a little longer. */
const REPLAY_TTL_MS = 6 * 60_000;
/** A timestamp further ahead than this is refused too (a request signed for later use). */
const FUTURE_SKEW_MS = 5 * 60_000;
/** Slack's payloads are a few kB; anything near this size is not Slack. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** GET /health: liveness only (the process answers), for load balancers and the container. */
export const HEALTH_ROUTE = {
  path: '/health',
  method: ['GET'],
  handler: (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  },
};

/** Why the app cannot serve yet (or any more): null when ready. Shown by GET /ready. */
export type Readiness = () => string | null;

export interface SignedReceiverOptions {
  signingSecret: string;
  port: number;
  clock: Clock;
  logger: Logger;
  customRoutes: ConstructorParameters<typeof HTTPReceiver>[0]['customRoutes'];
  /** Largest accepted body (bytes); larger ones get 413. */
  bodyLimit?: number;
  /** GET /ready: 200 when this returns null, else 503 with the reason. Always ready when absent. */
  readiness?: Readiness;
  /**
   * Serve on a server already listening (main.ts's front door, open from the process' first
   * moment): given the receiver's request listener, it returns that server. Absent: `start`
   * creates one on `port`.
   */
  attach?: (listener: RequestListener) => Server;
}

class BodyTooLarge extends Error {}

/** Slack's request timestamps may be this old at most. */
const MAX_AGE_MS = 5 * 60_000;
const SIGNATURE = /^v0=([0-9a-f]{64})$/;

/**
 * Slack's v0 request signature (HMAC-SHA256 of `v0:<timestamp>:<body>`), checked as Bolt's
 * verifySlackRequest does, but with the key prepared once and the digests compared with
 * crypto.timingSafeEqual: Bolt's version (a key from the string and a second pair of HMACs
 * per compare in tsscmp) was a large share of each request's CPU under load.
 * Returns why a request is refused, or null when it is genuine and fresh.
 */
export function signatureProblem(
  key: KeyObject,
  signature: string,
  timestampHeader: string,
  body: Buffer,
  nowMs: number,
): string | null {
  const timestamp = /^\d{1,12}$/.test(timestampHeader) ? Number(timestampHeader) : Number.NaN;
  if (!Number.isFinite(timestamp)) return 'missing or malformed x-slack-request-timestamp';
  if (timestamp * 1000 < nowMs - MAX_AGE_MS) return 'stale timestamp (more than 5 minutes old)';
  if (timestamp * 1000 > nowMs + FUTURE_SKEW_MS) return 'timestamp in the future';
  const hex = SIGNATURE.exec(signature)?.[1];
  if (!hex) return 'missing or malformed signature';
  const expected = createHmac('sha256', key).update(`v0:${timestampHeader}:`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex')) ? null : 'signature mismatch';
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body?: string): void {
  res.writeHead(status, body ? { 'content-type': 'application/json' } : {});
  res.end(body);
}

/** The custom property Bolt puts in every listener's context: the request's signature. */
export const SIGNATURE_PROPERTY = 'slackSignature';

/**
 * Bolt's HTTPReceiver behind a small front door:
 * - bad signatures and timestamps more than 5 minutes old or ahead get 401;
 * - a signature this process already saw gets 401 (memory: no I/O before the ack); the shared
 *   store is asked after the ack, by the delivery middleware (src/slack/dedupe.ts), so a replay
 *   at another replica is acknowledged and dropped;
 * - bodies over the limit get 413;
 * - while draining (shutdown), every new request gets 503 so that Slack retries elsewhere;
 * - GET /ready says whether this replica can serve (the store reachable, start-up complete).
 */
export class SignedHttpReceiver implements Receiver {
  readonly #inner: HTTPReceiver;
  readonly #options: SignedReceiverOptions;
  readonly #recent: MemorySeenStore;
  readonly #key: KeyObject | null;
  #server: Server | undefined;
  #draining = false;

  constructor(options: SignedReceiverOptions) {
    this.#options = options;
    this.#recent = createMemorySeenStore(options.clock);
    // No secret: every signed request is refused (never checked against an empty key).
    this.#key = options.signingSecret ? createSecretKey(Buffer.from(options.signingSecret, 'utf8')) : null;
    this.#inner = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: EVENTS_PATH,
      port: options.port,
      logger: options.logger,
      // Verified here already (once is enough: HMAC costs CPU under load).
      signatureVerification: false,
      customRoutes: options.customRoutes ?? [],
      customPropertiesExtractor: (req) => ({
        [SIGNATURE_PROPERTY]: String(req.headers['x-slack-signature'] ?? ''),
      }),
    });
  }

  init(app: App): void {
    this.#inner.init(app);
  }

  /** From now on new requests get 503 (in-flight ones finish). */
  drain(): void {
    this.#draining = true;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/ready') {
      const reason = this.#draining ? 'shutting down' : (this.#options.readiness?.() ?? null);
      return reason === null
        ? reply(res, 200, '{"status":"ready"}')
        : reply(res, 503, JSON.stringify({ status: 'not ready', reason }));
    }
    if (this.#draining && path !== '/health') {
      res.setHeader('connection', 'close');
      return reply(res, 503);
    }
    if (req.method === 'POST' && path === EVENTS_PATH) {
      let rawBody: Buffer;
      try {
        rawBody = await readBody(req, this.#options.bodyLimit ?? DEFAULT_BODY_LIMIT);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        this.#options.logger.warn('slack request refused: body too large');
        res.setHeader('connection', 'close');
        return reply(res, 413);
      }
      const signature = String(req.headers['x-slack-signature'] ?? '');
      const isSslCheck =
        rawBody.includes('ssl_check=1') && /(?:^|&)ssl_check=1(?:&|$)/.test(rawBody.toString());
      if (!isSslCheck) {
        const timestamp = String(req.headers['x-slack-request-timestamp'] ?? '');
        const now = this.#options.clock.now().getTime();
        const problem = this.#key
          ? signatureProblem(this.#key, signature, timestamp, rawBody, now)
          : 'no signing secret configured';
        if (problem !== null) {
          this.#options.logger.warn(`slack request refused: ${problem}`);
          return reply(res, 401);
        }
        if (!this.#recent.firstTimeNow(`sig:${signature}`, REPLAY_TTL_MS)) {
          this.#options.logger.warn('slack request refused: replayed signature');
          return reply(res, 401);
        }
      }
      // Bolt reuses a body already read when it finds it in `rawBody`.
      Object.assign(req, { rawBody });
    }
    this.#inner.requestListener(req, res);
  }

  start(port?: number): Promise<Server> {
    const listener: RequestListener = (req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'slack_bolt_http_receiver_deferred_request_error') {
          this.#options.logger.error('slack request failed', (error as Error).message);
        }
        if (!res.headersSent) reply(res, 500);
      });
    };
    if (this.#options.attach) {
      this.#server = this.#options.attach(listener);
      return Promise.resolve(this.#server);
    }
    const server = createServer(listener);
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port ?? this.#options.port, () => resolve(server));
    });
  }

  /** The port actually bound (tests listen on port 0). */
  get port(): number {
    return (this.#server?.address() as AddressInfo | null)?.port ?? this.#options.port;
  }

  stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
