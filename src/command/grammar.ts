import type { Locale } from '../i18n/locale.ts';
import { err, ok, type Result } from '../shared/errors.ts';
import { parseAlerts } from './alerts.ts';
import { at, Clauses, type ParseContext, splitKeyValue } from './clauses.ts';
import { parseDigest } from './digest.ts';
import { fail, unknown } from './errors.ts';
import { keyFold } from './keys.ts';
import { decodeSlackEntities, lex, type Word } from './lexer.ts';
import { isFunnelWord, lookupMetric, metricCandidates } from './metrics.ts';
import { filtersOf, parseQuery } from './parse-query.ts';
import { type Candidate, closestMatches } from './suggest.ts';
import type { Command, CommandError } from './types.ts';
import type { Vocabulary } from './vocabulary.ts';
import { parseWhy } from './why.ts';

export interface CommandContext {
  /** Display values per dimension, from the data (the engine's `vocabulary(snapshot)`). */
  vocabulary: Vocabulary;
  /** "Now", for `from=` without `to=` and `week=45`: the caller's clock (pure code never reads the time). */
  now: Date;
  locale: Locale;
  /** Workspace time zone, for "today"; UTC when absent. */
  timeZone?: string;
}

/** Slack allows 4 000 characters; nobody types a KPI question longer than this. */
const MAX_COMMAND_LENGTH = 2000;

type Sub = 'help' | 'plan' | 'why' | 'digest' | 'alerts' | 'sources' | 'refresh' | 'import' | 'history';

const SUBCOMMANDS: ReadonlyMap<string, Sub> = new Map([
  ['help', 'help'],
  ['aide', 'help'],
  ['h', 'help'],
  ['plan', 'plan'],
  ['planifier', 'plan'],
  ['forecast', 'plan'],
  ['why', 'why'],
  ['pourquoi', 'why'],
  ['explain', 'why'],
  ['expliquer', 'why'],
  ['digest', 'digest'],
  ['resume', 'digest'],
  ['alerts', 'alerts'],
  ['alert', 'alerts'],
  ['alertes', 'alerts'],
  ['alerte', 'alerts'],
  ['sources', 'sources'],
  ['source', 'sources'],
  ['donnees', 'sources'],
  ['refresh', 'refresh'],
  ['reload', 'refresh'],
  ['sync', 'refresh'],
  ['rafraichir', 'refresh'],
  ['actualiser', 'refresh'],
  ['import', 'import'],
  ['importer', 'import'],
  ['upload', 'import'],
  ['history', 'history'],
  ['historique', 'history'],
  ['changes', 'history'],
  ['audit', 'history'],
  ['journal', 'history'],
]);

/** The words of `import undo <id>`. */
const UNDO_WORDS = new Set(['undo', 'annuler', 'revert']);
/** The most changes `history` lists at once. */
export const HISTORY_MAX = 50;

/**
 * An unknown first word may be a misspelt sub-command (`whyy cpl`, `pourqoi cpl`): its
 * did-you-mean then offers the sub-commands as well as the metrics.
 */
function subcommandSuggestion(error: CommandError, first: Word): CommandError | null {
  if (error.code !== 'unknown_metric' || error.position !== first.start) return null;
  const words: Candidate[] = [...SUBCOMMANDS.keys()].map((word) => ({ folded: word, label: word }));
  if (closestMatches(first.text, words).length === 0) return null;
  return unknown('unknown_metric', at(first), [...words, ...metricCandidates()]);
}

function subcommandOf(word: Word): Sub | null {
  if (['?', '-h', '--help'].includes(word.text)) return 'help';
  return word.quoted.some(Boolean) ? null : (SUBCOMMANDS.get(keyFold(word.text)) ?? null);
}

/** `help`, `help cpl`, `help funnel`. */
function parseHelp(words: readonly Word[]): Result<Command, CommandError> {
  const [topic, extra] = words;
  if (!topic) return ok({ kind: 'help' });
  if (extra) return err(fail('command_invalid', 'command.unknown_word', at(extra)));
  if (isFunnelWord(topic.text)) return ok({ kind: 'help', topic: 'funnel' });
  if (!topic.quoted.some(Boolean) && SUBCOMMANDS.get(keyFold(topic.text)) === 'why') {
    return ok({ kind: 'help', topic: 'why' });
  }
  const metric = lookupMetric(topic.text);
  return metric
    ? ok({ kind: 'help', metric })
    : err(unknown('unknown_metric', at(topic), metricCandidates()));
}

const CUSTOMER_KEYS = ['customers', 'customer', 'clients', 'client', 'sales', 'ventes', 'won', 'n'];

function count(text: string): number | null {
  const n = Number(text.replace(/[\s_]/g, ''));
  return Number.isInteger(n) && n > 0 && n <= 1e9 ? n : null;
}

