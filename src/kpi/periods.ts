import { TZDate } from '@date-fns/tz';
import { dayFromIso, dayOf, isoFromDay, ymd, zonedDay } from '../shared/days.ts';
import { AppError, err, ok, type Result } from '../shared/errors.ts';
import { isoWeekLabel, isoWeekStart, isoWeeksInYear } from '../shared/iso-week.ts';
import type { PeriodSpec, TimeGrain } from './query.ts';
import type { ResolvedPeriod } from './result.ts';

/** The period asked for and the one it is compared with (null for `all`). */
export interface ResolvedPeriods {
  current: ResolvedPeriod;
  previous: ResolvedPeriod | null;
}

/** Optional data bounds (epoch days) used by `all`. */
export interface PeriodBounds {
  minDay: number;
  maxDay: number;
}

const invalid = (spec: PeriodSpec): Result<never> =>
  err(new AppError('period_invalid', 'kpi.period.invalid', { params: { period: describeSpec(spec) } }));

/** Resolutions kept (the periods asked lately; a few hundred bytes each). */
const MEMO_SIZE = 512;
const memo = new Map<string, Result<ResolvedPeriods>>();

/**
 * Resolve a period to calendar days in the workspace zone, with its previous period.
 * Memoised per (period, minute, zone, bounds): a resolution depends on `now` only through
 * today's date in the zone, which cannot change within a minute (zone offsets are whole
 * minutes), and the zone arithmetic cost ~0.2 ms per query under load. The results are
 * frozen, since callers share them.
 */
