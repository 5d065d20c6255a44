import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One campaign-day as Meta reports it. */
export interface FakeInsight {
  campaignId: string;
  campaignName: string;
  date: string;
  spend: number;
  impressions: number;
  clicks: number;
  /** action_type -> value */
  actions?: Record<string, number>;
}

export interface GraphRequest {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

/** A Graph API error to answer instead of serving (code 17 / 80004 throttling, 190 token, 200 permission). */
export interface GraphFailureSpec {
  code: number;
  status?: number;
  /** Minutes until access comes back, in x-business-use-case-usage. */
  regainMinutes?: number;
}

/**
 * A loopback server speaking the Graph API wire format for what the Meta source uses:
 * `GET /{version}/act_{id}` (currency, timezone_name, name) and
 * `GET /{version}/act_{id}/insights` at level=campaign and time_increment=1, with
 * `time_range`, cursor paging (`paging.cursors.after` + a `next` link that carries the
 * token, as Meta's does), the `x-business-use-case-usage` header and Graph error bodies.
 */
export class FakeGraphServer {
  readonly accounts = new Map<string, { currency: string; timezone: string; name: string }>();
  readonly insights = new Map<string, FakeInsight[]>();
  readonly requests: GraphRequest[] = [];
  readonly failures: GraphFailureSpec[] = [];
  token = 'EAAGtestSystemUserToken1234567890';
  pageSize = 2;
  /** The usage share (%) reported on successful answers. */
  usagePercent = 5;
  #server: Server | null = null;

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeGraphServer is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #usage(percent: number, regainMinutes: number): string {
    return JSON.stringify({
      '1234567890': [
        {
          type: 'ads_insights',
          call_count: percent,
          total_cputime: Math.round(percent / 2),
          total_time: Math.round(percent / 2),
          estimated_time_to_regain_access: regainMinutes,
        },
      ],
    });
  }

  #handle(req: IncomingMessage, res: ServerResponse): unknown {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
    });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
      send(status, { error: { message, type: 'OAuthException', code, fbtrace_id: 'AfakeTrace' } }, headers);
    const failure = this.failures.shift();
    if (failure) {
      const messages: Record<number, string> = {
        17: '(#17) User request limit reached',
        80004: 'There have been too many calls to this ad-account. Wait a bit and try again.',
        190: 'Error validating access token: Session has expired.',
        200: '(#200) Requires ads_read permission to manage the object',
      };
      return error(failure.status ?? 400, failure.code, messages[failure.code] ?? 'Error', {
        'x-business-use-case-usage': this.#usage(100, failure.regainMinutes ?? 0),
      });
    }
    const bearer = req.headers.authorization;
    const token = bearer?.startsWith('Bearer ') ? bearer.slice(7) : url.searchParams.get('access_token');
    if (token !== this.token)
      return error(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const m = /^\/v\d+\.\d+\/(act_\d+)(\/insights)?$/.exec(url.pathname);
    const account = m?.[1] ? this.accounts.get(m[1]) : undefined;
    if (!m || !account || !m[1]) return error(400, 100, 'Unsupported get request.');
    const usage = { 'x-business-use-case-usage': this.#usage(this.usagePercent, 0) };
    if (!m[2])
      return send(
        200,
        { currency: account.currency, timezone_name: account.timezone, name: account.name, id: m[1] },
        usage,
      );
    if (url.searchParams.get('level') !== 'campaign' || url.searchParams.get('time_increment') !== '1') {
      return error(400, 100, 'Invalid parameter');
    }
    const range = JSON.parse(url.searchParams.get('time_range') ?? '{}') as {
      since?: string;
      until?: string;
    };
    const rows = (this.insights.get(m[1]) ?? [])
      .filter((r) => (!range.since || r.date >= range.since) && (!range.until || r.date <= range.until))
      .sort((a, b) => (a.date + a.campaignId).localeCompare(b.date + b.campaignId));
    const start =
      Number(Buffer.from(url.searchParams.get('after') ?? 'MA==', 'base64').toString('utf8')) || 0;
    const page = rows.slice(start, start + this.pageSize);
    const after = Buffer.from(String(start + this.pageSize)).toString('base64');
    const hasMore = start + this.pageSize < rows.length;
    const next = new URL(url.href.replace('http://127.0.0.1', this.url));
    next.searchParams.set('access_token', this.token);
    next.searchParams.set('after', after);
    return send(
      200,
      {
        data: page.map((r) => ({
          campaign_id: r.campaignId,
          campaign_name: r.campaignName,
          spend: r.spend.toFixed(2),
          impressions: String(r.impressions),
          clicks: String(r.clicks),
          ...(r.actions
            ? {
                actions: Object.entries(r.actions).map(([action_type, v]) => ({
                  action_type,
                  value: String(v),
                })),
              }
            : {}),
          date_start: r.date,
          date_stop: r.date,
        })),
        paging: {
          cursors: { before: 'MA==', after },
          ...(hasMore ? { next: next.href } : {}),
        },
      },
      usage,
    );
  }
}
