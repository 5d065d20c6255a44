import { parseCommand } from '../../src/command/grammar.ts';
import type { Command, CommandError } from '../../src/command/types.ts';
import type { Vocabulary } from '../../src/command/vocabulary.ts';
import type { Query } from '../../src/kpi/query.ts';

export const vocabulary: Vocabulary = new Map([
  ['campaign', ['Spring Sale', 'Soldes d’Été', 'Black Friday', 'Cheap Leads']],
  ['source', ['google', 'facebook', 'linkedin']],
  ['country', ['FR', 'US']],
  ['owner', ['Alice Martin', 'Bob']],
]);

export const NOW = new Date('2026-11-23T10:00:00Z');

export function parse(text: string, locale: 'en' | 'fr' = 'en'): Command {
  const result = parseCommand(text, { vocabulary, locale, now: NOW });
  if (!result.ok) throw new Error(`expected ok for ${text}: ${result.error.message}`);
  return result.value;
}

export function query(text: string): Query {
  const command = parse(text);
  if (command.kind !== 'query') throw new Error(`expected a query for ${text}, got ${command.kind}`);
  return command.query;
}

export function failure(text: string, locale: 'en' | 'fr' = 'en'): CommandError {
  const result = parseCommand(text, { vocabulary, locale, now: NOW });
  if (result.ok) throw new Error(`expected an error for ${text}: ${JSON.stringify(result.value)}`);
  return result.error;
}