export function resolvePeriod(
  spec: PeriodSpec,
  now: Date,
  timeZone: string,
  bounds?: PeriodBounds,
): Result<ResolvedPeriods> {
  const key = `${Math.floor(now.getTime() / 60_000)}|${timeZone}|${bounds ? `${bounds.minDay}-${bounds.maxDay}` : ''}|${JSON.stringify(spec)}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const resolved = resolveUncached(spec, now, timeZone, bounds);
  if (resolved.ok) {
    Object.freeze(resolved.value.current);
    if (resolved.value.previous) Object.freeze(resolved.value.previous);
    Object.freeze(resolved.value);
  }
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, Object.freeze(resolved));
  return resolved;
}

/*
 * Calendar arithmetic on epoch days (src/shared/days.ts): every period is made of whole days in
 * the workspace zone, so once today's date in the zone is known no zone is involved until
 * buildPeriod turns the days into instants. (This replaced date-fns with `{ in: tz(zone) }`,
 * whose modules cost about 90 ms of every start; the periods are the same, test/kpi/periods.test.ts.)
 */

/** The day `n` months after `day`: the same day of the month, or that month's last day when it is shorter (as date-fns' addMonths). */
function addMonths(day: number, n: number): number {
  const { y, m, d } = ymd(day);
  const first = ymd(dayOf(y, m + n, 1));
  const last = dayOf(first.y, first.m + 1, 1) - 1;
  return Math.min(dayOf(first.y, first.m, d), last);
}
const startOfMonth = (day: number): number => {
  const { y, m } = ymd(day);
  return dayOf(y, m, 1);
};
const endOfMonth = (day: number): number => {
  const { y, m } = ymd(day);
  return dayOf(y, m + 1, 1) - 1;
};
const startOfQuarter = (day: number): number => {
  const { y, m } = ymd(day);
  return dayOf(y, m - ((m - 1) % 3), 1);
};
const endOfQuarter = (day: number): number => addMonths(startOfQuarter(day), 3) - 1;
const startOfYear = (day: number): number => dayOf(ymd(day).y, 1, 1);
const endOfYear = (day: number): number => dayOf(ymd(day).y + 1, 1, 1) - 1;

function resolveUncached(
  spec: PeriodSpec,
  now: Date,
  timeZone: string,
  bounds?: PeriodBounds,
): Result<ResolvedPeriods> {
  const today = zonedDay(now.getTime(), timeZone);
  const make = (from: number, to: number, label?: string): ResolvedPeriod =>
    buildPeriod(isoFromDay(from), isoFromDay(to), timeZone, label);
  // A calendar unit and the unit before it.
  const unit = (
    start: number,
    end: (d: number) => number,
    shift: (d: number, n: number) => number,
    label: LabelFn,
  ) => {
    const prevStart = shift(start, -1);
    return {
      current: make(start, end(start), label(start)),
      previous: make(prevStart, end(prevStart), label(prevStart)),
    };
  };
  // A "to date" window against the same number of days at the start of the previous unit.
  const toDate = (start: number, shift: (d: number, n: number) => number, end: (d: number) => number) => {
    const n = today - start;
    const prevStart = shift(start, -1);
    return {
      current: make(start, today),
      previous: make(prevStart, Math.min(prevStart + n, end(prevStart))),
    };
  };
  const window = (from: number, to: number): ResolvedPeriods => {
    const n = to - from + 1;
    return { current: make(from, to), previous: make(from - n, from - 1) };
  };
  const week = (start: number) =>
    unit(
      start,
      (d) => d + 6,
      (d, n) => d + 7 * n,
      weekLabel,
    );
  const month = (start: number) => unit(start, endOfMonth, addMonths, monthLabel);
  const quarter = (start: number) => unit(start, endOfQuarter, (d, n) => addMonths(d, 3 * n), quarterLabel);
  const year = (start: number) => unit(start, endOfYear, (d, n) => addMonths(d, 12 * n), yearLabel);
  const oneDay = (d: number) =>
    unit(
      d,
      (x) => x,
      (x, n) => x + n,
      dayLabel,
    );

  switch (spec.kind) {
    case 'relative':
      switch (spec.name) {
        case 'today':
          return ok(oneDay(today));
        case 'yesterday':
          return ok(oneDay(today - 1));
        case 'this-week':
          return ok(week(isoWeekStart(today)));
        case 'last-week':
          return ok(week(isoWeekStart(today) - 7));
        case 'this-month':
          return ok(month(startOfMonth(today)));
        case 'last-month':
          return ok(month(addMonths(startOfMonth(today), -1)));
        case 'this-quarter':
          return ok(quarter(startOfQuarter(today)));
        case 'last-quarter':
          return ok(quarter(addMonths(startOfQuarter(today), -3)));
        case 'this-year':
          return ok(year(startOfYear(today)));
        case 'last-year':
          return ok(year(addMonths(startOfYear(today), -12)));
        case 'mtd':
          return ok(toDate(startOfMonth(today), addMonths, endOfMonth));
        case 'qtd':
          return ok(toDate(startOfQuarter(today), (d, n) => addMonths(d, 3 * n), endOfQuarter));
        case 'ytd':
          return ok(toDate(startOfYear(today), (d, n) => addMonths(d, 12 * n), endOfYear));
        case 'all': {
          const from = bounds ? isoFromDay(Math.min(bounds.minDay, bounds.maxDay)) : '1970-01-01';
          const lastData = bounds ? isoFromDay(bounds.maxDay) : isoFromDay(today);
          const to = [lastData, isoFromDay(today)].sort()[1] ?? lastData;
          return ok({ current: buildPeriod(from, to, timeZone), previous: null });
        }
      }
      return invalid(spec);
    case 'last-days':
      if (!Number.isInteger(spec.days) || spec.days < 1 || spec.days > 3660) return invalid(spec);
      return ok(window(today - (spec.days - 1), today));
    case 'month':
      if (!validYear(spec.year) || !Number.isInteger(spec.month) || spec.month < 1 || spec.month > 12) {
        return invalid(spec);
      }
      return ok(month(dayOf(spec.year, spec.month, 1)));
    case 'quarter':
      if (!validYear(spec.year) || !Number.isInteger(spec.quarter) || spec.quarter < 1 || spec.quarter > 4) {
        return invalid(spec);
      }
      return ok(quarter(dayOf(spec.year, spec.quarter * 3 - 2, 1)));
    case 'iso-week': {
      if (!validYear(spec.year) || !Number.isInteger(spec.week) || spec.week < 1) return invalid(spec);
      if (spec.week > isoWeeksInYear(spec.year)) return invalid(spec);
      return ok(week(isoWeekStart(dayOf(spec.year, 1, 4)) + 7 * (spec.week - 1)));
    }
    case 'year':
      if (!validYear(spec.year)) return invalid(spec);
      return ok(year(dayOf(spec.year, 1, 1)));
    case 'range': {
      const from = dayFromIso(spec.from);
      const to = dayFromIso(spec.to);
      if (from === null || to === null || from > to || !validYear(ymd(from).y) || !validYear(ymd(to).y)) {
        return invalid(spec);
      }
      return ok(window(from, to));
    }
  }
}

type LabelFn = (start: number) => string;
const weekLabel: LabelFn = (d) => isoWeekLabel(d);
const monthLabel: LabelFn = (d) => isoFromDay(d).slice(0, 7);
const quarterLabel: LabelFn = (d) => {
  const { y, m } = ymd(d);
  return `${y}-Q${Math.ceil(m / 3)}`;
};
const yearLabel: LabelFn = (d) => String(ymd(d).y);
const dayLabel: LabelFn = (d) => isoFromDay(d);

const validYear = (y: number): boolean => Number.isInteger(y) && y >= 1970 && y <= 9999;

/** A ResolvedPeriod from inclusive calendar days in the zone. */
export function buildPeriod(from: string, to: string, timeZone: string, label?: string): ResolvedPeriod {
  const f = ymd(dayFromIso(from) ?? 0);
  const next = ymd((dayFromIso(to) ?? 0) + 1);
  return {
    from,
    to,
    startMs: new TZDate(f.y, f.m - 1, f.d, timeZone).getTime(),
    endMs: new TZDate(next.y, next.m - 1, next.d, timeZone).getTime(),
    label: label ?? (from === to ? from : `${from} → ${to}`),
  };
}

/** Inclusive epoch-day bounds of a resolved period. */
export function periodDays(period: ResolvedPeriod): { fromDay: number; toDay: number } {
  return { fromDay: dayFromIso(period.from) ?? 0, toDay: dayFromIso(period.to) ?? 0 };
}

/** Time buckets of a period: keys/labels in order and a day → bucket index map (offset by fromDay). */
export interface TimeBuckets {
  keys: string[];
  labels: string[];
  fromDay: number;
  dayToBucket: Int32Array;
}

export function timeBuckets(period: ResolvedPeriod, grain: TimeGrain): TimeBuckets {
  const { fromDay, toDay } = periodDays(period);
  const keys: string[] = [];
  const labels: string[] = [];
  const dayToBucket = new Int32Array(toDay - fromDay + 1);
  let last = '';
  for (let day = fromDay; day <= toDay; day++) {
    const key =
      grain === 'day'
        ? isoFromDay(day)
        : grain === 'week'
          ? isoFromDay(isoWeekStart(day))
          : isoFromDay(day).slice(0, 7);
    if (key !== last) {
      keys.push(key);
      labels.push(grain === 'week' ? isoWeekLabel(day) : key);
      last = key;
    }
    dayToBucket[day - fromDay] = keys.length - 1;
  }
  return { keys, labels, fromDay, dayToBucket };
}

/** Short text of a period spec, for messages. */
export function describeSpec(spec: PeriodSpec): string {
  switch (spec.kind) {
    case 'relative':
      return spec.name;
    case 'last-days':
      return `last-${spec.days}d`;
    case 'month':
      return `${spec.year}-${String(spec.month).padStart(2, '0')}`;
    case 'quarter':
      return `${spec.year}-Q${spec.quarter}`;
    case 'iso-week':
      return `${spec.year}-W${String(spec.week).padStart(2, '0')}`;
    case 'year':
      return String(spec.year);
    case 'range':
      return `${spec.from} → ${spec.to}`;
  }
}
