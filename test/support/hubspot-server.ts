import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A contact held by the fake: its id and properties as HubSpot stores them (text). */
export interface FakeContact {
  id: string;
  properties: Record<string, string | null>;
}

export interface HubSpotRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | null;
  authorization: string | undefined;
}

/** An answer to give instead of serving: a status, and for 429 the Retry-After seconds. */
export interface InjectedFailure {
  status: 401 | 403 | 429 | 500 | 502 | 503;
  retryAfter?: number;
  /** For 403: the granular scopes the answer names. */
  scopes?: string[];
  /** Only requests whose path starts with this fail (default: any). */
  path?: string;
}

const LIST_MAX = 100;
const SEARCH_MAX = 200;
const SEARCH_CAP = 10_000;

/**
 * A loopback server speaking the HubSpot CRM v3 wire format for what the source uses:
 * `GET /crm/v3/objects/contacts` (list, `after` paging, at most 100 a page),
 * `POST /crm/v3/objects/contacts/search` (lastmodifieddate filters, `total`, at most 200 a
 * page, 400 past the 10 000th result as the real API does) and `GET /crm/v3/owners/`, with
 * HubSpot's JSON error bodies for 401 / 403 (MISSING_SCOPES) / 429 (Retry-After, policyName) / 5xx.
 */
export class FakeHubSpotServer {
  readonly contacts = new Map<string, FakeContact>();
  /** Deals, with the ids of their contacts (the association read both ways). */
  readonly deals = new Map<string, FakeContact & { contacts: string[] }>();
  readonly owners: { id: string; firstName: string; lastName: string; email: string }[] = [];
  readonly requests: HubSpotRequest[] = [];
  readonly failures: InjectedFailure[] = [];
  /** The token the fake accepts. */
  token = 'pat-na1-11111111-2222-3333-4444-555555555555';
  #server: Server | null = null;

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeHubSpotServer is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Adds or replaces a contact (lastmodifieddate defaults to createdate). */
  upsert(id: string, properties: Record<string, string | null>): void {
    const previous = this.contacts.get(id)?.properties ?? {};
    const merged = { ...previous, ...properties };
    merged.lastmodifieddate ??= merged.createdate ?? new Date(0).toISOString();
    merged.hs_object_id = id;
    this.contacts.set(id, { id, properties: merged });
  }

  /** Adds or replaces a deal associated with the given contacts. */
  upsertDeal(id: string, contacts: string[], properties: Record<string, string | null>): void {
    const previous = this.deals.get(id)?.properties ?? {};
    const merged = { ...previous, ...properties };
    merged.lastmodifieddate ??= merged.createdate ?? new Date(0).toISOString();
    merged.hs_object_id = id;
    this.deals.set(id, { id, properties: merged, contacts });
  }

