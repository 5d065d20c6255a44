import type { MessageKey, MessageParams } from '../i18n/catalogue.ts';
import { type Candidate, closestMatches } from './suggest.ts';
import { CommandError, type CommandErrorCode } from './types.ts';

/** Where an error points: the token as typed and its offset in the command. */
export interface At {
  text: string;
  start: number;
}

/** A CommandError without suggestions. */
export function fail(
  code: CommandErrorCode,
  key: MessageKey,
  at: At,
  params: MessageParams = {},
): CommandError {
  return new CommandError(code, key, { token: at.text, position: at.start, params });
}

const UNKNOWN_KEYS = {
  unknown_metric: ['command.unknown_metric', 'command.unknown_metric_suggest'],
  unknown_dimension: ['command.unknown_dimension', 'command.unknown_dimension_suggest'],
  unknown_value: ['command.unknown_value', 'command.unknown_value_suggest'],
  period_invalid: ['command.period_invalid', 'command.period_invalid_suggest'],
  command_invalid: ['command.unknown_word', 'command.unknown_word_suggest'],
} as const satisfies Record<CommandErrorCode, readonly [MessageKey, MessageKey]>;

/** An "unknown …" error with up to three did-you-mean suggestions taken from `candidates`. */
export function unknown(
  code: CommandErrorCode,
  at: At,
  candidates: readonly Candidate[],
  params: MessageParams = {},
): CommandError {
  const suggestions = closestMatches(at.text, candidates);
  const [plain, suggest] = UNKNOWN_KEYS[code];
  return new CommandError(code, suggestions.length > 0 ? suggest : plain, {
    token: at.text,
    position: at.start,
    suggestions,
    params,
  });
}

/** Plain candidates from labels that are also their own spelling. */
export function labels(values: readonly string[]): Candidate[] {
  return values.map((label) => ({
    folded: label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim(),
    label,
  }));
}
