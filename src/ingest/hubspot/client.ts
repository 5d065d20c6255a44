// The client (about 20 MB resident) loads on the first call, not at start: types only here.
import type { Client } from '@hubspot/api-client';
import { AppError } from '../../shared/errors.ts';
import {
  type RetryPolicy,
  retryAfterMs,
  type Verdict,
  withoutSecret,
  withRetry,
} from '../../shared/retry.ts';

/** A contact or deal as the CRM v3 API returns it: the id and every asked property as text (or null). */
export interface HubSpotRecord {
  id: string;
  properties: Record<string, string | null>;
  /** Associated record ids by object type (deals → contacts), when asked for. */
  associations?: Record<string, string[]>;
}

export interface HubSpotPage {
  results: HubSpotRecord[];
  /** The `after` cursor of the next page, or null on the last page. */
  after: string | null;
  /** Search only: how many records match the whole query. */
  total?: number;
}

export type HubSpotObject = 'contacts' | 'deals';

export interface SearchRequest {
  /** lastmodifieddate window, epoch ms: from (inclusive) to (exclusive). */
  from: number;
  to: number;
  properties: readonly string[];
  after: string | null;
  limit: number;
}

/** The few calls the HubSpot source makes, each with backoff and our own errors. */
export interface HubSpotApi {
  list(
    object: HubSpotObject,
    properties: readonly string[],
    after: string | null,
    associations?: readonly string[],
  ): Promise<HubSpotPage>;
  search(object: HubSpotObject, request: SearchRequest): Promise<HubSpotPage>;
  /** Records by id (at most 100 a call): the properties asked for. */
  read(
    object: HubSpotObject,
    ids: readonly string[],
    properties: readonly string[],
  ): Promise<HubSpotRecord[]>;
  /** The ids each record is associated with in another object (at most 1 000 ids a call). */
  associations(
    from: HubSpotObject,
    to: HubSpotObject,
    ids: readonly string[],
  ): Promise<Map<string, string[]>>;
  /** Owner id -> display name (a page of them). */
  owners(after: string | null): Promise<{ owners: Map<string, string>; after: string | null }>;
}

export interface HubSpotApiOptions extends RetryPolicy {
  accessToken: string;
  /** HUBSPOT_API_URL (tests, proxies); default https://api.hubapi.com. */
  basePath?: string;
  /** The source name, for error messages. */
  source: string;
  /**
   * Requests per second for search (HubSpot allows 5 per second per account for the search
   * endpoints) and for the other endpoints (100 per 10 s per private app on the lowest tiers).
   */
  searchPerSecond?: number;
  perSecond?: number;
}

/** The scope each call needs, named in a 403 when HubSpot does not say. */
const SCOPES: Record<HubSpotObject | 'owners', string> = {
  contacts: 'crm.objects.contacts.read',
  deals: 'crm.objects.deals.read',
  owners: 'crm.objects.owners.read',
};

interface HubSpotFailure {
  code?: unknown;
  body?: unknown;
  headers?: Record<string, string>;
  message?: string;
}

function failureOf(error: unknown): HubSpotFailure {
  return typeof error === 'object' && error !== null ? (error as HubSpotFailure) : {};
}

function bodyOf(error: unknown): Record<string, unknown> {
  const body = failureOf(error).body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { message: body };
    }
  }
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/** The scopes a 403 body names (granular scopes of the newer answers, or the older list). */
export function scopesOf(body: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const errors = Array.isArray(body.errors) ? body.errors : [];
  for (const e of errors) {
    const context = (e as { context?: Record<string, unknown> })?.context ?? {};
    for (const key of ['requiredGranularScopes', 'requiredScopes', 'requiredAllScopes']) {
      const list = context[key];
      if (Array.isArray(list)) for (const s of list) if (typeof s === 'string') found.add(s);
    }
  }
  return [...found];
}

/**
 * A HubSpot CRM v3 client for the source: @hubspot/api-client with its own retries off (they
 * ignore Retry-After and write to the console) and its Bottleneck limiter on, at HubSpot's
 * published per-app rates; 429s wait for Retry-After (or the policy's window), 5xx and network
 * failures back off; 401 / 403 become errors that name the token or the missing scope.
 */
