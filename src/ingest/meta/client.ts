import { AppError } from '../../shared/errors.ts';
import {
  type RetryPolicy,
  realSleep,
  retryAfterMs,
  type Verdict,
  withoutSecret,
  withRetry,
} from '../../shared/retry.ts';

/** One row of `/insights` at level=campaign, time_increment=1, as the Graph API sends it (numbers as text). */
export interface InsightRow {
  campaign_id?: string;
  campaign_name?: string;
  spend?: string;
  impressions?: string;
  clicks?: string;
  actions?: { action_type: string; value: string }[];
  date_start: string;
  date_stop?: string;
}

export interface MetaAccount {
  currency: string;
  /** The account's time zone: its days (date_start) are days there. */
  timeZone: string;
  name: string | null;
}

export interface MetaApi {
  account(): Promise<MetaAccount>;
  /** One page of daily campaign insights for the days since..until (inclusive). */
  insights(
    since: string,
    until: string,
    after: string | null,
  ): Promise<{ rows: InsightRow[]; after: string | null }>;
}

export interface MetaApiOptions extends RetryPolicy {
  accessToken: string;
  accountId: string;
  /** META_API_URL (tests, proxies); default https://graph.facebook.com. */
  rootUrl?: string;
  /** Graph API version (default v23.0). */
  version?: string;
  source: string;
  fetch?: typeof fetch;
}

/** Graph API error codes: throttling (17 user, 4 app, 613, 80000-80014 business use case). */
const THROTTLED = new Set([
  4, 17, 32, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014,
]);
/** Token problems: invalid / expired session (190), login needed (102). */
const UNAUTHORIZED = new Set([102, 190]);
/** Permission problems: 10, 200-299 (ads_read, ad account not assigned), 294. */
const isPermission = (code: number) => code === 10 || code === 294 || (code >= 200 && code < 300);

interface GraphError {
  message?: string;
  code?: number;
  error_subcode?: number;
  type?: string;
}

class GraphFailure extends Error {
  readonly status: number;
  readonly graph: GraphError;
  readonly regainMs: number | null;
  readonly retryAfter: number | null;
  constructor(status: number, graph: GraphError, regainMs: number | null, retryAfter: number | null) {
    super(graph.message ?? `HTTP ${status}`);
    this.status = status;
    this.graph = graph;
    this.regainMs = regainMs;
    this.retryAfter = retryAfter;
  }
}

/**
 * The usage the `x-business-use-case-usage` header reports (per business: call_count,
 * total_cputime, total_time in % of the quota, and estimated_time_to_regain_access in minutes):
 * the highest share, and how long until access comes back.
 */
export function businessUsage(header: string | null): { percent: number; regainMs: number } {
  let percent = 0;
  let regainMs = 0;
  if (!header) return { percent, regainMs };
  try {
    const byBusiness = JSON.parse(header) as Record<string, Record<string, number>[]>;
    for (const entries of Object.values(byBusiness)) {
      for (const e of entries ?? []) {
        percent = Math.max(percent, e.call_count ?? 0, e.total_cputime ?? 0, e.total_time ?? 0);
        regainMs = Math.max(regainMs, (e.estimated_time_to_regain_access ?? 0) * 60_000);
      }
    }
  } catch {
    // An unreadable header is no reason to stop reading.
  }
  return { percent, regainMs };
}

/**
 * A Graph API client for one ad account's insights. The token goes in the Authorization
 * header, never in a URL (paging follows the `after` cursor, not the `next` link, which
 * carries the token). Throttling errors (17, 80004, …) wait for the time the usage header
 * announces, else back off; at 90 % of the business-use-case quota it slows down by itself.
 */
export function createMetaApi(options: MetaApiOptions): MetaApi {
  const root = (options.rootUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
  const version = options.version ?? 'v23.0';
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const { source, accountId, accessToken } = options;
  const clean = (text: string) => withoutSecret(text, accessToken).slice(0, 300);

  const classify = (error: unknown): Verdict => {
    if (!(error instanceof GraphFailure)) return { retry: true, afterMs: null, reason: clean(String(error)) };
    const code = error.graph.code ?? 0;
    const reason = clean(`${code}: ${error.graph.message ?? ''}`);
    if (UNAUTHORIZED.has(code) || error.status === 401) {
      return {
        retry: false,
        error: new AppError('api_unauthorized', 'api.meta.unauthorized', { params: { source, code } }),
      };
    }
    if (isPermission(code) || error.status === 403) {
      return {
        retry: false,
        error: new AppError('api_forbidden', 'api.meta.forbidden', {
          params: { source, account: accountId, code },
        }),
      };
    }
    if (THROTTLED.has(code) || error.status === 429) {
      return { retry: true, afterMs: error.retryAfter ?? (error.regainMs || null), reason };
    }
    // 1 / 2: "unknown error", "service temporarily unavailable"; 5xx without a Graph error.
    if (code === 1 || code === 2 || error.status >= 500) return { retry: true, afterMs: null, reason };
    return {
      retry: false,
      error: new AppError('api_invalid', 'api.meta.invalid', {
        params: { source, code, reason: clean(error.graph.message ?? '') },
      }),
    };
  };
  const exhausted = (attempts: number, reason: string) =>
    new AppError('api_unavailable', 'api.meta.unavailable', { params: { source, attempts, reason } });

  async function get<T>(path: string, query: Record<string, string>): Promise<T> {
    const url = `${root}/${version}/${path}?${new URLSearchParams(query)}`;
    return withRetry(
      async () => {
        const response = await doFetch(url, { headers: { authorization: `Bearer ${accessToken}` } });
        const usage = businessUsage(response.headers.get('x-business-use-case-usage'));
        const body = (await response.json().catch(() => ({}))) as { error?: GraphError } & T;
        if (!response.ok || body.error) {
          throw new GraphFailure(
            response.status,
            body.error ?? {},
            usage.regainMs || null,
            retryAfterMs(response.headers.get('retry-after')),
          );
        }
        // Close to the quota: slow down before Meta blocks the account.
        if (usage.percent >= 90) await sleep(usage.regainMs || 60_000);
        return body;
      },
      classify,
      exhausted,
      options,
    );
  }

  return {
    async account() {
      const body = await get<{ currency?: string; timezone_name?: string; name?: string }>(accountId, {
        fields: 'currency,timezone_name,name',
      });
      return {
        currency: body.currency ?? 'USD',
        timeZone: body.timezone_name ?? 'UTC',
        name: body.name ?? null,
      };
    },
    async insights(since, until, after) {
      const body = await get<{
        data?: InsightRow[];
        paging?: { cursors?: { after?: string }; next?: string };
      }>(`${accountId}/insights`, {
        level: 'campaign',
        time_increment: '1',
        fields: 'campaign_id,campaign_name,spend,impressions,clicks,actions',
        time_range: JSON.stringify({ since, until }),
        limit: '500',
        ...(after ? { after } : {}),
      });
      // The last page may still carry cursors: only a `next` link means there is more.
      const next = body.paging?.next ? (body.paging.cursors?.after ?? null) : null;
      return { rows: body.data ?? [], after: next };
    },
  };
}
