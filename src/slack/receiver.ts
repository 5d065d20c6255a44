import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type App, HTTPReceiver, type Logger, type Receiver, verifySlackRequest } from '@slack/bolt';
import type { Clock } from '../shared/clock.ts';
import type { SeenStore } from './seen.ts';

export const EVENTS_PATH = '/slack/events';
/** Slack refuses timestamps older than 5 minutes; a signature is remembered a little longer. */
const REPLAY_TTL_MS = 6 * 60_000;
const BODY_LIMIT = 10 * 1024 * 1024;

/** GET /health: for load balancers and the container's health check. */
export const HEALTH_ROUTE = {
  path: '/health',
  method: ['GET'],
  handler: (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  },
};

export interface SignedReceiverOptions {
  signingSecret: string;
  port: number;
  clock: Clock;
  /** Where seen signatures live (the store, so replicas share them). */
  seen: SeenStore;
  logger: Logger;
  customRoutes: ConstructorParameters<typeof HTTPReceiver>[0]['customRoutes'];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/**
 * Bolt's HTTPReceiver behind a small front door that adds replay protection: a request
 * whose (valid) signature was already seen gets 401 and reaches no listener. Bad signatures
 * and stale timestamps are refused here too (and again by Bolt), with 401.
 */
export class SignedHttpReceiver implements Receiver {
  readonly #inner: HTTPReceiver;
  readonly #options: SignedReceiverOptions;
  #server: Server | undefined;

  constructor(options: SignedReceiverOptions) {
    this.#options = options;
    this.#inner = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: EVENTS_PATH,
      port: options.port,
      logger: options.logger,
      customRoutes: options.customRoutes ?? [],
    });
  }

  init(app: App): void {
    this.#inner.init(app);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === EVENTS_PATH) {
      const rawBody = await readBody(req);
      const body = rawBody.toString('utf8');
      const signature = String(req.headers['x-slack-signature'] ?? '');
      const isSslCheck = /(?:^|&)ssl_check=1(?:&|$)/.test(body);
      if (!isSslCheck) {
        try {
          verifySlackRequest({
            signingSecret: this.#options.signingSecret,
            body,
            headers: {
              'x-slack-signature': signature,
              'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
            },
            nowMilliseconds: this.#options.clock.now().getTime(),
          });
        } catch (error) {
          this.#options.logger.warn('slack request refused', (error as Error).message);
          return reply(res, 401);
        }
        if (!(await this.#options.seen.firstTime(`sig:${signature}`, REPLAY_TTL_MS))) {
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
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'slack_bolt_http_receiver_deferred_request_error') {
          this.#options.logger.error('slack request failed', (error as Error).message);
        }
        if (!res.headersSent) reply(res, 404);
      });
    });
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
