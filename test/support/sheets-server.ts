import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One spreadsheet held by the fake: its time zone and its tabs (rows of cells, as typed in). */
export interface FakeSpreadsheet {
  timeZone: string;
  tabs: Record<string, unknown[][]>;
  /** Not shared with the caller: every request answers 403. */
  forbidden?: boolean;
}

interface Reply {
  status: number;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const MESSAGES: Record<number, string> = {
  401: 'Request had invalid authentication credentials.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'.",
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * A loopback server speaking the Sheets API v4 wire format for what the reader uses:
 * `GET /v4/spreadsheets/{id}` (fields=properties.timeZone) and `values:batchGet`, with
 * Google's JSON error shape for 400/401/403/404/429/5xx. Values come back as the API's
 * UNFORMATTED_VALUE does: numbers stay numbers, trailing empty cells and rows are dropped.
 */
export class FakeSheetsServer {
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  readonly requests: RecordedRequest[] = [];
  /** Statuses to answer the next requests with, in order, before serving normally. */
  readonly failures: number[] = [];
  #server: Server | null = null;

  /** The root URL to give the client (`rootUrl`), e.g. http://127.0.0.1:PORT/. */
  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeSheetsServer is not listening');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server)
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  }

  #route(req: IncomingMessage): Reply {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
    });
    const failure = this.failures.shift();
    if (failure !== undefined) return this.#error(failure);
    if (!req.headers.authorization?.startsWith('Bearer ')) return this.#error(401);
    const m = /^\/v4\/spreadsheets\/([^/:]+)(\/values:batchGet)?$/.exec(url.pathname);
    if (!m || req.method !== 'GET') return this.#error(404);
    const id = decodeURIComponent(m[1] ?? '');
    const sheet = this.spreadsheets.get(id);
    if (!sheet) return this.#error(404);
    if (sheet.forbidden) return this.#error(403);
    if (!m[2]) {
      const properties = { title: id, locale: 'en_US', timeZone: sheet.timeZone };
      return this.#json(
        200,
        url.searchParams.get('fields') === 'properties.timeZone'
          ? { properties: { timeZone: sheet.timeZone } }
          : { spreadsheetId: id, properties },
      );
    }
    const valueRanges = [];
    for (const range of url.searchParams.getAll('ranges')) {
      const read = this.#read(sheet, range);
      if (!read) return this.#error(400, `Unable to parse range: ${range}`);
      valueRanges.push({
        range: read.range,
        majorDimension: 'ROWS',
        ...(read.values.length ? { values: read.values } : {}),
      });
    }
    return this.#json(200, { spreadsheetId: id, valueRanges });
  }

  #read(sheet: FakeSpreadsheet, range: string): { range: string; values: unknown[][] } | null {
    const bang = range.lastIndexOf('!');
    const tab = (bang === -1 ? range : range.slice(0, bang)).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
    const grid = sheet.tabs[tab];
    if (!grid) return null;
    const a1 = bang === -1 ? '' : range.slice(bang + 1);
    const m = /^([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?$/i.exec(a1);
    if (!m) return null;
    const width = Math.max(0, ...grid.map((r) => r.length));
    const c0 = m[1] ? columnIndex(m[1]) : 0;
    const r0 = m[2] ? Number(m[2]) - 1 : 0;
    const c1 = m[3] ? columnIndex(m[3]) : m[4] === undefined && m[1] ? c0 : width - 1;
    const r1 = m[4] ? Number(m[4]) - 1 : grid.length - 1;
    const values = grid.slice(r0, r1 + 1).map((row) => {
      const cells = row.slice(c0, c1 + 1).map((v) => v ?? '');
      while (cells.length && cells[cells.length - 1] === '') cells.pop();
      return cells;
    });
    while (values.length && values[values.length - 1]?.length === 0) values.pop();
    const quoted = /^[A-Za-z0-9_]+$/.test(tab) ? tab : `'${tab.replace(/'/g, "''")}'`;
    return {
      range: `${quoted}!${columnLetters(c0)}${r0 + 1}:${columnLetters(Math.max(c0, c1))}${r0 + Math.max(values.length, 1)}`,
      values,
    };
  }

  #error(code: number, message = MESSAGES[code] ?? 'Error'): Reply {
    return this.#json(code, { error: { code, message, status: STATUS_TEXT[code] ?? 'UNKNOWN' } });
  }

  #json(status: number, body: unknown): Reply {
    return { status, body };
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const { status, body } = this.#route(req);
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  }
}
