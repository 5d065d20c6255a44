import { DAY_MS, dayOf, zonedDay } from './days.ts';

/*
 * The one ISO-week module: weeks start on Monday and belong to the year of their Thursday
 * (ISO 8601). Epoch days (src/shared/days.ts) are calendar days already in the workspace
 * time zone; instants go through `zonedDay` first.
 */

/** An ISO week: `label` is `2026-W47`. */
export interface IsoWeek {
  year: number;
  week: number;
  label: string;
}

/** ISO weekday index, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The Monday starting the ISO week of an epoch day. */
export function isoWeekStart(day: number): number {
  return day - isoWeekday(day);
}

/** How many ISO weeks a week-numbering year has: 53 in a long year, else 52. */
export function isoWeeksInYear(year: number): number {
  return (isoWeekStart(dayOf(year + 1, 1, 4)) - isoWeekStart(dayOf(year, 1, 4))) / 7;
}

/** The ISO week (week-numbering year, week, label) of an epoch day. */
export function isoWeekOfDay(day: number): IsoWeek {
  const thursday = isoWeekStart(day) + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - dayOf(year, 1, 1)) / 7) + 1;
  return { year, week, label: `${year}-W${String(week).padStart(2, '0')}` };
}

/** `2026-W47`: the label of the ISO week of an epoch day. */
export function isoWeekLabel(day: number): string {
  return isoWeekOfDay(day).label;
}

/** The ISO week (in `zone`) of an instant. */
export function isoWeekOf(instant: Date, zone: string): IsoWeek {
  return isoWeekOfDay(zonedDay(instant.getTime(), zone));
}
