/**
 * Calendar days as integers (days since 1970-01-01), tz-free: the sample is written in
 * workspace-local dates and times, exactly as a CRM export shows them.
 */
const MS_PER_DAY = 86_400_000;

export function dayFromIso(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / MS_PER_DAY);
}

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

/** ISO weekday, Monday = 1 … Sunday = 7. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The Monday starting the ISO week that holds the day. */
export function mondayOf(day: number): number {
  return day - (isoWeekday(day) - 1);
}

/** The calendar day an instant falls on in a time zone. */
export function localDay(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
  return dayFromIso(parts);
}

/** The Monday of the last full ISO week before `anchorDay` (the week that ended before it). */
export function lastFullWeekStart(anchorDay: number): number {
  return mondayOf(anchorDay) - 7;
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
