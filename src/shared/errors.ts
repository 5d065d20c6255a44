import type { MessageKey, MessageParams } from '../i18n/catalogue.ts';

/**
 * Every failure the user can see has one of these codes. The code decides the HTTP-ish
 * class of the failure (bad input vs. our fault); the message key decides the words.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'env_invalid'
  | 'command_invalid'
  | 'unknown_metric'
  | 'unknown_dimension'
  | 'unknown_value'
  | 'period_invalid'
  | 'file_unreadable'
  | 'format_unknown'
  | 'date_order_ambiguous'
  | 'currency_mismatch'
  | 'double_count'
  | 'sheets_forbidden'
  | 'sheets_not_found'
  | 'sheets_unavailable'
  | 'api_unauthorized'
  | 'api_forbidden'
  | 'api_invalid'
  | 'api_unavailable'
  | 'api_token_missing'
  | 'store_failed'
  | 'slack_failed'
  | 'snapshot_failed'
  | 'schedule_failed'
  | 'listen_failed'
  | 'access_denied'
  | 'not_found'
  | 'not_explainable'
  | 'internal';

export interface AppErrorOptions {
  /** Values interpolated into the localized message. */
  params?: MessageParams;
  cause?: unknown;
}

/** A typed error value with a user-facing, localizable message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: MessageKey;
  readonly params: MessageParams;

  constructor(code: ErrorCode, messageKey: MessageKey, options: AppErrorOptions = {}) {
    super(`${code}: ${messageKey}${options.params ? ` ${JSON.stringify(options.params)}` : ''}`, {
      cause: options.cause,
    });
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey;
    this.params = options.params ?? {};
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** A result type for functions whose failure is an expected outcome, not an exception. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** The message of any thrown value, with Slack's platform error code when there is one (for logs). */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const data = (error as Error & { data?: { error?: unknown } }).data;
    return typeof data?.error === 'string' ? `${error.message} (${data.error})` : error.message;
  }
  return String(error);
}
