import type { MetricId, PeriodSpec } from '../kpi/query.ts';
import { err, ok, type Result } from '../shared/errors.ts';
import { at, Clauses, type ParseContext, splitKeyValue } from './clauses.ts';
import { fail, labels, unknown } from './errors.ts';
import { keyFold } from './keys.ts';
import type { Word } from './lexer.ts';
import { lookupMetric, metricCandidates } from './metrics.ts';
import { filtersOf } from './parse-query.ts';
import { parsePeriod } from './period.ts';
import { channelRef, durationMs } from './refs.ts';
import type { AlertOp, AlertRuleSpec, AlertThreshold, ChannelRef, Command, CommandError } from './types.ts';

const ACTIONS: ReadonlyMap<string, 'list' | 'add' | 'remove' | 'snooze' | 'mute' | 'unmute'> = new Map([
  ['list', 'list'],
  ['liste', 'list'],
  ['ls', 'list'],
  ['add', 'add'],
  ['new', 'add'],
  ['create', 'add'],
  ['ajouter', 'add'],
  ['creer', 'add'],
  ['remove', 'remove'],
  ['delete', 'remove'],
  ['rm', 'remove'],
  ['del', 'remove'],
  ['supprimer', 'remove'],
  ['snooze', 'snooze'],
  ['pause', 'snooze'],
  ['reporter', 'snooze'],
  ['mute', 'mute'],
  ['silence', 'mute'],
  ['unmute', 'unmute'],
  ['reactiver', 'unmute'],
]);

const OPS: Readonly<Record<string, AlertOp>> = {
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
  '≥': '>=',
  '≤': '<=',
};
const DAY_MS = 86_400_000;

