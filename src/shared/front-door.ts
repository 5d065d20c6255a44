import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';

/*
 * The HTTP port from the first moment of the process, before the app's modules are loaded
 * (src/main.ts opens it first, then imports the rest): GET /health answers 200 (the process is
 * alive), GET /ready 503 with why not yet, and every other request 503 (Slack retries a
 * delivery that got one). When the app is built, the Slack receiver takes the same server
 * over (`handOver`): one port, no gap, no second listen. Only node:http here, so that opening
 * it costs nothing.
 */

export interface FrontDoor {
  readonly server: Server;
  /** Resolves once the port is bound; rejects when it cannot be (taken, not allowed). */
  readonly listening: Promise<void>;
  /** From now on every request goes to `listener` (the Slack receiver's); returns the server. */
  handOver(listener: RequestListener): Server;
  /** Stops listening and ends open connections (idempotent). */
  close(): Promise<void>;
}

export interface FrontDoorOptions {
  port: number;
  /** Why the app is not ready yet: GET /ready's 503 reason. */
  reason: () => string;
  host?: string;
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Answers while the app is starting: liveness yes, readiness no, Slack's deliveries "retry later". */
function early(reason: () => string): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') return json(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/ready')
      return json(res, 503, { status: 'not ready', reason: reason() });
    // Not read: the body is discarded once the response is sent; the connection is not reused.
    return json(
      res,
      503,
      { status: 'not ready', reason: reason() },
      { 'retry-after': '1', connection: 'close' },
    );
  };
}

/** Opens the port now (see above). */
export function openFrontDoor(options: FrontDoorOptions): FrontDoor {
  let listener = early(options.reason);
  const server = createServer((req, res) => listener(req, res));
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Awaited by main after its config step; until then a failure must not count as unhandled.
  listening.catch(() => undefined);
  let closed: Promise<void> | null = null;
  return {
    server,
    listening,
    handOver(next) {
      listener = next;
      return server;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/**
 * The port main.ts opens early, from the raw environment (the config step validates it again
 * and fails the start on a bad value): null in Socket Mode (no HTTP listener) or when PORT is
 * not a port.
 */
export function earlyPort(env: NodeJS.ProcessEnv): number | null {
  const flag = env.SLACK_SOCKET_MODE?.trim().toLowerCase();
  const socket =
    flag === undefined || flag === ''
      ? Boolean(env.SLACK_APP_TOKEN?.trim())
      : ['true', '1', 'yes', 'on', 'y', 'enabled'].includes(flag);
  if (socket) return null;
  const raw = env.PORT?.trim();
  const port = raw ? Number(raw) : 3000;
  return Number.isInteger(port) && port >= 1 && port <= 65_535 ? port : null;
}
