import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import { contextLine, section } from './common.ts';

/** A failure the user can act on: the message, the closest matches, a pointer to help. */
export function renderError(
  locale: Locale,
  message: string,
  suggestions: readonly string[] = [],
): SlackMessage {
  const blocks: Block[] = [section(`:warning: *${t(locale, 'slack.error.title')}*\n${message}`)];
  if (suggestions.length > 0) {
    const list = suggestions
      .slice(0, 5)
      .map((s) => `\`${escapeMrkdwn(truncate(s, 60))}\``)
      .join(', ');
    blocks.push(section(t(locale, 'slack.error.did_you_mean', { suggestions: list })));
  }
  const help = contextLine([t(locale, 'slack.error.try_help')]);
  if (help) blocks.push(help);
  return { text: truncate(message, 3000) || t(locale, 'slack.error.title'), blocks };
}