export function createHubSpotApi(options: HubSpotApiOptions): HubSpotApi {
  const token = options.accessToken;
  const make = (HubSpotClient: typeof Client, perSecond: number, id: string) =>
    new HubSpotClient({
      accessToken: token,
      ...(options.basePath ? { basePath: options.basePath.replace(/\/+$/, '') } : {}),
      numberOfApiCallRetries: 0,
      limiterOptions: {
        minTime: Math.ceil(1000 / perSecond),
        maxConcurrent: 1,
        id: `${id}-${options.source}`,
      },
    });
  // Two limiters: search has its own, lower rate limit.
  let loaded: Promise<{ general: Client; searching: Client }> | null = null;
  const clients = () =>
    (loaded ??= import('@hubspot/api-client').then(({ Client: HubSpotClient }) => ({
      general: make(HubSpotClient, options.perSecond ?? 9, 'kpi-hubspot'),
      searching: make(HubSpotClient, options.searchPerSecond ?? 4, 'kpi-hubspot-search'),
    })));
  const source = options.source;
  const clean = (text: string) => withoutSecret(text, token).slice(0, 300);

  const classify =
    (what: HubSpotObject | 'owners') =>
    (error: unknown): Verdict => {
      const failure = failureOf(error);
      const status = typeof failure.code === 'number' ? failure.code : null;
      const body = bodyOf(error);
      const message = clean(String(body.message ?? failure.message ?? error));
      if (status === null) return { retry: true, afterMs: null, reason: message };
      if (status === 401) {
        return {
          retry: false,
          error: new AppError('api_unauthorized', 'api.hubspot.unauthorized', { params: { source } }),
        };
      }
      if (status === 403) {
        const scopes = scopesOf(body);
        return {
          retry: false,
          error: new AppError('api_forbidden', 'api.hubspot.forbidden', {
            params: { source, what, scopes: (scopes.length ? scopes : [SCOPES[what]]).join(', ') },
          }),
        };
      }
      if (status === 429) {
        const header = failure.headers?.['retry-after'] ?? failure.headers?.['Retry-After'];
        const hinted = retryAfterMs(header);
        // Without Retry-After: the ten-second window for the app-wide limit, a second for search.
        const policy = String(body.policyName ?? '');
        const fallback = policy === 'TEN_SECONDLY_ROLLING' ? 10_000 : policy === 'DAILY' ? null : 1000;
        return { retry: true, afterMs: hinted ?? fallback, reason: `429 ${message}` };
      }
      if (status >= 500) return { retry: true, afterMs: null, reason: `${status} ${message}` };
      return {
        retry: false,
        error: new AppError('api_invalid', 'api.hubspot.invalid', {
          params: { source, status, reason: message },
        }),
      };
    };

  const exhausted = (attempts: number, reason: string) =>
    new AppError('api_unavailable', 'api.hubspot.unavailable', { params: { source, attempts, reason } });

  const call = <T>(what: HubSpotObject | 'owners', fn: () => Promise<T>) =>
    withRetry(fn, classify(what), exhausted, options);

  const toRecord = (r: {
    id: string;
    properties: Record<string, string | null>;
    associations?: Record<string, { results: { id: string }[] }>;
  }): HubSpotRecord => ({
    id: r.id,
    properties: r.properties,
    ...(r.associations
      ? {
          associations: Object.fromEntries(
            Object.entries(r.associations).map(([k, v]) => [k, v.results.map((a) => a.id)]),
          ),
        }
      : {}),
  });

  return {
    async list(object, properties, after, associations) {
      const { general } = await clients();
      const api = object === 'contacts' ? general.crm.contacts.basicApi : general.crm.deals.basicApi;
      const page = await call(object, () =>
        api.getPage(
          100,
          after ?? undefined,
          [...properties],
          undefined,
          associations ? [...associations] : undefined,
          false,
        ),
      );
      return { results: page.results.map(toRecord), after: page.paging?.next?.after ?? null };
    },
    async search(object, request) {
      const { searching } = await clients();
      // The generated filter operators are string enums ('GTE', 'LT'); the bodies are cast below.
      const body = (gte: string, lt: string) => ({
        filterGroups: [
          {
            filters: [
              { propertyName: 'lastmodifieddate', operator: gte, value: String(request.from) },
              { propertyName: 'lastmodifieddate', operator: lt, value: String(request.to) },
            ],
          },
        ],
        properties: [...request.properties],
        limit: request.limit,
        ...(request.after ? { after: request.after } : {}),
      });
      const page = await call(object, () =>
        object === 'contacts'
          ? searching.crm.contacts.searchApi.doSearch(
              body('GTE', 'LT') as unknown as Parameters<typeof searching.crm.contacts.searchApi.doSearch>[0],
            )
          : searching.crm.deals.searchApi.doSearch(
              body('GTE', 'LT') as unknown as Parameters<typeof searching.crm.deals.searchApi.doSearch>[0],
            ),
      );
      return {
        results: page.results.map(toRecord),
        after: page.paging?.next?.after ?? null,
        total: page.total,
      };
    },
    async read(object, ids, properties) {
      const { general } = await clients();
      if (ids.length === 0) return [];
      const input = {
        inputs: ids.map((id) => ({ id })),
        properties: [...properties],
        propertiesWithHistory: [],
      };
      const page = await call(object, () =>
        object === 'contacts'
          ? general.crm.contacts.batchApi.read(input, false)
          : general.crm.deals.batchApi.read(input, false),
      );
      return page.results.map(toRecord);
    },
    async associations(from, to, ids) {
      const { general } = await clients();
      const found = new Map<string, string[]>();
      if (ids.length === 0) return found;
      const page = await call(from === 'deals' || to === 'deals' ? 'deals' : from, () =>
        general.crm.associations.v4.batchApi.getPage(from, to, { inputs: ids.map((id) => ({ id })) }),
      );
      for (const r of page.results) {
        found.set(
          String(r._from.id),
          r.to.map((t) => String(t.toObjectId)),
        );
      }
      return found;
    },
    async owners(after) {
      const { general } = await clients();
      const page = await call('owners', () =>
        general.crm.owners.ownersApi.getPage(undefined, after ?? undefined, 100, false),
      );
      const owners = new Map<string, string>();
      for (const o of page.results) {
        const name = [o.firstName, o.lastName].filter((p) => p && p.trim() !== '').join(' ');
        owners.set(o.id, name || o.email || o.id);
      }
      return { owners, after: page.paging?.next?.after ?? null };
    },
  };
}
