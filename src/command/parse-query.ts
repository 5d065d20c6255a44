import { DEFAULT_PERIOD, type Filter, type MetricId, type Query } from '../kpi/query.ts';
import { DIMENSIONS } from '../model/dimension.ts';
import { err, ok, type Result } from '../shared/errors.ts';
import { Clauses, isCompareWord, type ParseContext, splitKeyValue, viewFrom } from './clauses.ts';
import { fail, labels, unknown } from './errors.ts';
import { keyFold } from './keys.ts';
import { type Piece, splitList, type Word } from './lexer.ts';
import { DEFAULT_METRICS, FUNNEL_METRICS, isFunnelWord, lookupMetric, metricCandidates } from './metrics.ts';
import { looksLikePeriod, PERIOD_EXAMPLES, parsePeriod } from './period.ts';
import { resolveSort } from './sort.ts';
import { closestMatches } from './suggest.ts';
import type { CommandError } from './types.ts';
import { dimensionsHolding } from './vocabulary.ts';

/** The filters the clauses collected, in the order of DIMENSIONS (stable for caching). */
export function filtersOf(clauses: Clauses): Filter[] {
  return DIMENSIONS.flatMap((dimension) => {
    const values = clauses.filters.get(dimension);
    return values && values.length > 0 ? [{ dimension, values }] : [];
  });
}

/** A bare word that is a whole metric list (`cpl`, `cpl,cac`, `ltv:cac`, `funnel`), or null. */
export function metricList(word: Word): MetricId[] | null {
  const pieces = splitList(word);
  if (pieces.length === 0) return null;
  const metrics: MetricId[] = [];
  for (const piece of pieces) {
    if (isFunnelWord(piece.text)) metrics.push(...FUNNEL_METRICS);
    else {
      const metric = lookupMetric(piece.text);
      if (!metric) return null;
      metrics.push(metric);
    }
  }
  return metrics;
}

export const BY_WORDS = ['by', 'par', 'per'];

/**
 * A bare word that is neither a metric nor a clause: a period (`last-week`), a switch (`vs`,
 * `cohort`), a value found in exactly one dimension of the data (`"Spring Sale"`), or an error
 * that says which metric was probably meant.
 */
export function bare(piece: Piece, clauses: Clauses, ctx: ParseContext): CommandError | null {
  if (isCompareWord(piece.text)) {
    clauses.compare = 'previous';
    return null;
  }
  const view = viewFrom(piece.text);
  if (view) {
    clauses.view = view;
    return null;
  }
  if (parsePeriod(piece.text, ctx.locale)) return clauses.setPeriod(piece);
  const dimensions = dimensionsHolding(ctx.vocabulary, piece.text);
  const [only] = dimensions;
  if (only && dimensions.length === 1) return clauses.filter(only, [piece]);
  if (dimensions.length > 1) {
    const example = dimensions.map((d) => `${d}="${piece.text}"`).join(' | ');
    return fail('command_invalid', 'command.ambiguous_value', piece, {
      dimensions: dimensions.join(', '),
      example,
    });
  }
  const candidates = metricCandidates();
  if (looksLikePeriod(piece.text) && closestMatches(piece.text, candidates).length === 0) {
    return unknown('period_invalid', piece, labels(PERIOD_EXAMPLES));
  }
  return unknown('unknown_metric', piece, candidates);
}

/**
 * `by campaign`: a breakdown written with a space (the questions and `why` take it). Null when
 * `word` is not a by-word followed by a plain word; else the breakdown is applied (the caller
 * skips `next`) and `error` says what was wrong with it.
 */
export function spacedBreakdown(
  word: Word,
  next: Word | undefined,
  clauses: Clauses,
): { error: CommandError | null } | null {
  if (!BY_WORDS.includes(keyFold(word.text)) || !next || splitKeyValue(next)) return null;
  const [piece] = splitList(next);
  return { error: piece ? clauses.breakdown(piece) : null };
}

/** Parses the words of a KPI question into a Query. */
export function parseQuery(words: readonly Word[], ctx: ParseContext): Result<Query, CommandError> {
  const clauses = new Clauses(ctx);
  const metrics: MetricId[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    const list = metricList(word);
    if (list) {
      metrics.push(...list);
      continue;
    }
    const kv = splitKeyValue(word);
    if (kv) {
      const error = clauses.apply(kv);
      if (error) return err(error);
      continue;
    }
    const spaced = spacedBreakdown(word, words[i + 1], clauses);
    if (spaced) {
      if (spaced.error) return err(spaced.error);
      i++;
      continue;
    }
    for (const piece of splitList(word)) {
      const error = bare(piece, clauses, ctx);
      if (error) return err(error);
    }
  }
  const period = clauses.finish(DEFAULT_PERIOD);
  if (!period.ok) return err(period.error);
  const unique = [...new Set(metrics.length > 0 ? metrics : DEFAULT_METRICS)];
  const sort = resolveSort(clauses.sort, clauses.order, unique);
  if (!sort.ok) return err(sort.error);
  return ok({
    metrics: unique,
    filters: filtersOf(clauses),
    by: clauses.by,
    period: period.period,
    compare: clauses.compare,
    view: clauses.view,
    ...(sort.value ? { sort: sort.value } : {}),
  });
}