/** `60`, `60€`, `1,5%`, `+20%` (relative), `clv/ratio` (target): the threshold, or null. */
function threshold(text: string): AlertThreshold | null {
  const trimmed = text.trim();
  if (/^(?:clv|ltv)(?:\/(?:ratio|target|cible))?$|^(?:target|cible)$/i.test(trimmed)) {
    return { target: 'clv_ratio' };
  }
  const relative = /^([+-])(\d{1,6}(?:[.,]\d+)?)\s*%$/.exec(trimmed);
  if (relative) {
    const size = Number((relative[2] ?? '').replace(',', '.')) / 100;
    return { relative: relative[1] === '-' ? -size : size };
  }
  const absolute = /^(?:[€$£]\s*)?(-?\d{1,12}(?:[.,]\d+)?)\s*(?:%|€|\$|£|eur|usd|gbp)?$/i.exec(trimmed);
  if (!absolute) return null;
  const value = Number((absolute[1] ?? '').replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/** `cpl > 60`, `cpl>60`, `cpl >60`: metric, operator and threshold in the first one to three words. */
function condition(
  words: readonly Word[],
): { metric: MetricId; op: AlertOp; threshold: AlertThreshold; used: number } | null {
  for (let used = 1; used <= Math.min(3, words.length); used++) {
    const joined = words
      .slice(0, used)
      .map((w) => w.text)
      .join('');
    const match = /^(.+?)(>=|<=|≥|≤|>|<)(.+)$/.exec(joined);
    if (!match) continue;
    const metric = lookupMetric(match[1] ?? '');
    const op = OPS[match[2] ?? ''];
    const limit = threshold(match[3] ?? '');
    if (metric && op && limit !== null) return { metric, op, threshold: limit, used };
  }
  return null;
}

/** `alerts add <metric> <op> <threshold> [filters] [channel=#x] [window=7d] [renotify=24h] [for=2h]`. */
function parseRule(words: readonly Word[], ctx: ParseContext): Result<AlertRuleSpec, CommandError> {
  const cond = condition(words);
  const first = words[0];
  if (!cond) {
    const head = first?.text.split(/[<>≥≤]/)[0] ?? '';
    if (first && head !== '' && !lookupMetric(head)) {
      return err(unknown('unknown_metric', { text: head, start: first.start }, metricCandidates()));
    }
    return err(
      fail('command_invalid', 'command.alert_rule_invalid', first ? at(first) : { text: '', start: 0 }),
    );
  }
  const clauses = new Clauses(ctx);
  let channel: ChannelRef | undefined;
  let window: PeriodSpec | undefined;
  let renotifyMs: number | undefined;
  let pendingMs: number | undefined;
  for (const word of words.slice(cond.used)) {
    const kv = splitKeyValue(word);
    const key = kv ? keyFold(kv.key.text) : '';
    const value = kv?.values[0];
    const slack = channelRef(value?.text ?? word.text);
    // `channel=#growth` is where to post; `channel=paid_search` filters the marketing channel.
    if (slack && (!kv || ['channel', 'canal', 'in', 'to', 'post'].includes(key))) {
      if (channel) return err(fail('command_invalid', 'command.duplicate_key', at(word)));
      channel = slack;
      continue;
    }
    if (kv && value && ['window', 'over', 'fenetre', 'periode', 'period'].includes(key)) {
      const period = parsePeriod(value.text, ctx.locale) ?? daysFrom(value.text);
      if (!period) return err(unknown('period_invalid', value, labels(['7d', '30d', 'last-week'])));
      window = period;
      continue;
    }
    if (
      kv &&
      value &&
      ['renotify', 'repeat', 'every', 'relance', 'for', 'pending', 'after', 'pendant'].includes(key)
    ) {
      const ms = durationMs(value.text);
      if (ms === null) return err(fail('command_invalid', 'command.duration_invalid', value));
      if (['for', 'pending', 'after', 'pendant'].includes(key)) pendingMs = ms;
      else renotifyMs = ms;
      continue;
    }
    if (!kv) return err(fail('command_invalid', 'command.unknown_word', at(word)));
    const error = clauses.apply(kv);
    if (error) return err(error);
  }
  const rule: AlertRuleSpec = {
    metric: cond.metric,
    op: cond.op,
    threshold: cond.threshold,
    filters: filtersOf(clauses),
  };
  if (channel) rule.channel = channel;
  if (window) rule.window = window;
  if (renotifyMs !== undefined) rule.renotifyMs = renotifyMs;
  if (pendingMs !== undefined) rule.pendingMs = pendingMs;
  return ok(rule);
}

/** `window=24h` is not a calendar period; a whole number of days is. */
function daysFrom(text: string): PeriodSpec | null {
  const ms = durationMs(text);
  return ms !== null && ms % DAY_MS === 0 ? { kind: 'last-days', days: ms / DAY_MS } : null;
}

/** The `alerts …` sub-commands. */
export function parseAlerts(words: readonly Word[], ctx: ParseContext): Result<Command, CommandError> {
  const [first, ...rest] = words;
  if (!first) return ok({ kind: 'alerts', action: 'list' });
  const action = ACTIONS.get(keyFold(first.text));
  if (!action) {
    return err(
      unknown('command_invalid', at(first), labels(['list', 'add', 'remove', 'snooze', 'mute', 'unmute'])),
    );
  }
  if (action === 'add') {
    const rule = parseRule(rest, ctx);
    return rule.ok ? ok({ kind: 'alerts', action: 'add', rule: rule.value }) : rule;
  }
  const [idWord, extra, more] = rest;
  if (action === 'list') {
    return idWord
      ? err(fail('command_invalid', 'command.unknown_word', at(idWord)))
      : ok({ kind: 'alerts', action });
  }
  if (!idWord)
    return err(fail('command_invalid', 'command.alert_id_missing', { text: first.text, start: first.start }));
  const id = idWord.text.replace(/^#/, '');
  if (action === 'snooze') {
    if (more) return err(fail('command_invalid', 'command.unknown_word', at(more)));
    const ms = extra ? durationMs(extra.text.replace(/^(?:for|pour)=/i, '')) : DAY_MS;
    if (ms === null) return err(fail('command_invalid', 'command.duration_invalid', at(extra ?? idWord)));
    return ok({ kind: 'alerts', action, id, durationMs: ms });
  }
  if (extra) return err(fail('command_invalid', 'command.unknown_word', at(extra)));
  return ok({ kind: 'alerts', action, id });
}