  #store(object: string): Map<string, FakeContact> | null {
    return object === 'contacts' ? this.contacts : object === 'deals' ? this.deals : null;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: HubSpotRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
      authorization: req.headers.authorization,
    };
    this.requests.push(request);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const at = this.failures.findIndex((f) => !f.path || url.pathname.startsWith(f.path));
    if (at !== -1) {
      const [failure] = this.failures.splice(at, 1);
      if (failure) return this.#fail(failure, send);
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.#fail({ status: 401 }, send);
    const v4 = /^\/crm\/v4\/associations\/(contacts|deals)\/(contacts|deals)\/batch\/read$/.exec(
      url.pathname,
    );
    if (v4 && req.method === 'POST') {
      const inputs = ((request.body?.inputs as { id: string }[] | undefined) ?? []).map((i) => String(i.id));
      const now = new Date().toISOString();
      const linked = (from: string, id: string): string[] =>
        from === 'deals'
          ? (this.deals.get(id)?.contacts ?? [])
          : [...this.deals.values()].filter((d) => d.contacts.includes(id)).map((d) => d.id);
      return send(200, {
        status: 'COMPLETE',
        startedAt: now,
        completedAt: now,
        results: inputs
          .filter((id) => linked(v4[1] ?? '', id).length > 0)
          .map((id) => ({
            from: { id },
            to: linked(v4[1] ?? '', id).map((to) => ({
              toObjectId: Number(to),
              associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }],
            })),
          })),
      });
    }
    const batch = /^\/crm\/v3\/objects\/(contacts|deals)\/batch\/read$/.exec(url.pathname);
    if (batch && req.method === 'POST') {
      const store = this.#store(batch[1] ?? '');
      const inputs = ((request.body?.inputs as { id: string }[] | undefined) ?? []).map((i) => String(i.id));
      const properties = this.#properties((request.body?.properties as string[] | undefined) ?? []);
      const now = new Date().toISOString();
      return send(200, {
        status: 'COMPLETE',
        startedAt: now,
        completedAt: now,
        results: inputs.flatMap((id) => {
          const found = store?.get(id);
          return found ? [this.#object(found, properties)] : [];
        }),
      });
    }
    if (url.pathname === '/crm/v3/objects/contacts' && req.method === 'GET') {
      const limit = Math.min(LIST_MAX, Number(url.searchParams.get('limit') ?? 10));
      const start = Number(url.searchParams.get('after') ?? 0);
      const all = [...this.contacts.values()].sort((a, b) => Number(a.id) - Number(b.id));
      const page = all.slice(start, start + limit);
      const properties = this.#properties(url.searchParams.getAll('properties'));
      return send(200, {
        results: page.map((c) => this.#object(c, properties)),
        ...(start + limit < all.length ? { paging: { next: { after: String(start + limit) } } } : {}),
      });
    }
    const search = /^\/crm\/v3\/objects\/(contacts|deals)\/search$/.exec(url.pathname);
    if (search && req.method === 'POST') {
      const body = request.body ?? {};
      const limit = Math.min(SEARCH_MAX, Number(body.limit ?? 10));
      const start = Number(body.after ?? 0);
      if (start + limit > SEARCH_CAP) {
        return send(400, {
          status: 'error',
          message: 'There was a problem with the request.',
          category: 'VALIDATION_ERROR',
          correlationId: 'fake',
        });
      }
      const matches = [...(this.#store(search[1] ?? '')?.values() ?? [])]
        .filter((c) => this.#matches(c, body.filterGroups))
        .sort((a, b) => Number(a.id) - Number(b.id));
      const properties = this.#properties((body.properties as string[] | undefined) ?? []);
      const page = matches.slice(start, start + limit);
      return send(200, {
        total: matches.length,
        results: page.map((c) => this.#object(c, properties)),
        ...(start + limit < matches.length ? { paging: { next: { after: String(start + limit) } } } : {}),
      });
    }
    if (url.pathname === '/crm/v3/owners/' && req.method === 'GET') {
      return send(200, {
        results: this.owners.map((o) => ({
          ...o,
          userId: 1,
          createdAt: '2024-01-01T00:00:00Z',
          updatedAt: '2024-01-01T00:00:00Z',
          archived: false,
        })),
      });
    }
    send(404, { status: 'error', message: `Unknown path ${url.pathname}`, category: 'OBJECT_NOT_FOUND' });
  }

  #fail(
    failure: InjectedFailure,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
  ) {
    switch (failure.status) {
      case 401:
        return send(401, {
          status: 'error',
          message:
            'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
          correlationId: 'fake',
          category: 'INVALID_AUTHENTICATION',
        });
      case 403:
        return send(403, {
          status: 'error',
          message: "This app hasn't been granted all required scopes to make this call.",
          correlationId: 'fake',
          errors: [
            {
              message: 'One or more of the following scopes are required.',
              context: { requiredGranularScopes: failure.scopes ?? ['crm.objects.contacts.read'] },
            },
          ],
          category: 'MISSING_SCOPES',
        });
      case 429:
        return send(
          429,
          {
            status: 'error',
            message: 'You have reached your ten_secondly_rolling limit.',
            errorType: 'RATE_LIMIT',
            correlationId: 'fake',
            policyName: 'TEN_SECONDLY_ROLLING',
          },
          failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
        );
      default:
        return send(failure.status, {
          status: 'error',
          message: 'internal error',
          category: 'INTERNAL_ERROR',
        });
    }
  }

  #properties(raw: readonly string[]): string[] {
    return raw.flatMap((p) => p.split(',')).filter((p) => p !== '');
  }

  #object(contact: FakeContact, properties: readonly string[]) {
    const picked: Record<string, string | null> = {};
    for (const name of ['createdate', 'lastmodifieddate', 'hs_object_id', ...properties]) {
      picked[name] = contact.properties[name] ?? null;
    }
    return {
      id: contact.id,
      properties: picked,
      createdAt: contact.properties.createdate ?? '1970-01-01T00:00:00Z',
      updatedAt: contact.properties.lastmodifieddate ?? '1970-01-01T00:00:00Z',
      archived: false,
    };
  }

  #matches(contact: FakeContact, groups: unknown): boolean {
    if (!Array.isArray(groups) || groups.length === 0) return true;
    return groups.some((group: { filters?: { propertyName: string; operator: string; value?: string }[] }) =>
      (group.filters ?? []).every((f) => {
        const raw = contact.properties[f.propertyName];
        if (raw == null) return false;
        const left = f.propertyName.endsWith('date') ? Date.parse(raw) : Number(raw);
        const right = Number(f.value);
        switch (f.operator) {
          case 'GTE':
            return left >= right;
          case 'GT':
            return left > right;
          case 'LT':
            return left < right;
          case 'LTE':
            return left <= right;
          case 'EQ':
            return left === right;
          default:
            throw new Error(`fake HubSpot: operator ${f.operator} not supported`);
        }
      }),
    );
  }
}
