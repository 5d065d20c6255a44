import { renderHelpText } from '../command/help.ts';
import { type Command, CommandError } from '../command/types.ts';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { AppError } from '../shared/errors.ts';
import type { KpiSettings } from './kpi-settings.ts';

/** What a command prints: text for the terminal, one JSON object for --json, the exit code. */
export interface Answer {
  text: string;
  json: Record<string, unknown>;
  code: 0 | 2;
}

export interface RunContext {
  commandText: string;
  locale: Locale;
  now: Date;
  settings: KpiSettings;
}

/** A user-facing error as an answer (exit code 2). */
export function errorAnswer(error: AppError, ctx: Pick<RunContext, 'commandText' | 'locale'>): Answer {
  const message = t(ctx.locale, error.messageKey, error.params);
  const details: Record<string, unknown> = { code: error.code, message };
  if (error instanceof CommandError) {
    Object.assign(details, { token: error.token, position: error.position, suggestions: error.suggestions });
  }
  return { text: message, json: { command: ctx.commandText, error: details }, code: 2 };
}

/** Commands that need no data: help, and what only Slack can do. Null for the others. */
export function answerWithoutData(
  command: Command,
  ctx: Pick<RunContext, 'commandText' | 'locale'>,
): Answer | null {
  if (command.kind === 'help') {
    const topic = command.metric ?? command.topic;
    const text = renderHelpText(ctx.locale, topic);
    return {
      text,
      json: { command: ctx.commandText, kind: 'help', ...(topic ? { topic } : {}), text },
      code: 0,
    };
  }
  const slackOnly =
    command.kind === 'alerts' ||
    command.kind === 'import' ||
    command.kind === 'history' ||
    command.kind === 'modal' ||
    (command.kind === 'digest' && command.action !== 'preview');
  if (!slackOnly) return null;
  const name = command.kind === 'digest' ? `digest ${command.action}` : command.kind;
  const text = t(ctx.locale, 'command.cli.not_in_cli', { command: name });
  return {
    text,
    json: { command: ctx.commandText, error: { code: 'command_invalid', message: text } },
    code: 2,
  };
}
