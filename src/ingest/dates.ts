import { ZoneDays } from '../shared/zone-days.ts';

/** A calendar date and wall-clock time as written in a cell; `offsetMinutes` when the cell says it. */
export interface DateParts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mi: number;
  ss: number;
  ms: number;
  hasTime: boolean;
  offsetMinutes: number | null;
}

/** The day/month order a numeric date needs; `ymd` and month names need none. */
export type NumericOrder = 'dmy' | 'mdy';

const MONTHS: ReadonlyMap<string, number> = new Map(
  (
    [
      // English, French, Portuguese (pt-BR), short and long; accents folded below.
      [1, 'jan january janv janvier janeiro'],
      [2, 'feb february fev fevr fevrier fevereiro'],
      [3, 'mar march mars marco'],
      [4, 'apr april avr avril abr abril'],
      [5, 'may mai maio'],
      [6, 'jun june juin junho'],
      [7, 'jul july juil juillet julho'],
      [8, 'aug august aout ago agosto'],
      [9, 'sep sept september septembre set setembro'],
      [10, 'oct october octobre out outubro'],
      [11, 'nov november novembre novembro'],
      [12, 'dec december decembre dez dezembro'],
    ] as const
  ).flatMap(([month, names]) => names.split(' ').map((name) => [name, month] as const)),
);

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([ap]\.?m\.?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)${TIME})?$`, 'i');
const NUMERIC = new RegExp(
  String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:(?:T|,?\s+)${TIME})?$`,
  'i',
);
const TIME_ONLY = new RegExp(TIME, 'i');
// The most common shape, without the general time grammar: 2026-03-05 or 2026-03-05 10:30(:00).
const FAST_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const COMPACT = /^(19|20)(\d{2})(\d{2})(\d{2})$/;

/** How a cell constrains the file's date order (for detection over all the date cells of a file). */
export function dateOrderEvidence(raw: string): NumericOrder | 'either' | 'none' {
  const m = NUMERIC.exec(raw.trim());
  if (!m) return 'none';
  if (m[2] === '.') return 'dmy'; // dd.mm.yyyy is a day-first convention everywhere it is used.
  const a = Number(m[1]);
  const b = Number(m[3]);
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  if (a <= 12 && b <= 12 && a !== b) return 'either';
  return 'none';
}

/** Excel / Sheets serial day number (day 0 = 1899-12-30, fraction = time of day) as wall-clock parts. */
export function serialToParts(serial: number): DateParts | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  const ms = Math.round(serial * 86_400_000);
  const date = new Date(Date.UTC(1899, 11, 30) + ms);
  return {
    y: date.getUTCFullYear(),
    m: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    hh: date.getUTCHours(),
    mi: date.getUTCMinutes(),
    ss: date.getUTCSeconds(),
    ms: date.getUTCMilliseconds(),
    hasTime: ms % 86_400_000 !== 0,
    offsetMinutes: null,
  };
}

/**
 * Reads a date with an optional time: ISO and yyyy/mm/dd, dd/mm/yyyy or mm/dd/yyyy (per
 * `order`; null when a numeric date needs one), dd.mm.yyyy, month names in English, French
 * and Portuguese ("Jan 5, 2026", "5 janv. 2026", "5 de janeiro de 2026"), yyyymmdd, and
 * Excel serial numbers. Returns null for anything else. Never throws.
 */
export function parseDateTime(raw: string, order: NumericOrder | null): DateParts | null {
  const s = raw.trim();
  if (s === '' || s.length > 64) return null;
  const fast = FAST_ISO.exec(s);
  if (fast) return build(Number(fast[1]), Number(fast[2]), Number(fast[3]), [fast[4], fast[5], fast[6]]);
  if (/^\d{1,5}(\.\d+)?$/.test(s)) return serialToParts(Number(s));
  const compact = COMPACT.exec(s);
  if (compact) return build(Number(`${compact[1]}${compact[2]}`), Number(compact[3]), Number(compact[4]), []);
  const iso = ISO.exec(s);
  if (iso) return build(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso.slice(4));
  const num = NUMERIC.exec(s);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[3]);
    // With no order, only a reading the cell itself decides (14/03, 03/14, 05/05) is taken.
    const effective = num[2] === '.' ? 'dmy' : (order ?? (a > 12 ? 'dmy' : b > 12 || a === b ? 'mdy' : null));
    if (effective === null) return null;
    const y = expandYear(num[4] ?? '');
    return effective === 'mdy' ? build(y, a, b, num.slice(5)) : build(y, b, a, num.slice(5));
  }
  return parseNamedMonth(s);
}

