import { err, ok, type Result } from '../shared/errors.ts';
import { canonicalTimeZone } from '../shared/time-zone.ts';
import { at, type ParseContext, splitKeyValue } from './clauses.ts';
import { type At, fail, labels, unknown } from './errors.ts';
import { keyFold } from './keys.ts';
import type { Word } from './lexer.ts';
import { parseIsoWeek } from './period.ts';
import { channelRef, timeOfDay, userRef, weekday } from './refs.ts';
import type { Command, CommandError, DigestTarget, IsoWeek, Weekday } from './types.ts';

const ACTIONS: ReadonlyMap<string, 'preview' | 'subscribe' | 'unsubscribe' | 'list'> = new Map([
  ['preview', 'preview'],
  ['apercu', 'preview'],
  ['now', 'preview'],
  ['show', 'preview'],
  ['subscribe', 'subscribe'],
  ['sub', 'subscribe'],
  ['abonner', 'subscribe'],
  ['sabonner', 'subscribe'],
  ['abonnement', 'subscribe'],
  ['unsubscribe', 'unsubscribe'],
  ['unsub', 'unsubscribe'],
  ['desabonner', 'unsubscribe'],
  ['sedesabonner', 'unsubscribe'],
  ['list', 'list'],
  ['liste', 'list'],
  ['subscriptions', 'list'],
  ['abonnements', 'list'],
]);

const target = (text: string): DigestTarget | null => channelRef(text) ?? userRef(text);

/** `digest [preview] [week=2026-W45]`: the week, or the last full week when absent. */
function preview(words: readonly Word[], ctx: ParseContext): Result<Command, CommandError> {
  let week: IsoWeek | undefined;
  for (const word of words) {
    const kv = splitKeyValue(word);
    const value = kv ? (kv.values[0]?.text ?? '') : word.text;
    if (kv && !['week', 'semaine', 'w'].includes(keyFold(kv.key.text))) {
      return err(unknown('command_invalid', kv.key, labels(['week'])));
    }
    if (week) return err(fail('command_invalid', 'command.duplicate_key', at(word)));
    const parsed = parseIsoWeek(value) ?? weekOfYear(value, ctx.now);
    if (parsed) week = parsed;
    else if (!kv && keyFold(value) === 'lastweek') continue;
    else return err(fail('period_invalid', 'command.week_invalid', { text: value, start: word.start }));
  }
  return ok(week ? { kind: 'digest', action: 'preview', week } : { kind: 'digest', action: 'preview' });
}

/** `week=45`: week 45 of the current ISO year. */
function weekOfYear(text: string, now: Date): IsoWeek | null {
  if (!/^[WS]?\d{1,2}$/i.test(text.trim())) return null;
  return parseIsoWeek(`${now.getUTCFullYear()}-W${text.trim().replace(/^[WS]/i, '')}`);
}

interface Schedule {
  target?: DigestTarget;
  day?: Weekday;
  time?: string;
  timeZone?: string;
}

/** `subscribe [#channel|me] [day] [time] [tz]` in any order, each at most once. */
function schedule(words: readonly Word[]): Result<Schedule, CommandError> {
  const out: Schedule = {};
  for (const word of words) {
    const kv = splitKeyValue(word);
    const key = kv ? keyFold(kv.key.text) : '';
    const text = kv ? (kv.values[0]?.text ?? '') : word.raw;
    const where: At = kv ? (kv.values[0] ?? kv.key) : at(word);
    const slot = kv ? slotOf(key) : null;
    if (kv && !slot) return err(unknown('command_invalid', kv.key, labels(['channel', 'day', 'time', 'tz'])));
    const assign = <K extends keyof Schedule>(name: K, value: Schedule[K] | null): boolean => {
      if (value === null || value === undefined || (slot && slot !== name)) return false;
      if (out[name] !== undefined) return false;
      out[name] = value;
      return true;
    };
    if (
      assign('target', target(text)) ||
      assign('day', weekday(text)) ||
      assign('time', timeOfDay(text)) ||
      assign('timeZone', canonicalTimeZone(text))
    ) {
      continue;
    }
    if (slot === 'timeZone' || (!slot && text.includes('/'))) {
      return err(fail('command_invalid', 'command.timezone_invalid', where));
    }
    return err(fail('command_invalid', 'command.schedule_word_invalid', where));
  }
  return ok(out);
}

function slotOf(key: string): keyof Schedule | null {
  if (['channel', 'canal', 'to', 'in', 'target', 'dest'].includes(key)) return 'target';
  if (['day', 'jour', 'on'].includes(key)) return 'day';
  if (['time', 'at', 'heure', 'a'].includes(key)) return 'time';
  if (['tz', 'timezone', 'zone', 'fuseau'].includes(key)) return 'timeZone';
  return null;
}

/** The `digest …` sub-commands. */
export function parseDigest(words: readonly Word[], ctx: ParseContext): Result<Command, CommandError> {
  const [first, ...rest] = words;
  if (!first || splitKeyValue(first)) return preview(words, ctx);
  const action = ACTIONS.get(keyFold(first.text));
  if (action === undefined) {
    // `digest 2026-W45` and `digest last-week` are previews.
    if (parseIsoWeek(first.text) || weekOfYear(first.text, ctx.now) || keyFold(first.text) === 'lastweek') {
      return preview(words, ctx);
    }
    return err(
      unknown('command_invalid', at(first), labels(['preview', 'subscribe', 'unsubscribe', 'list'])),
    );
  }
  const args = rest;
  if (action === 'preview') return preview(args, ctx);
  if (action === 'list') {
    const extra = args[0];
    return extra
      ? err(fail('command_invalid', 'command.unknown_word', at(extra)))
      : ok({ kind: 'digest', action: 'list' });
  }
  if (action === 'unsubscribe') {
    const [who, extra] = args;
    if (extra) return err(fail('command_invalid', 'command.unknown_word', at(extra)));
    if (!who) return ok({ kind: 'digest', action: 'unsubscribe' });
    const found = target(splitKeyValue(who)?.values[0]?.text ?? who.raw);
    return found
      ? ok({ kind: 'digest', action: 'unsubscribe', target: found })
      : err(fail('command_invalid', 'command.channel_invalid', at(who)));
  }
  const parsed = schedule(args);
  return parsed.ok ? ok({ kind: 'digest', action: 'subscribe', ...parsed.value }) : parsed;
}
