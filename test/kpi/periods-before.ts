// The period arithmetic as it was before it moved off date-fns (src/kpi/periods.ts at 4c9e9d4), kept
// as the oracle of test/kpi/periods-differential.property.test.ts. Not used by the app.
import { TZDate, tz } from '@date-fns/tz';
// One module per function: the 'date-fns' barrel loads every function and costs ~250 MB of RSS.
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { addQuarters } from 'date-fns/addQuarters';
import { addWeeks } from 'date-fns/addWeeks';
import { addYears } from 'date-fns/addYears';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { endOfMonth } from 'date-fns/endOfMonth';
import { endOfQuarter } from 'date-fns/endOfQuarter';
import { endOfYear } from 'date-fns/endOfYear';
import { format } from 'date-fns/format';
import { getISOWeeksInYear } from 'date-fns/getISOWeeksInYear';
import { min } from 'date-fns/min';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfQuarter } from 'date-fns/startOfQuarter';
import { startOfYear } from 'date-fns/startOfYear';
import { subDays } from 'date-fns/subDays';
import type { PeriodSpec, TimeGrain } from '../../src/kpi/query.ts';
import type { ResolvedPeriod } from '../../src/kpi/result.ts';
import { dayFromIso, isoFromDay, ymd } from '../../src/shared/days.ts';
import { AppError, err, ok, type Result } from '../../src/shared/errors.ts';
import { isoWeekLabel, isoWeekStart } from '../../src/shared/iso-week.ts';

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

type DateIn = { in: ReturnType<typeof tz> };

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

