import { TZDate } from '@date-fns/tz';
import { type IsoWeek, isoWeekOf } from '../shared/iso-week.ts';

/** When a subscription's digest goes out: an ISO weekday and a wall-clock time in a zone. */
export interface Schedule {
  /** ISO day of week, 1 = Monday … 7 = Sunday. */
  day: number;
  /** Local time `HH:MM` (24 h). */
  time: string;
  /** IANA time zone, e.g. Europe/Paris. */
  timeZone: string;
}

/** One digest that should be posted now: the run key makes it exactly once. */
export interface DueRun {
  runKey: string;
  subscriptionId: string;
  /** The instant the schedule fired (or should have fired, for a catch-up). */
  scheduledAt: Date;
  /** The last full ISO week before the scheduled day: what the digest is about. */
  week: IsoWeek;
}

/** Parses `HH:MM` (or `H:MM`, `9h`, `09h30`) to hours and minutes; null when invalid. */
export function parseTime(text: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2})(?:[:h](\d{2})?)?$/i.exec(text.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/** The digest run key of a subscription and reported week. */
export const digestRunKey = (subscriptionId: string, week: IsoWeek): string =>
  `digest:${subscriptionId}:${week.label}`;

/**
 * The local wall-clock instant `time` on the calendar day `offsetDays` away from the local day
 * of `anchor`. Calendar arithmetic happens on local fields, so a DST change between the two
 * days moves the UTC instant, not the local time.
 */
function localInstant(
  anchor: TZDate,
  offsetDays: number,
  hour: number,
  minute: number,
  zone: string,
): TZDate {
  return new TZDate(
    anchor.getFullYear(),
    anchor.getMonth(),
    anchor.getDate() + offsetDays,
    hour,
    minute,
    zone,
  );
}

/**
 * The scheduled instants of a schedule in (now − graceMs, now], newest first. Pure: a
 * schedule that fired while the app was down is still due within the grace window, and no
 * longer after it.
 */
export function scheduledInstants(schedule: Schedule, now: Date, graceMs: number): Date[] {
  const time = parseTime(schedule.time);
  if (!time) return [];
  const local = new TZDate(now.getTime(), schedule.timeZone);
  const isoDow = local.getDay() === 0 ? 7 : local.getDay();
  let offset = -((isoDow - schedule.day + 7) % 7);
  let instant = localInstant(local, offset, time.hour, time.minute, schedule.timeZone);
  if (instant.getTime() > now.getTime()) {
    offset -= 7;
    instant = localInstant(local, offset, time.hour, time.minute, schedule.timeZone);
  }
  const out: Date[] = [];
  const earliest = now.getTime() - graceMs;
  while (instant.getTime() > earliest) {
    out.push(new Date(instant.getTime()));
    offset -= 7;
    instant = localInstant(local, offset, time.hour, time.minute, schedule.timeZone);
  }
  return out;
}

/**
 * The digests due now for one subscription: each scheduled instant within the grace window,
 * minus the weeks already posted (`lastPostedWeek`, a label such as `2026-W46`). The claim
 * in the store makes a run exactly-once; this only avoids asking for finished ones.
 */
export function dueRuns(
  subscription: Schedule & { id: string },
  now: Date,
  graceMs: number,
  lastPostedWeek: string | null = null,
): DueRun[] {
  return scheduledInstants(subscription, now, graceMs)
    .map((scheduledAt) => {
      // The last full ISO week before the scheduled day: the local day a week earlier (at noon,
      // so no DST shift can move it to another day).
      const zone = subscription.timeZone;
      const weekEarlier = localInstant(new TZDate(scheduledAt.getTime(), zone), -7, 12, 0, zone);
      const week = isoWeekOf(weekEarlier, zone);
      return {
        runKey: digestRunKey(subscription.id, week),
        subscriptionId: subscription.id,
        scheduledAt,
        week,
      };
    })
    .filter((run) => lastPostedWeek === null || run.week.label > lastPostedWeek);
}

/**
 * The node-cron expression of a schedule (minute hour * * weekday), to be used with the
 * schedule's time zone as node-cron's `timezone` option. Null when the time is invalid.
 */
export function cronExpression(schedule: Schedule): string | null {
  const time = parseTime(schedule.time);
  if (!time || schedule.day < 1 || schedule.day > 7) return null;
  return `${time.minute} ${time.hour} * * ${schedule.day % 7}`;
}
