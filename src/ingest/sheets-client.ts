import { readFileSync } from 'node:fs';
import type { sheets_v4 } from '@googleapis/sheets';
import type { GoogleAuth, OAuth2Client } from 'google-auth-library';
import { AppError } from '../shared/errors.ts';
import { realSleep, retryAfterMs, type Verdict, withRetry } from '../shared/retry.ts';

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';

export interface SheetsReaderOptions {
  /** An auth client to use as is (tests pass an OAuth2Client holding a token). */
  auth?: OAuth2Client | GoogleAuth;
  /** Service-account key file (JSON); default: GOOGLE_APPLICATION_CREDENTIALS / application default credentials. */
  keyFile?: string;
  /** The e-mail to name in "share the sheet with …" (default: the key file's client_email). */
  serviceAccountEmail?: string;
  /** Override of the API root (SHEETS_API_URL), e.g. http://127.0.0.1:4001/. */
  rootUrl?: string;
  /** Attempts per request on 429 / 5xx / network errors (default 5). */
  maxAttempts?: number;
  /** First backoff delay; doubles each attempt, with jitter (default 1 000 ms). */
  baseDelayMs?: number;
  /** How long a read is reused for the same spreadsheet and ranges (default 60 s). */
  cacheTtlMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** One range as read: its A1 address as the API resolved it and its rows of cells. */
export interface RangeValues {
  range: string;
  /** Sheet row number of the first row (the header): 1 for `Tab!A:Z`, 5 for `Tab!A5:Z`. */
  firstRow: number;
  values: unknown[][];
}

export interface SheetRead {
  /** The spreadsheet's time zone (File > Settings): serial dates are wall-clock times there. */
  timeZone: string;
  ranges: RangeValues[];
}

export interface SheetsReader {
  /** Reads the ranges in ONE values:batchGet (plus the time zone, cached per spreadsheet). */
  read(spreadsheetId: string, ranges: readonly string[], source: string): Promise<SheetRead>;
}

interface HttpFailure {
  status?: number;
  response?: { status?: number; data?: { error?: { message?: string; status?: string } } };
  code?: string;
  message?: string;
}

function statusOf(error: unknown): number | null {
  const e = error as HttpFailure;
  return e?.response?.status ?? (typeof e?.status === 'number' ? e.status : null);
}

function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  if (status === null) return true; // network error: ECONNRESET, timeouts
  return status === 429 || status >= 500;
}

