import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import { type Block, SLACK_LIMITS, type SlackMessage } from '../../shared/slack-message.ts';

/** Action ids the listeners register for (one place, so renderers and listeners agree). */
export const ACTIONS = {
  share: 'kpi_share',
  csv: 'kpi_csv',
  chart: 'kpi_chart',
  modalSubmit: 'kpi_modal',
} as const;

/** The block id of an answer's buttons: a shared copy drops this block. */
export const ANSWER_ACTIONS_BLOCK = 'kpi_actions';

/** The button value carries the question (the /kpi text); cut so it always fits. */
function buttonValue(commandText: string): string {
  return truncate(commandText, SLACK_LIMITS.buttonValue);
}

function button(actionId: string, text: string, commandText: string) {
  return {
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text: truncate(text, SLACK_LIMITS.buttonText) },
    value: buttonValue(commandText),
  };
}

/** Which buttons an answer offers besides "Share in channel". */
export interface AnswerButtons {
  /** "Download CSV": the full table (every row, every metric). */
  csv: boolean;
  /** "Chart": bars by group, as a PNG. */
  chart?: boolean;
}

/**
 * The buttons under an answer: "Share in channel", and "Download CSV" / "Chart" when asked.
 * Each carries the question's text, so the listener can answer it again.
 */
export function replyActions(locale: Locale, commandText: string, buttons: AnswerButtons): Block {
  const elements = [button(ACTIONS.share, t(locale, 'slack.share.button'), commandText)];
  if (buttons.csv) elements.push(button(ACTIONS.csv, t(locale, 'slack.csv.button'), commandText));
  if (buttons.chart) elements.push(button(ACTIONS.chart, t(locale, 'slack.chart.button'), commandText));
  return { type: 'actions', block_id: ANSWER_ACTIONS_BLOCK, elements };
}

/**
 * Small print under a table or a list, one line each: what was left out ("+12 more campaigns"),
 * folded groups, and the numbered n/a reasons (kpi/notes.ts). Null when there is nothing to say.
 */
export function notesContext(lines: readonly string[]): Block | null {
  const text = lines.filter((line) => line.trim() !== '').join('\n');
  return text === '' ? null : contextLine([text]);
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
  const blocks = message.blocks.filter((b) => b.block_id !== ANSWER_ACTIONS_BLOCK);
  const who = /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : escapeMrkdwn(user);
  const by = contextLine([t(locale, 'slack.share.by', { user: who })]);
  return { text: message.text, blocks: by ? [...blocks, by] : blocks };
}
