import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './wait.ts';

/** One call that reached the loopback Slack. */
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  authorization: string | undefined;
  /** The HTTP status this server answered. */
  status: number;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface ScriptedResponse {
  status: number;
  retryAfter?: number;
  body?: unknown;
}

/** A file the fake workspace holds (served at url_private with the bot token). */
export interface HostedFile {
  id: string;
  name: string;
  /** Text (sent as UTF-8) or the exact bytes of a download (a UTF-16 export). */
  content: string | Buffer;
  channel?: string;
  /** The size Slack announces (files.info, files.list); the content's length by default. */
  size?: number;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'files', 'attachments', 'metadata']);

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = JSON_FIELDS.has(key) ? safeJson(value) : value;
  }
  return out;
}

/** The bytes of the file in a multipart/form-data body (the body itself when it is not multipart). */
function filePart(body: Buffer, contentType: string): Buffer {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!match) return body;
  const boundary = Buffer.from(`--${match[1] ?? match[2] ?? ''}`);
  let start = body.indexOf(boundary);
  while (start >= 0) {
    const next = body.indexOf(boundary, start + boundary.length);
    if (next < 0) break;
    const part = body.subarray(start + boundary.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0 && /filename=/.test(part.subarray(0, headerEnd).toString('utf8'))) {
      // The part ends with the CRLF before the next boundary.
      return part.subarray(headerEnd + 4, part.length - 2);
    }
    start = next;
  }
  return body;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A loopback server that speaks the Slack Web API wire format (POST /api/<method>, form or
 * JSON bodies, `{ ok: … }` answers, 429 with Retry-After), serves response_url posts,
 * url_private downloads and the external upload URL of files.uploadV2.
 */
export class SlackApiServer {
  readonly calls: ApiCall[] = [];
  /** Bodies POSTed to response_url paths and accepted (200), in order. */
  readonly responses: { path: string; body: Record<string, unknown>; at: number }[] = [];
  /** Every POST to a response_url path, accepted or not, with the status answered. */
  readonly responseAttempts: { path: string; status: number; at: number }[] = [];
  /** Milliseconds every Web API call waits before its answer (a slow Slack). */
  delayMs = 0;
  /** Methods whose calls wait, unanswered, until their hold is released (see `hold`). */
  #held = new Map<string, Promise<void>>();
  #responseScripts = new Map<string, ScriptedResponse[]>();
  /** Bodies received on upload URLs, by file id (as UTF-8 text). */
  readonly uploads = new Map<string, string>();
  /** The uploaded files' bytes (the file part of a multipart body): a PNG is not text. */
  readonly uploadBytes = new Map<string, Buffer>();
  readonly files = new Map<string, HostedFile>();
  /** users.info locale per user id. */
  readonly locales = new Map<string, string>();
  readonly usergroups = new Map<string, string[]>();
  /** Users whose users.info says is_admin (workspace admins), and is_owner. */
  readonly admins = new Set<string>();
  readonly owners = new Set<string>();
  /** File ids whose bytes were served (url_private downloads that passed the token check). */
  readonly downloads: string[] = [];
  botToken = '';
  /** What apps.connections.open hands out (a loopback WebSocket server, in Socket Mode tests). */
  socketModeUrl = '';
  #scripts = new Map<string, ScriptedResponse[]>();
  #server: Server;
  #ts = 1_700_000_000;
  #fileSeq = 0;