function resolveUncached(
  spec: PeriodSpec,
  now: Date,
  timeZone: string,
  bounds?: PeriodBounds,
): Result<ResolvedPeriods> {
  const at: DateIn = { in: tz(timeZone) };
  const today = at.in(now);
  const day = (d: Date): string => format(d, 'yyyy-MM-dd', at);
  const make = (from: Date, to: Date, label?: string): ResolvedPeriod =>
    buildPeriod(day(from), day(to), timeZone, label);
  // A calendar unit and the unit before it.
  const unit = (start: Date, end: (d: Date) => Date, shift: (d: Date, n: number) => Date, label: LabelFn) => {
    const prevStart = shift(start, -1);
    return {
      current: make(start, end(start), label(start)),
      previous: make(prevStart, end(prevStart), label(prevStart)),
    };
  };
  // A "to date" window against the same number of days at the start of the previous unit.
  const toDate = (start: Date, shift: (d: Date, n: number) => Date, end: (d: Date) => Date) => {
    const n = differenceInCalendarDays(today, start, at);
    const prevStart = shift(start, -1);
    const prevEnd = addDays(prevStart, n, at);
    const prevUnitEnd = end(prevStart);
    return {
      current: make(start, today),
      previous: make(prevStart, min([prevEnd, prevUnitEnd], at)),
    };
  };
  const window = (from: Date, to: Date): ResolvedPeriods => {
    const n = differenceInCalendarDays(to, from, at) + 1;
    return { current: make(from, to), previous: make(subDays(from, n, at), subDays(from, 1, at)) };
  };
  const week = (start: Date) =>
    unit(
      start,
      (d) => addDays(d, 6, at),
      (d, n) => addWeeks(d, n, at),
      weekLabel,
    );
  const month = (start: Date) =>
    unit(
      start,
      (d) => endOfMonth(d, at),
      (d, n) => addMonths(d, n, at),
      monthLabel,
    );
  const quarter = (start: Date) =>
    unit(
      start,
      (d) => endOfQuarter(d, at),
      (d, n) => addQuarters(d, n, at),
      quarterLabel,
    );
  const year = (start: Date) =>
    unit(
      start,
      (d) => endOfYear(d, at),
      (d, n) => addYears(d, n, at),
      yearLabel,
    );
  const oneDay = (d: Date) =>
    unit(
      d,
      (x) => x,
      (x, n) => addDays(x, n, at),
      dayLabel,
    );
  const local = (y: number, m: number, d: number): TZDate => new TZDate(y, m - 1, d, timeZone);

  switch (spec.kind) {
    case 'relative':
      switch (spec.name) {
        case 'today':
          return ok(oneDay(today));
        case 'yesterday':
          return ok(oneDay(subDays(today, 1, at)));
        case 'this-week':
          return ok(week(startOfISOWeek(today, at)));
        case 'last-week':
          return ok(week(subDays(startOfISOWeek(today, at), 7, at)));
        case 'this-month':
          return ok(month(startOfMonth(today, at)));
        case 'last-month':
          return ok(month(addMonths(startOfMonth(today, at), -1, at)));
        case 'this-quarter':
          return ok(quarter(startOfQuarter(today, at)));
        case 'last-quarter':
          return ok(quarter(addQuarters(startOfQuarter(today, at), -1, at)));
        case 'this-year':
          return ok(year(startOfYear(today, at)));
        case 'last-year':
          return ok(year(addYears(startOfYear(today, at), -1, at)));
        case 'mtd':
          return ok(
            toDate(
              startOfMonth(today, at),
              (d, n) => addMonths(d, n, at),
              (d) => endOfMonth(d, at),
            ),
          );
        case 'qtd':
          return ok(
            toDate(
              startOfQuarter(today, at),
              (d, n) => addQuarters(d, n, at),
              (d) => endOfQuarter(d, at),
            ),
          );
        case 'ytd':
          return ok(
            toDate(
              startOfYear(today, at),
              (d, n) => addYears(d, n, at),
              (d) => endOfYear(d, at),
            ),
          );
        case 'all': {
          const from = bounds ? isoFromDay(Math.min(bounds.minDay, bounds.maxDay)) : '1970-01-01';
          const lastData = bounds ? isoFromDay(bounds.maxDay) : day(today);
          const to = [lastData, day(today)].sort()[1] ?? lastData;
          return ok({ current: buildPeriod(from, to, timeZone), previous: null });
        }
      }
      return invalid(spec);
    case 'last-days':
      if (!Number.isInteger(spec.days) || spec.days < 1 || spec.days > 3660) return invalid(spec);
      return ok(window(subDays(today, spec.days - 1, at), today));
    case 'month':
      if (!validYear(spec.year) || !Number.isInteger(spec.month) || spec.month < 1 || spec.month > 12) {
        return invalid(spec);
      }
      return ok(month(local(spec.year, spec.month, 1)));
    case 'quarter':
      if (!validYear(spec.year) || !Number.isInteger(spec.quarter) || spec.quarter < 1 || spec.quarter > 4) {
        return invalid(spec);
      }
      return ok(quarter(local(spec.year, spec.quarter * 3 - 2, 1)));
    case 'iso-week': {
      if (!validYear(spec.year) || !Number.isInteger(spec.week) || spec.week < 1) return invalid(spec);
      const jan4 = local(spec.year, 1, 4);
      if (spec.week > getISOWeeksInYear(jan4, at)) return invalid(spec);
      return ok(week(addWeeks(startOfISOWeek(jan4, at), spec.week - 1, at)));
    }
    case 'year':
      if (!validYear(spec.year)) return invalid(spec);
      return ok(year(local(spec.year, 1, 1)));
    case 'range': {
      const from = dayFromIso(spec.from);
      const to = dayFromIso(spec.to);
      if (from === null || to === null || from > to || !validYear(ymd(from).y) || !validYear(ymd(to).y)) {
        return invalid(spec);
      }
      const f = ymd(from);
      const t = ymd(to);
      return ok(window(local(f.y, f.m, f.d), local(t.y, t.m, t.d)));
    }
  }
}

type LabelFn = (start: Date) => string;
const weekLabel: LabelFn = (d) => isoWeekLabel(dayFromIso(isoLocal(d)) ?? 0);
const monthLabel: LabelFn = (d) => isoLocal(d).slice(0, 7);
const quarterLabel: LabelFn = (d) =>
  `${isoLocal(d).slice(0, 4)}-Q${Math.ceil(Number(isoLocal(d).slice(5, 7)) / 3)}`;
const yearLabel: LabelFn = (d) => isoLocal(d).slice(0, 4);
const dayLabel: LabelFn = (d) => isoLocal(d);
/** The local calendar day of a date produced with `{ in: tz(zone) }` (a TZDate). */
const isoLocal = (d: Date): string => format(d, 'yyyy-MM-dd');

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
