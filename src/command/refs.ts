import { keyFold } from './keys.ts';
import { type ChannelRef, type UserRef, WEEKDAYS, type Weekday } from './types.ts';

/**
 * A Slack channel: the `<#C0123|growth>` (or `<#C0123>`) mention Slack puts in slash-command
 * text, or a plain `#growth`. Null otherwise.
 */
export function channelRef(text: string): ChannelRef | null {
  const mention = /^<#([A-Z0-9]+)(?:\|([^>]*))?>$/i.exec(text.trim());
  if (mention) {
    const name = mention[2]?.trim();
    return name ? { channel: mention[1] ?? '', name } : { channel: mention[1] ?? '' };
  }
  const plain = /^#([\p{L}\p{N}_.-]{1,80})$/u.exec(text.trim());
  return plain ? { channel: `#${plain[1]}`, name: plain[1] ?? '' } : null;
}

/** `me` / `moi` / `@me`, or a `<@U0123>` mention (with or without `|name`). Null otherwise. */
export function userRef(text: string): UserRef | null {
  const trimmed = text.trim();
  if (['me', 'moi', '@me', '@moi'].includes(trimmed.toLowerCase())) return { user: 'me' };
  const mention = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(trimmed);
  return mention ? { user: mention[1] ?? '' } : null;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const UNIT_WORDS: ReadonlyMap<string, keyof typeof UNIT_MS> = new Map([
  ['m', 'm'],
  ['min', 'm'],
  ['mins', 'm'],
  ['minute', 'm'],
  ['minutes', 'm'],
  ['h', 'h'],
  ['hr', 'h'],
  ['hrs', 'h'],
  ['hour', 'h'],
  ['hours', 'h'],
  ['heure', 'h'],
  ['heures', 'h'],
  ['d', 'd'],
  ['j', 'd'],
  ['day', 'd'],
  ['days', 'd'],
  ['jour', 'd'],
  ['jours', 'd'],
  ['w', 'w'],
  ['week', 'w'],
  ['weeks', 'w'],
  ['semaine', 'w'],
  ['semaines', 'w'],
]);

/** `30m`, `24h`, `7d`, `2 weeks`, `7j` → milliseconds (at most a year); null otherwise. */
export function durationMs(text: string): number | null {
  const match = /^(\d{1,4}(?:[.,]\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  if (!match) return null;
  const unit = UNIT_WORDS.get((match[2] ?? '').toLowerCase());
  if (!unit) return null;
  const ms = Math.round(Number((match[1] ?? '').replace(',', '.')) * (UNIT_MS[unit] ?? 0));
  return ms > 0 && ms <= 366 * 86_400_000 ? ms : null;
}

const DAY_WORDS: ReadonlyMap<string, Weekday> = new Map(
  WEEKDAYS.flatMap((day, i) => {
    const fr = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'][i] ?? day;
    return [
      [day, day],
      [day.slice(0, 3), day],
      [`${day}s`, day],
      [fr, day],
      [fr.slice(0, 3), day],
    ] as [string, Weekday][];
  }),
);

/** `monday`, `mon`, `lundi`, `lun` → the weekday; null otherwise. */
export function weekday(text: string): Weekday | null {
  return DAY_WORDS.get(keyFold(text)) ?? null;
}

/** `9:00`, `09:30`, `9h`, `9h30`, `9am`, `6:30pm` → `HH:MM` (24 h); null otherwise. */
export function timeOfDay(text: string): string | null {
  const match = /^(\d{1,2})(?:[:h](\d{2})?)?\s*(am|pm)?$/i.exec(text.trim());
  if (!match || (match[2] === undefined && match[3] === undefined && !/h$/i.test(text.trim()))) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const meridiem = match[3]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