/** A response header of a failed call (gaxios keeps them on `response.headers`). */
function headerOf(error: unknown, name: string): string | null {
  const headers = (error as { response?: { headers?: unknown } })?.response?.headers;
  if (headers instanceof Headers) return headers.get(name);
  if (headers && typeof headers === 'object') {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

type Where = { source: string; spreadsheetId: string; range: string };

function unavailable(what: Where, attempts: number, reason: string, cause: unknown): AppError {
  return new AppError('sheets_unavailable', 'sheets.unavailable', {
    params: { source: what.source, attempts, reason },
    cause,
  });
}

function reasonOf(error: unknown): string {
  const e = error as HttpFailure;
  return e?.response?.data?.error?.message ?? e?.message ?? String(error);
}

function firstRowOf(a1: string): number {
  const cells = a1.includes('!') ? a1.slice(a1.lastIndexOf('!') + 1) : '';
  const m = /^\$?[A-Za-z]*\$?(\d+)/.exec(cells);
  return m ? Number(m[1]) : 1;
}

function keyFileEmail(keyFile: string | undefined): string | null {
  if (!keyFile) return null;
  try {
    const email = (JSON.parse(readFileSync(keyFile, 'utf8')) as { client_email?: unknown }).client_email;
    return typeof email === 'string' ? email : null;
  } catch {
    return null;
  }
}

/**
 * A Sheets API reader with backoff on 429 / 5xx, a short cache (the API allows 60 reads a
 * minute per user) and our own errors for 403 (naming the e-mail to share with) and 404.
 */
export function createSheetsReader(options: SheetsReaderOptions = {}): SheetsReader {
  // Without a key file, GoogleAuth finds GOOGLE_APPLICATION_CREDENTIALS or the ADC itself.
  const keyFile = options.keyFile;
  // The Google client libraries (about 40 MB resident) load on the first read, not at start.
  let auth: OAuth2Client | GoogleAuth | undefined = options.auth;
  let loaded: Promise<{ api: sheets_v4.Sheets; GoogleAuthClass: typeof GoogleAuth }> | null = null;
  const load = () =>
    (loaded ??= (async () => {
      const [{ sheets }, { GoogleAuth: GoogleAuthClass }] = await Promise.all([
        import('@googleapis/sheets'),
        import('google-auth-library'),
      ]);
      auth ??= new GoogleAuthClass({ scopes: [SCOPE], ...(keyFile ? { keyFile } : {}) });
      const api = sheets({
        version: 'v4' as const,
        auth,
        ...(options.rootUrl ? { rootUrl: options.rootUrl } : {}),
      });
      return { api, GoogleAuthClass };
    })());
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const ttl = options.cacheTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const zones = new Map<string, string>();
  const cache = new Map<string, { at: number; read: Promise<SheetRead> }>();

  async function email(): Promise<string> {
    const known = options.serviceAccountEmail ?? keyFileEmail(keyFile);
    if (known) return known;
    const { GoogleAuthClass } = await load();
    if (auth instanceof GoogleAuthClass) {
      const credentials = await auth.getCredentials().catch(() => null);
      if (credentials?.client_email) return credentials.client_email;
    }
    return 'the service account of GOOGLE_APPLICATION_CREDENTIALS';
  }

  /** Our error for a failure that no retry mends (403 and 404), else null. */
  function finalError(what: Where, error: unknown): AppError | null {
    const status = statusOf(error);
    // The e-mail to share with is filled in by `call` (finding it may take a read).
    if (status === 403)
      return new AppError('sheets_forbidden', 'sheets.forbidden', { params: what, cause: error });
    // 400 "Unable to parse range" is what the API answers for a tab that does not exist.
    if (status === 404 || (status === 400 && /parse range/i.test(reasonOf(error)))) {
      return new AppError('sheets_not_found', 'sheets.not_found', { params: what, cause: error });
    }
    return null;
  }

  /** One API call through the shared retry helper: 429 / 5xx / network errors again, with backoff. */
  async function call<T>(what: Where, fn: () => Promise<T>): Promise<T> {
    const classify = (error: unknown): Verdict => {
      const final = finalError(what, error);
      if (final) return { retry: false, error: final };
      if (!isRetryable(error)) {
        return { retry: false, error: unavailable(what, 1, reasonOf(error), error) };
      }
      return { retry: true, afterMs: retryAfterMs(headerOf(error, 'retry-after')), reason: reasonOf(error) };
    };
    const exhausted = (attempts: number, reason: string, cause: unknown) =>
      unavailable(what, attempts, reason, cause);
    try {
      return await withRetry(fn, classify, exhausted, { maxAttempts, baseDelayMs: baseDelay, sleep });
    } catch (error) {
      if (error instanceof AppError && error.code === 'sheets_forbidden') {
        throw new AppError('sheets_forbidden', 'sheets.forbidden', {
          params: { source: what.source, email: await email() },
          cause: error.cause,
        });
      }
      throw error;
    }
  }

  async function timeZone(spreadsheetId: string, source: string): Promise<string> {
    const cached = zones.get(spreadsheetId);
    if (cached) return cached;
    const { api } = await load();
    const response = await call({ source, spreadsheetId, range: '-' }, () =>
      api.spreadsheets.get({ spreadsheetId, fields: 'properties.timeZone' }, { retry: false }),
    );
    const zone = response.data.properties?.timeZone ?? 'UTC';
    zones.set(spreadsheetId, zone);
    return zone;
  }

  async function fetchRead(
    spreadsheetId: string,
    ranges: readonly string[],
    source: string,
  ): Promise<SheetRead> {
    const zone = await timeZone(spreadsheetId, source);
    const { api } = await load();
    const response = await call({ source, spreadsheetId, range: ranges.join(', ') }, () =>
      api.spreadsheets.values.batchGet(
        {
          spreadsheetId,
          ranges: [...ranges],
          majorDimension: 'ROWS',
          valueRenderOption: 'UNFORMATTED_VALUE',
          dateTimeRenderOption: 'SERIAL_NUMBER',
        },
        { retry: false },
      ),
    );
    const valueRanges: sheets_v4.Schema$ValueRange[] = response.data.valueRanges ?? [];
    return {
      timeZone: zone,
      ranges: ranges.map((asked, i) => {
        const got = valueRanges[i];
        return {
          range: got?.range ?? asked,
          firstRow: firstRowOf(got?.range ?? asked),
          values: got?.values ?? [],
        };
      }),
    };
  }

  return {
    read(spreadsheetId, ranges, source) {
      const key = `${spreadsheetId}\u0000${ranges.join('\u0000')}`;
      const hit = cache.get(key);
      if (hit && now() - hit.at < ttl) return hit.read;
      const read = fetchRead(spreadsheetId, ranges, source);
      cache.set(key, { at: now(), read });
      // A failed read is not cached: the next call tries again.
      read.catch(() => cache.delete(key));
      return read;
    },
  };
}
