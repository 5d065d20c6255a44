import type { Locale } from '../i18n/locale.ts';
import type { Breakdown, PeriodSpec } from '../kpi/query.ts';
import type { Dimension } from '../model/dimension.ts';
import { type At, fail, labels, unknown } from './errors.ts';
import {
  dimensionCandidates,
  keyCandidates,
  keyFold,
  lookupDimension,
  lookupGrain,
  lookupQueryKey,
} from './keys.ts';
import { indexUnquoted, type Piece, splitList, type Word } from './lexer.ts';
import { metricKey } from './metrics.ts';
import { monthEdge, PERIOD_EXAMPLES, parseDay, parsePeriod, today } from './period.ts';
import { directionFrom, parseSort, type SortClause } from './sort.ts';
import { CommandError } from './types.ts';
import { resolveValue, type Vocabulary } from './vocabulary.ts';

export interface ParseContext {
  vocabulary: Vocabulary;
  now: Date;
  locale: Locale;
  timeZone?: string;
}

/** A `key=value` (or `key:value`) word: the key as typed and the value pieces. */
export interface KeyValue {
  key: At;
  values: Piece[];
  word: Word;
}

const KEY_SHAPE = /^[\p{L}_][\p{L}\p{N}_ -]*!?$/u;

/** Splits `key=value` / `key:value`; null for a bare word. */
export function splitKeyValue(word: Word): KeyValue | null {
  let at = indexUnquoted(word, '=');
  if (at < 0) {
    at = indexUnquoted(word, ':');
    // `09:00` is a time and `ltv:cac` a metric (checked by the caller), not key:value.
    if (at < 0 || !KEY_SHAPE.test(word.text.slice(0, at))) return null;
  }
  const keyText = word.text.slice(0, at);
  if (keyText.trim() === '' || word.quoted.slice(0, at).some(Boolean)) return null;
  return { key: { text: keyText, start: word.start }, values: splitList(word, at + 1), word };
}

const COMPARE_PREVIOUS = new Set([
  'previous',
  'prev',
  'precedent',
  'precedente',
  'previousperiod',
  'p',
  'yes',
  'true',
  'oui',
  '1',
  'periodeprecedente',
  'last',
  'lastperiod',
]);
const COMPARE_NONE = new Set(['none', 'no', 'false', 'non', '0', 'off']);
const VIEWS = new Map<string, 'flow' | 'cohort'>([
  ['flow', 'flow'],
  ['flux', 'flow'],
  ['cohort', 'cohort'],
  ['cohorts', 'cohort'],
  ['cohorte', 'cohort'],
  ['cohortes', 'cohort'],
]);

export function compareFrom(text: string): 'previous' | null | undefined {
  const key = keyFold(text);
  if (COMPARE_PREVIOUS.has(key)) return 'previous';
  return COMPARE_NONE.has(key) ? null : undefined;
}

export function viewFrom(text: string): 'flow' | 'cohort' | undefined {
  return VIEWS.get(keyFold(text));
}

/** What the filter / breakdown / period / comparison clauses of a command say. */
export class Clauses {
  readonly filters = new Map<Dimension, string[]>();
  by: Breakdown | null = null;
  period: PeriodSpec | null = null;
  compare: 'previous' | null = null;
  view: 'flow' | 'cohort' = 'flow';
  /** `sort=` and `order=`, resolved against the metrics once they are all known. */
  sort: SortClause | null = null;
  order: { direction: 'asc' | 'desc'; at: At } | null = null;
  readonly #seen = new Set<string>();
  #periodAt: At | null = null;
  #from: { day: string; at: At } | null = null;
  #to: { day: string; at: At } | null = null;
  readonly #ctx: ParseContext;

  constructor(ctx: ParseContext) {
    this.#ctx = ctx;
  }

