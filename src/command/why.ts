import type { PeriodSpec } from '../kpi/query.ts';
import type { WhyRequest } from '../kpi/why.ts';
import { err, ok, type Result } from '../shared/errors.ts';
import { at, Clauses, compareFrom, type ParseContext, splitKeyValue } from './clauses.ts';
import { fail, labels, unknown } from './errors.ts';
import { lookupQueryKey } from './keys.ts';
import { splitList, type Word } from './lexer.ts';
import { bare, filtersOf, metricList, spacedBreakdown } from './parse-query.ts';
import { PERIOD_EXAMPLES, parsePeriod } from './period.ts';
import type { Command, CommandError } from './types.ts';

/** `why` without a period explains last week against the week before (what the digest reports). */
const WHY_DEFAULT_PERIOD: PeriodSpec = { kind: 'relative', name: 'last-week' };

/**
 * `why <metric> [filters] [period=…] [vs=previous | vs=<period>] [by=<dimension>] [view=…]`:
 * one metric, a dimension (not a time grain) to split by, and the period compared with.
 */
export function parseWhy(
  words: readonly Word[],
  ctx: ParseContext,
  whole: Word,
): Result<Command, CommandError> {
  const clauses = new Clauses(ctx);
  let metric: WhyRequest['metric'] | null = null;
  let against: WhyRequest['against'] = 'previous';
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    const list = metricList(word);
    if (list) {
      if (metric !== null || list.length > 1) return err(fail('command_invalid', 'why.one_metric', at(word)));
      metric = list[0] ?? null;
      continue;
    }
    const kv = splitKeyValue(word);
    if (kv) {
      const value = kv.values[0];
      // vs=<period>: compare with any period, not only the one before.
      if (lookupQueryKey(kv.key.text) === 'vs' && value && compareFrom(value.text) === undefined) {
        const period = parsePeriod(value.text, ctx.locale);
        if (!period) return err(unknown('period_invalid', value, labels(PERIOD_EXAMPLES)));
        against = period;
        continue;
      }
      const error = clauses.apply(kv);
      if (error) return err(error);
      if (clauses.by?.kind === 'time') return err(fail('command_invalid', 'why.dimension_only', at(word)));
      continue;
    }
    const next = words[i + 1];
    const spaced = spacedBreakdown(word, next, clauses);
    if (spaced) {
      if (spaced.error) return err(spaced.error);
      if (clauses.by?.kind === 'time')
        return err(fail('command_invalid', 'why.dimension_only', at(next ?? word)));
      i++;
      continue;
    }
    for (const piece of splitList(word)) {
      const error = bare(piece, clauses, ctx);
      if (error) return err(error);
    }
  }
  if (metric === null) return err(fail('command_invalid', 'why.no_metric', at(whole)));
  const period = clauses.finish(WHY_DEFAULT_PERIOD);
  if (!period.ok) return err(period.error);
  const by = clauses.by?.kind === 'dimension' ? clauses.by.dimension : null;
  const request: WhyRequest = {
    metric,
    filters: filtersOf(clauses),
    period: period.period,
    against,
    by,
    view: clauses.view,
  };
  return ok({ kind: 'why', request });
}
