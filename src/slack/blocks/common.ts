import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import { type Block, SLACK_LIMITS, type SlackMessage } from '../../shared/slack-message.ts';

/** Action ids the listeners register for (one place, so renderers and listeners agree). */
export const ACTIONS = {
  share: 'kpi_share',
  csv: 'kpi_csv',
  modalSubmit: 'kpi_modal',
} as const;

/** The button value carries the question (the /kpi text); cut so it always fits. */
function buttonValue(commandText: string): string {
  return truncate(commandText, SLACK_LIMITS.buttonValue);
}

/** The "Share in channel" button (and the CSV one when the table was cut). */
export function replyActions(locale: Locale, commandText: string, withCsv: boolean): Block {
  const elements: {
    type: 'button';
    action_id: string;
    text: { type: 'plain_text'; text: string };
    value: string;
  }[] = [
    {
      type: 'button' as const,
      action_id: ACTIONS.share,
      text: { type: 'plain_text' as const, text: t(locale, 'slack.share.button') },
      value: buttonValue(commandText),
    },
  ];
  if (withCsv) {
    elements.push({
      type: 'button' as const,
      action_id: ACTIONS.csv,
      text: { type: 'plain_text' as const, text: t(locale, 'slack.csv.button') },
      value: buttonValue(commandText),
    });
  }
  return { type: 'actions', block_id: 'kpi_actions', elements };
}

/** One context block from already-escaped mrkdwn parts (empty parts dropped, at most 10). */
export function contextLine(parts: readonly string[]): Block | null {
  const elements = parts
    .filter((p) => p.trim() !== '')
    .slice(0, SLACK_LIMITS.contextElements)
    .map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, SLACK_LIMITS.contextText) }));
  return elements.length === 0 ? null : { type: 'context', elements };
}

export function header(text: string): Block {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.headerText) || ' ' },
  };
}

export function section(mrkdwn: string): Block {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(mrkdwn, SLACK_LIMITS.sectionText) || ' ' },
  };
}

/** The same answer for the channel: without the buttons, attributed to who shared it. */
export function shareable(message: SlackMessage, locale: Locale, user: string): SlackMessage {
  const blocks = message.blocks.filter((b) => b.block_id !== 'kpi_actions');
  const who = /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : escapeMrkdwn(user);
  const by = contextLine([t(locale, 'slack.share.by', { user: who })]);
  return { text: message.text, blocks: by ? [...blocks, by] : blocks };
}
