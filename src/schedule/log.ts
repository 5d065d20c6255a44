/** The structured logger the scheduler and alerts write to (a pino logger satisfies it). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The message of any thrown value, with Slack's platform error code when there is one. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const data = (error as Error & { data?: { error?: unknown } }).data;
    return typeof data?.error === 'string' ? `${error.message} (${data.error})` : error.message;
  }
  return String(error);
}

/** Slack errors no retry can fix: give up at once (and report). */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'missing_scope',
  'user_not_found',
  'invalid_blocks',
  'msg_too_long',
]);

export function isPermanentSlackError(error: unknown): boolean {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' && PERMANENT.has(data.error);
}

/** Exponential backoff with a cap: 1 s, 2 s, 4 s … 60 s. */
export const defaultBackoff = (attempt: number): number => Math.min(60_000, 1000 * 2 ** (attempt - 1));

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Slack's three control characters as entities: for error text in a report (no formatting games). */
export const escapeEntities = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