  constructor() {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** What to pass as the client's slackApiUrl. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** The next POSTs to response_url `id` get these answers, in order (then 200). */
  scriptResponse(id: string, responses: ScriptedResponse[]): void {
    const path = `/response/${id}`;
    this.#responseScripts.set(path, [...(this.#responseScripts.get(path) ?? []), ...responses]);
  }

  /** The next calls of `method` get these answers, in order (then normal behaviour). */
  script(method: string, responses: ScriptedResponse[]): void {
    this.#scripts.set(method, [...(this.#scripts.get(method) ?? []), ...responses]);
  }

  /**
   * Calls of `method` from now on wait, unanswered, until the returned function is called: a
   * Slack that is slow exactly as long as a test needs (a state, not a time).
   */
  hold(method: string): () => void {
    let release!: () => void;
    this.#held.set(
      method,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return () => {
      this.#held.delete(method);
      release();
    };
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Successful calls of `method` (status 200 and ok). */
  okCallsTo(method: string): ApiCall[] {
    return this.callsTo(method).filter((c) => c.status === 200);
  }

  hostFile(file: Omit<HostedFile, 'id'> & { id?: string }): HostedFile & { url_private: string } {
    const hosted = { id: file.id ?? `F${++this.#fileSeq}`, ...file };
    this.files.set(hosted.id, hosted);
    return { ...hosted, url_private: `${this.url}/files/${hosted.id}` };
  }

  /** Polls until `predicate` holds (test/support/wait.ts), failing after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    return eventually(predicate, 'the loopback Slack', { timeoutMs });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readAll(req);
    const raw = bytes.toString('utf8');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (path.startsWith('/response/')) {
      const at = Date.now();
      const scripted = this.#responseScripts.get(path)?.shift();
      if (scripted) {
        this.responseAttempts.push({ path, status: scripted.status, at });
        const headers: Record<string, string> =
          scripted.retryAfter !== undefined ? { 'retry-after': String(scripted.retryAfter) } : {};
        return send(scripted.status, scripted.body ?? 'error', headers);
      }
      this.responseAttempts.push({ path, status: 200, at });
      this.responses.push({ path, body: safeJson(raw) as Record<string, unknown>, at });
      return send(200, 'ok');
    }
    if (path.startsWith('/upload/')) {
      this.uploads.set(path.slice('/upload/'.length), raw);
      this.uploadBytes.set(
        path.slice('/upload/'.length),
        filePart(bytes, String(req.headers['content-type'] ?? '')),
      );
      return send(200, 'OK');
    }
    if (path.startsWith('/files/')) {
      const file = this.files.get(path.slice('/files/'.length));
      if (!file || req.headers.authorization !== `Bearer ${this.botToken}`) return send(403, 'forbidden');
      this.downloads.push(file.id);
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end(file.content);
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const params = parseParams(raw, String(req.headers['content-type'] ?? ''));
    const authorization = req.headers.authorization;
    const at = Date.now();
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    await this.#held.get(method);
    const scripted = this.#scripts.get(method)?.shift();
    if (scripted) {
      this.calls.push({ method, params, authorization, status: scripted.status, at });
      const headers: Record<string, string> =
        scripted.retryAfter !== undefined ? { 'retry-after': String(scripted.retryAfter) } : {};
      return send(
        scripted.status,
        scripted.body ?? { ok: false, error: scripted.status === 429 ? 'ratelimited' : 'internal_error' },
        headers,
      );
    }
    this.calls.push({ method, params, authorization, status: 200, at });
    send(200, this.#answer(method, params));
  }

  #answer(method: string, params: Record<string, unknown>): unknown {
    const channel = String(params.channel ?? params.channel_id ?? '');
    switch (method) {
      case 'apps.connections.open':
        return this.socketModeUrl
          ? { ok: true, url: this.socketModeUrl }
          : { ok: false, error: 'invalid_auth' };
      case 'auth.test':
        return {
          ok: true,
          url: 'https://acme.slack.com/',
          team: 'Acme',
          user: 'kpi',
          team_id: 'T0001',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage':
        return { ok: true, channel, ts: `${++this.#ts}.000100`, message: { text: params.text } };
      case 'chat.update':
        return { ok: true, channel, ts: params.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${++this.#ts}.000200` };
      case 'views.open':
      case 'views.publish':
        return { ok: true, view: { id: `V${++this.#ts}` } };
      case 'users.info': {
        const user = String(params.user);
        return {
          ok: true,
          user: {
            id: user,
            name: user,
            locale: this.locales.get(user) ?? 'en-US',
            is_admin: this.admins.has(user) || this.owners.has(user),
            is_owner: this.owners.has(user),
          },
        };
      }
      case 'usergroups.users.list':
        return { ok: true, users: this.usergroups.get(String(params.usergroup)) ?? [] };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(params.users ?? 'X')}` } };
      case 'conversations.history':
        return { ok: true, messages: [], has_more: false };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.#fileSeq}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (params.files as { id: string; title?: string }[] | undefined) ?? [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      case 'files.info': {
        const file = this.files.get(String(params.file));
        return file
          ? {
              ok: true,
              file: {
                id: file.id,
                name: file.name,
                filetype: 'csv',
                size: file.size ?? Buffer.byteLength(file.content),
                url_private: `${this.url}/files/${file.id}`,
              },
            }
          : { ok: false, error: 'file_not_found' };
      }
      case 'files.list':
        return {
          ok: true,
          files: [...this.files.values()]
            .filter((f) => !params.channel || f.channel === params.channel)
            .map((f) => ({
              id: f.id,
              name: f.name,
              filetype: 'csv',
              size: f.size ?? Buffer.byteLength(f.content),
              url_private: `${this.url}/files/${f.id}`,
            })),
        };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