function parseNamedMonth(s: string): DateParts | null {
  const timeMatch = TIME_ONLY.exec(s);
  const datePart = timeMatch
    ? s.slice(0, timeMatch.index) + s.slice(timeMatch.index + timeMatch[0].length)
    : s;
  const tokens = datePart
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[\s,.\-/]+/)
    .filter((t) => t !== '' && t !== 'de');
  let month: number | null = null;
  const numbers: string[] = [];
  for (const token of tokens) {
    if (/^\d+$/.test(token)) numbers.push(token);
    else if (MONTHS.has(token) && month === null) month = MONTHS.get(token) ?? null;
    else if (/^\d+(st|nd|rd|th|er)$/.test(token)) numbers.push(token.replace(/\D/g, ''));
    else if (!/^[a-z]+$/.test(token)) return null;
  }
  if (month === null || numbers.length !== 2) return null;
  const [first = '', second = ''] = numbers;
  const yearFirst = first.length === 4;
  const y = Number(yearFirst ? first : second);
  const d = Number(yearFirst ? second : first);
  if (String(y).length !== 4) return null;
  return build(y, month, d, timeMatch ? timeMatch.slice(1) : []);
}

function expandYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

function build(y: number, m: number, d: number, time: readonly (string | undefined)[]): DateParts | null {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return null;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  const [h = '', mi = '', ss = '', frac = '', ampm = '', zone = ''] = time.map((t) => t ?? '');
  let hh = h === '' ? 0 : Number(h);
  if (ampm !== '') {
    if (hh < 1 || hh > 12) return null;
    const pm = ampm.toLowerCase().startsWith('p');
    hh = (hh % 12) + (pm ? 12 : 0);
  }
  const minutes = mi === '' ? 0 : Number(mi);
  const seconds = ss === '' ? 0 : Number(ss);
  if (hh > 23 || minutes > 59 || seconds > 59) return null;
  return {
    y,
    m,
    d,
    hh,
    mi: minutes,
    ss: seconds,
    ms: frac === '' ? 0 : Math.round(Number(`0.${frac}`) * 1000) % 1000,
    hasTime: h !== '',
    offsetMinutes: parseOffset(zone),
  };
}

function parseOffset(zone: string): number | null {
  if (zone === '') return null;
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * The UTC instant of a cell: its offset when it has one, else its wall clock in `timeZone`
 * (a wall time skipped by a DST change moves forward, as @date-fns/tz's TZDate does).
 */
export function toInstant(parts: DateParts, timeZone: string): number {
  const { y, m, d, hh, mi, ss, ms } = parts;
  const wall = Date.UTC(y, m - 1, d, hh, mi, ss, ms);
  if (parts.offsetMinutes !== null) return wall - parts.offsetMinutes * 60_000;
  return wallToInstant(wall, timeZone);
}

/** The UTC instant of a wall-clock time (epoch ms read as UTC) in `timeZone`, as toInstant reads it. */
export function wallToInstant(wall: number, timeZone: string): number {
  const first = offsetAt(timeZone, wall);
  const guess = wall - first * 60_000;
  const second = offsetAt(timeZone, guess);
  if (second === first) return guess;
  const retry = wall - second * 60_000;
  if (offsetAt(timeZone, retry) === second) return retry;
  // A wall time skipped by the change: read it with the offset before the change (moves forward).
  return wall - Math.min(first, second) * 60_000;
}

// Offsets per zone, cached by day and by quarter hour (shared/zone-days.ts): tzOffset goes
// through Intl and costs microseconds a call, which dominated ingest time on large files.
const ZONES = new Map<string, ZoneDays>();
const DAY = 86_400_000;

function zoneDays(timeZone: string): ZoneDays {
  let zone = ZONES.get(timeZone);
  if (!zone) {
    zone = new ZoneDays(timeZone);
    ZONES.set(timeZone, zone);
  }
  return zone;
}

function offsetAt(timeZone: string, instant: number): number {
  return zoneDays(timeZone).offset(instant);
}

/**
 * The offset (ms) wallToInstant takes away from every wall time of the UTC day starting at
 * `dayStart` (epoch ms), when the zone keeps one offset over that day and the days on either
 * side (a guess moved by an offset stays within them, so wallToInstant's two reads agree); NaN
 * around a change, where wallToInstant must be asked.
 */
export function steadyOffset(timeZone: string, dayStart: number): number {
  const offset = offsetAt(timeZone, dayStart);
  if (Number.isNaN(offset)) return Number.NaN;
  for (const other of [dayStart - DAY, dayStart + DAY]) {
    if (offsetAt(timeZone, other) !== offset || !steadyDay(timeZone, other)) return Number.NaN;
  }
  return steadyDay(timeZone, dayStart) ? offset * 60_000 : Number.NaN;
}

/** Whether a UTC day has one offset from start to end. */
function steadyDay(timeZone: string, instant: number): boolean {
  return !Number.isNaN(zoneDays(timeZone).steadyOffset(Math.floor(instant / DAY)));
}

/** The calendar day of a cell as YYYY-MM-DD. */
export function toIsoDay(parts: DateParts): string {
  return `${String(parts.y).padStart(4, '0')}-${String(parts.m).padStart(2, '0')}-${String(parts.d).padStart(2, '0')}`;
}
