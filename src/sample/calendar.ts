import { zonedDay } from '../shared/days.ts';
import { isoWeekStart } from '../shared/iso-week.ts';

/**
 * Calendar days as integers (days since 1970-01-01), tz-free: the sample is written in
 * workspace-local dates and times, exactly as a CRM export shows them.
 */
const MS_PER_DAY = 86_400_000;

// Formatting dates is the hot path of the million-lead file: remember the recent days.
const isoCache = new Map<number, string>();
export function isoFromDay(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (isoCache.size > 4096) isoCache.clear();
    isoCache.set(day, iso);
  }
  return iso;
}

/** The calendar day an instant falls on in a time zone. */
export function localDay(instant: Date, timeZone: string): number {
  return zonedDay(instant.getTime(), timeZone);
}

/** The Monday of the last full ISO week before `anchorDay` (the week that ended before it). */
export function lastFullWeekStart(anchorDay: number): number {
  return isoWeekStart(anchorDay) - 7;
}

/** Day + minutes as "YYYY-MM-DD HH:mm". */
export function localStamp(day: number, minute: number): string {
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${isoFromDay(day)} ${hh}:${mm}`;
}

/** "dd/mm/yyyy" of a day. */
export function dmy(day: number): string {
  const [y, m, d] = isoFromDay(day).split('-');
  return `${d}/${m}/${y}`;
}

/** "m/d/yyyy" of a day (US exports, no leading zeros). */
export function mdy(day: number): string {
  const [y, m, d] = isoFromDay(day).split('-');
  return `${Number(m)}/${Number(d)}/${y}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "November 16, 2026" (Google Ads date-range line). */
export function longEnglish(day: number): string {
  const [y, m, d] = isoFromDay(day).split('-');
  return `${MONTHS[Number(m) - 1]} ${Number(d)}, ${y}`;
}
