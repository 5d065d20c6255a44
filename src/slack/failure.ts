import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { isAppError } from '../shared/errors.ts';
import { escapeMrkdwn } from '../shared/escape.ts';
import type { Logger } from '../shared/logger.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import { renderError } from './blocks/error.ts';

/** A typed error's message in the user's language, its parameters (data!) escaped. */
export function errorText(error: unknown, locale: Locale): string {
  if (!isAppError(error)) return t(locale, 'common.internal');
  const params = Object.fromEntries(
    Object.entries(error.params).map(([k, v]) => [k, typeof v === 'string' ? escapeMrkdwn(v) : v]),
  );
  return t(locale, error.messageKey, params);
}

/** Any failure as an ephemeral reply, and one structured log line (expected errors at info). */
export function failureReply(error: unknown, locale: Locale, logger: Logger, where: string): SlackMessage {
  if (
    isAppError(error) &&
    error.code !== 'internal' &&
    error.code !== 'slack_failed' &&
    error.code !== 'store_failed'
  ) {
    logger.info({ where, code: error.code }, 'user error');
  } else {
    logger.error({ where, err: error }, 'slack handler failed');
  }
  return renderError(locale, errorText(error, locale));
}
