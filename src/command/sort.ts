import type { MetricId, SortSpec } from '../kpi/query.ts';
import { defaultSortDirection } from '../kpi/sort.ts';
import { err, ok, type Result } from '../shared/errors.ts';
import { type At, fail, labels } from './errors.ts';
import { keyFold, lookupDimension } from './keys.ts';
import type { Piece } from './lexer.ts';
import { lookupMetric, metricCandidates } from './metrics.ts';
import { closestMatches } from './suggest.ts';
import { CommandError } from './types.ts';

type Direction = SortSpec['direction'];

const DIRECTIONS: ReadonlyMap<string, Direction> = new Map([
  ['asc', 'asc'],
  ['ascending', 'asc'],
  ['up', 'asc'],
  ['low', 'asc'],
  ['lowest', 'asc'],
  ['croissant', 'asc'],
  ['croissante', 'asc'],
  ['desc', 'desc'],
  ['descending', 'desc'],
  ['down', 'desc'],
  ['high', 'desc'],
  ['highest', 'desc'],
  ['decroissant', 'desc'],
  ['decroissante', 'desc'],
]);

/** Words that sort by the group's name rather than by a number. */
const LABEL_WORDS = new Set(['name', 'names', 'label', 'labels', 'nom', 'noms', 'libelle', 'alpha', 'az']);

/** What `sort=` said: a metric, the group's name, or null (the first metric); maybe a direction. */
export interface SortClause {
  target: MetricId | 'label' | null;
  direction: Direction | null;
  at: At;
}

export function directionFrom(text: string): Direction | undefined {
  return DIRECTIONS.get(keyFold(text));
}

function targetFrom(text: string): MetricId | 'label' | undefined {
  if (LABEL_WORDS.has(keyFold(text)) || lookupDimension(text)) return 'label';
  return lookupMetric(text) ?? undefined;
}

/**
 * `sort=cpl`, `sort=cpl-asc`, `sort=cpl,asc`, `sort="roi desc"`, `sort=asc` (the first metric),
 * `sort=name` / `sort=campaign` (A→Z), `tri=cpl-croissant`.
 */
export function parseSort(pieces: readonly Piece[]): SortClause | CommandError {
  const [first, second, extra] = pieces;
  if (!first || extra)
    return fail('command_invalid', 'command.sort_invalid', extra ?? { text: '', start: 0 });
  let text = first.text.trim();
  let direction: Direction | null = null;
  if (second) {
    direction = directionFrom(second.text) ?? null;
    if (!direction) return fail('command_invalid', 'command.order_invalid', second);
  } else {
    // A direction written on the end: `cpl-asc`, `cpl_desc`, `roi desc`, `ltv:cac:asc`.
    const suffix = /^(.+?)[\s_.:-]+([\p{L}]+)$/u.exec(text);
    const tail = suffix?.[2] ? directionFrom(suffix[2]) : undefined;
    if (suffix?.[1] && tail && targetFrom(suffix[1])) {
      text = suffix[1];
      direction = tail;
    }
  }
  const alone = directionFrom(text);
  if (alone && !second) return { target: null, direction: alone, at: first };
  const target = targetFrom(text);
  if (!target) {
    const suggestions = closestMatches(text, [...metricCandidates(), ...labels(['name'])]);
    return new CommandError(
      'command_invalid',
      suggestions.length > 0 ? 'command.sort_invalid_suggest' : 'command.sort_invalid',
      { token: first.text, position: first.start, suggestions },
    );
  }
  return { target, direction, at: first };
}

/**
 * The query's sort from its clauses, once the metrics are known: a metric must be one of the
 * question's (the engine computes only those); the direction defaults to the one that matters.
 */
export function resolveSort(
  clause: SortClause | null,
  order: { direction: Direction; at: At } | null,
  metrics: readonly MetricId[],
): Result<SortSpec | null, CommandError> {
  if (!clause && !order) return ok(null);
  const target = clause?.target ?? metrics[0];
  if (target === undefined) return ok(null);
  if (target !== 'label' && !metrics.includes(target)) {
    const at = clause?.at ?? { text: target, start: 0 };
    return err(fail('command_invalid', 'command.sort_not_asked', at, { metrics: metrics.join(', ') }));
  }
  const direction =
    order?.direction ?? clause?.direction ?? (target === 'label' ? 'asc' : defaultSortDirection(target));
  return ok({ by: target, direction });
}