  /**
   * Applies a `key=value` clause: null when taken, else the error (a key that is neither a query
   * key nor a dimension is an unknown dimension, with the keys it may have meant).
   */
  apply(kv: KeyValue): CommandError | null {
    if (kv.key.text.endsWith('!'))
      return fail('command_invalid', 'command.exclusion_unsupported', at(kv.word));
    const key = lookupQueryKey(kv.key.text);
    const dimension = key ? null : lookupDimension(kv.key.text);
    if (!key && !dimension) return unknown('unknown_dimension', kv.key, keyCandidates());
    const first = kv.values[0];
    if (!first) return fail('command_invalid', 'command.no_value', kv.key);
    if (dimension) return this.filter(dimension, kv.values);
    if (key !== 'from' && key !== 'to' && this.#seen.has(key ?? '')) {
      return fail('command_invalid', 'command.duplicate_key', kv.key);
    }
    this.#seen.add(key ?? '');
    if (key === 'sort') {
      const sort = parseSort(kv.values);
      if (sort instanceof CommandError) return sort;
      this.sort = sort;
      return null;
    }
    if (kv.values.length > 1) {
      if (key === 'by') return fail('command_invalid', 'command.one_breakdown', at(kv.word));
      return fail('command_invalid', 'command.unknown_word', at(kv.word));
    }
    switch (key) {
      case 'by':
        return this.breakdown(first);
      case 'period':
        return this.setPeriod(first);
      case 'from':
      case 'to':
        return this.edge(key, first);
      case 'order': {
        const direction = directionFrom(first.text);
        if (!direction) return fail('command_invalid', 'command.order_invalid', first);
        this.order = { direction, at: first };
        return null;
      }
      case 'vs': {
        const compare = compareFrom(first.text);
        if (compare === undefined) return fail('command_invalid', 'command.compare_invalid', first);
        this.compare = compare;
        return null;
      }
      default: {
        const view = viewFrom(first.text);
        if (!view) return fail('command_invalid', 'command.view_invalid', first);
        this.view = view;
        return null;
      }
    }
  }

  filter(dimension: Dimension, pieces: readonly Piece[]): CommandError | null {
    const kept = this.filters.get(dimension) ?? [];
    for (const piece of pieces) {
      const match = resolveValue(this.#ctx.vocabulary, dimension, piece.text);
      if (match.kind === 'missing') return unknown('unknown_value', piece, match.candidates, { dimension });
      for (const value of match.values) if (!kept.includes(value)) kept.push(value);
    }
    this.filters.set(dimension, kept);
    return null;
  }

  breakdown(piece: Piece): CommandError | null {
    if (['none', 'aucun', 'total'].includes(keyFold(piece.text))) {
      this.by = null;
      return null;
    }
    const grain = lookupGrain(piece.text);
    if (grain) this.by = { kind: 'time', grain };
    else {
      const dimension = lookupDimension(piece.text);
      if (!dimension) return unknown('unknown_dimension', piece, dimensionCandidates(true));
      this.by = { kind: 'dimension', dimension };
    }
    return null;
  }

  /** A period word; a second period is an error rather than a silent override. */
  setPeriod(piece: Piece): CommandError | null {
    const period = parsePeriod(piece.text, this.#ctx.locale);
    if (!period) return unknown('period_invalid', piece, labels(PERIOD_EXAMPLES));
    if (this.#periodAt || this.#from || this.#to)
      return fail('period_invalid', 'command.period_conflict', piece);
    this.period = period;
    this.#periodAt = piece;
    return null;
  }

  get hasPeriod(): boolean {
    return this.#periodAt !== null || this.#from !== null;
  }

  edge(which: 'from' | 'to', piece: Piece): CommandError | null {
    if ((which === 'from' ? this.#from : this.#to) !== null) {
      return fail('command_invalid', 'command.duplicate_key', piece);
    }
    if (this.#periodAt) return fail('period_invalid', 'command.period_conflict', piece);
    const day =
      parseDay(piece.text, this.#ctx.locale) ?? monthEdge(piece.text, which === 'from' ? 'first' : 'last');
    if (!day) return fail('period_invalid', 'command.date_invalid', piece);
    if (which === 'from') this.#from = { day, at: piece };
    else this.#to = { day, at: piece };
    return null;
  }

  /** The period the clauses describe (`from=` alone runs to today), or the default. */
  finish<D extends PeriodSpec | null>(
    defaultPeriod: D,
  ): { ok: true; period: PeriodSpec | D } | { ok: false; error: CommandError } {
    if (this.#to && !this.#from) {
      return { ok: false, error: fail('period_invalid', 'command.to_without_from', this.#to.at) };
    }
    if (this.#from) {
      const to = this.#to?.day ?? today(this.#ctx.now, this.#ctx.timeZone);
      if (this.#from.day > to) {
        const text = `${this.#from.day} > ${to}`;
        return {
          ok: false,
          error: fail('period_invalid', 'command.range_reversed', { ...this.#from.at, text }),
        };
      }
      return { ok: true, period: { kind: 'range', from: this.#from.day, to } };
    }
    return { ok: true, period: this.period ?? defaultPeriod };
  }
}

/** The whole word as an error location. */
export function at(word: Word): At {
  return { text: word.raw, start: word.start };
}

/** True when the bare word is a comparison switch (`vs`, `compare`, `vs-previous`). */
export function isCompareWord(text: string): boolean {
  return ['vs', 'compare', 'comparer', 'vsprevious', 'vsprev', 'versus'].includes(
    metricKey(text).replace(/_/g, ''),
  );
}
