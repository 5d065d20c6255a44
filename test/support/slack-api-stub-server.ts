import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal loopback Slack Web API for the schedule and alert tests: a real HTTP server on
 * 127.0.0.1 that speaks the wire format the @slack/web-api client uses (form or JSON bodies,
 * `{ ok, … }` answers), records every call and keeps channels' messages so that
 * conversations.history / replies (with metadata) answer like Slack.
 */
export interface StubCall {
  method: string;
  args: Record<string, unknown>;
}

export interface StubMessage {
  channel: string;
  ts: string;
  text: string;
  thread_ts?: string;
  blocks?: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  files?: { id: string; name: string; title: string }[];
  edited?: boolean;
}

export interface SlackStub {
  url: string;
  /** The `slackApiUrl` for a WebClient: `${url}/api/`. */
  apiUrl: string;
  calls: StubCall[];
  messages: StubMessage[];
  /** Makes the next `count` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, count?: number): void;
  /** Runs `fn` once, before answering the next call of `method` (a race at a precise point). */
  beforeNext(method: string, fn: () => Promise<void>): void;
  callsOf(method: string): StubCall[];
  close(): Promise<void>;
}

const parseValue = (value: string): unknown => {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  const text = body.toString('utf8');
  if (type.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = parseValue(v);
  return out;
}

export async function startSlackStub(): Promise<SlackStub> {
  const calls: StubCall[] = [];
  const messages: StubMessage[] = [];
  const failures = new Map<string, { error: string; count: number }>();
  const uploads = new Map<string, string>();
  const before = new Map<string, () => Promise<void>>();
  let seq = 0;
  const base = Math.floor(Date.now() / 1000);
  const nextTs = () => {
    seq += 1;
    return `${base + Math.floor(seq / 1_000_000)}.${String(seq % 1_000_000).padStart(6, '0')}`;
  };
  let url = '';

  const withMeta = (m: StubMessage, include: boolean) => ({
    type: 'message',
    ts: m.ts,
    text: m.text,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.files ? { files: m.files } : {}),
    ...(include && m.metadata ? { metadata: m.metadata } : {}),
  });

  const handle = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const failure = failures.get(method);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      return { ok: false, error: failure.error };
    }
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', team_id: 'T1', bot_id: 'B1' };
      case 'conversations.open': {
        const users = String(args.users ?? '');
        return { ok: true, channel: { id: `D${users}` } };
      }
      case 'chat.postMessage': {
        const channel = String(args.channel);
        const message: StubMessage = {
          channel: channel.startsWith('U') ? `D${channel}` : channel,
          ts: nextTs(),
          text: String(args.text ?? ''),
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          ...(args.blocks ? { blocks: args.blocks } : {}),
          ...(args.metadata ? { metadata: args.metadata as StubMessage['metadata'] & object } : {}),
        };
        messages.push(message);
        return { ok: true, channel: message.channel, ts: message.ts, message: withMeta(message, true) };
      }
      case 'chat.update': {
        const m = messages.find((x) => x.channel === args.channel && x.ts === args.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = String(args.text ?? m.text);
        if (args.blocks) m.blocks = args.blocks;
        m.edited = true;
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'conversations.history': {
        const oldest = Number(args.oldest ?? 0);
        const include = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const list = messages
          .filter((m) => m.channel === args.channel && !m.thread_ts && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => withMeta(m, include));
        return { ok: true, messages: list, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'conversations.replies': {
        const include = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const list = messages
          .filter((m) => m.channel === args.channel && (m.ts === args.ts || m.thread_ts === args.ts))
          .map((m) => withMeta(m, include));
        return { ok: true, messages: list, has_more: false, response_metadata: { next_cursor: '' } };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${String(uploads.size + 1).padStart(6, '0')}`;
        uploads.set(id, String(args.filename));
        return { ok: true, file_id: id, upload_url: `${url}/upload/${id}` };
      }
      case 'files.completeUploadExternal': {
        const files = (args.files as { id: string; title?: string }[]).map((f) => ({
          id: f.id,
          name: uploads.get(f.id) ?? f.id,
          title: f.title ?? '',
        }));
        const channel = String(args.channel_id ?? args.channels ?? '');
        messages.push({
          channel,
          ts: nextTs(),
          text: '',
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          files,
        });
        return { ok: true, files };
      }
      default:
        return { ok: true };
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = req.url ?? '';
      if (path.startsWith('/upload/')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${body.length}`);
        return;
      }
      const method = path.replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = parseArgs(req, body);
      calls.push({ method, args });
      const hook = before.get(method);
      if (hook) {
        before.delete(method);
        await hook();
      }
      const answer = handle(method, args);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    messages,
    failNext(method, error, count = 1) {
      failures.set(method, { error, count });
    },
    beforeNext(method, fn) {
      before.set(method, fn);
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