/** `plan customers=50 [period=…] [filters]`, also `plan 50` and `plan 50 customers`. */
function parsePlan(words: readonly Word[], ctx: ParseContext, whole: Word): Result<Command, CommandError> {
  const clauses = new Clauses(ctx);
  let customers: number | null = null;
  for (const word of words) {
    const kv = splitKeyValue(word);
    if (kv && CUSTOMER_KEYS.includes(keyFold(kv.key.text))) {
      customers = count(kv.values[0]?.text ?? '');
      if (customers === null)
        return err(fail('command_invalid', 'command.number_invalid', kv.values[0] ?? kv.key));
      continue;
    }
    if (kv) {
      const error = clauses.apply(kv);
      if (error) return err(error);
      continue;
    }
    if (/^\d/.test(word.text) && customers === null && count(word.text) !== null) {
      customers = count(word.text);
      continue;
    }
    if (CUSTOMER_KEYS.includes(keyFold(word.text)) && customers !== null) continue;
    const error = clauses.setPeriod({ text: word.text, quoted: false, start: word.start });
    if (error)
      return err(
        error.code === 'period_invalid' ? fail('command_invalid', 'command.unknown_word', at(word)) : error,
      );
  }
  if (customers === null) return err(fail('command_invalid', 'command.plan_customers', at(whole)));
  const period = clauses.finish(null);
  if (!period.ok) return err(period.error);
  const filters = filtersOf(clauses);
  return ok(
    period.period
      ? { kind: 'plan', customers, period: period.period, filters }
      : { kind: 'plan', customers, filters },
  );
}

/** `import`, `import <file name | url | Slack file id>`: the rest of the text, as typed. */
function parseImport(text: string, words: readonly Word[]): Result<Command, CommandError> {
  const first = words[0];
  if (!first) return ok({ kind: 'import' });
  if (!first.quoted.some(Boolean) && UNDO_WORDS.has(keyFold(first.text))) {
    const [id, extra] = words.slice(1);
    if (!id) return err(fail('command_invalid', 'command.import_undo_id', at(first)));
    if (extra) return err(fail('command_invalid', 'command.unknown_word', at(extra)));
    return ok({ kind: 'import', undo: id.text });
  }
  const rest = text.slice(first.start).trim();
  // Slack sends a pasted link as <https://…|label>: keep the URL.
  const link = /^<(https?:\/\/[^|>]+)(?:\|[^>]*)?>$/.exec(rest);
  return ok({ kind: 'import', fileRef: link?.[1] ?? rest });
}

/** `history`, `history 20` (at most HISTORY_MAX). */
function parseHistory(words: readonly Word[]): Result<Command, CommandError> {
  const [n, extra] = words;
  if (!n) return ok({ kind: 'history' });
  if (extra) return err(fail('command_invalid', 'command.unknown_word', at(extra)));
  const limit = count(n.text);
  if (limit === null || limit > HISTORY_MAX) {
    return err(fail('command_invalid', 'command.history_count', at(n), { max: HISTORY_MAX }));
  }
  return ok({ kind: 'history', limit });
}

function parseUnchecked(input: string, ctx: CommandContext): Result<Command, CommandError> {
  if (input.length > MAX_COMMAND_LENGTH) {
    return err(
      fail(
        'command_invalid',
        'command.too_long',
        { text: String(input.length), start: MAX_COMMAND_LENGTH },
        { max: MAX_COMMAND_LENGTH },
      ),
    );
  }
  const text = decodeSlackEntities(input);
  const words = lex(text);
  const [first, ...rest] = words;
  if (!first) return ok({ kind: 'modal' });
  const context: ParseContext = {
    vocabulary: ctx.vocabulary,
    now: ctx.now,
    locale: ctx.locale,
  };
  if (ctx.timeZone) context.timeZone = ctx.timeZone;
  switch (subcommandOf(first)) {
    case 'help':
      return parseHelp(rest);
    case 'plan':
      return parsePlan(rest, context, first);
    case 'why':
      return parseWhy(rest, context, first);
    case 'digest':
      return parseDigest(rest, context);
    case 'alerts':
      return parseAlerts(rest, context);
    case 'import':
      return parseImport(text, rest);
    case 'history':
      return parseHistory(rest);
    case 'sources':
    case 'refresh': {
      const kind = subcommandOf(first) === 'sources' ? 'sources' : 'refresh';
      const extra = rest[0];
      return extra ? err(fail('command_invalid', 'command.unknown_word', at(extra))) : ok({ kind });
    }
    default: {
      const query = parseQuery(words, context);
      if (query.ok) return ok({ kind: 'query', query: query.value });
      return err(subcommandSuggestion(query.error, first) ?? query.error);
    }
  }
}

/**
 * Parses a /kpi or `kpi` CLI command text. Never throws: every input gives a Command or a
 * CommandError whose message (English or French) says what was not understood and what was
 * probably meant.
 */
export function parseCommand(text: string, ctx: CommandContext): Result<Command, CommandError> {
  try {
    return parseUnchecked(typeof text === 'string' ? text : '', ctx);
  } catch {
    // A bug in the grammar must still reach the user as a polite reply, never a stack trace.
    return err(fail('command_invalid', 'command.unreadable', { text: String(text).slice(0, 80), start: 0 }));
  }
}

export { parseUnchecked as parseCommandUnchecked };
