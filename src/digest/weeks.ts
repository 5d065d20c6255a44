import { resolvePeriod } from '../kpi/periods.ts';
import type { PeriodSpec } from '../kpi/query.ts';
import type { ResolvedPeriod } from '../kpi/result.ts';
import { dayFromIso, isoFromDay } from '../shared/days.ts';
import { AppError } from '../shared/errors.ts';
import { isoWeekOfDay } from '../shared/iso-week.ts';
import type { DigestWeek } from './types.ts';

/** The calendar windows one digest looks at, all in the workspace time zone. */
export interface DigestWindows {
  week: DigestWeek;
  /** The week as a resolved period (`endMs`: data imported before it misses part of the week). */
  weekPeriod: ResolvedPeriod;
  /** The week's query period, with the previous week as its `compare: 'previous'`. */
  weekSpec: PeriodSpec;
  previous: { from: string; to: string };
  /** `baselineWeeks` full weeks before the previous week. */
  baseline: { from: string; to: string };
  /** Trend weeks ending with the week, oldest first (at least 8, enough to cover the baseline). */
  trend: { from: string; to: string; weeks: number };
  cac: { from: string; to: string; weeks: number };
  campaigns: { from: string; to: string; weeks: number };
}

const shift = (iso: string, days: number): string => isoFromDay((dayFromIso(iso) ?? 0) + days);

/** A range of `weeks` full weeks ending with the week that ends on `to`. */
const weeksEnding = (to: string, weeks: number) => ({ from: shift(to, 1 - 7 * weeks), to, weeks });

export interface WindowSizes {
  baselineWeeks: number;
  cacWindowWeeks: number;
  campaignWindowWeeks: number;
}

/**
 * Resolves the digest's week (by default the last full ISO week before `now`) and the windows
 * around it. Throws an AppError (`period_invalid`) for a week that does not exist (2026-W60).
 */
export function digestWindows(
  week: { year: number; week: number } | undefined,
  now: Date,
  timeZone: string,
  sizes: WindowSizes,
): DigestWindows {
  const weekSpec: PeriodSpec = week
    ? { kind: 'iso-week', year: week.year, week: week.week }
    : { kind: 'relative', name: 'last-week' };
  const resolved = resolvePeriod(weekSpec, now, timeZone);
  if (!resolved.ok) throw resolved.error;
  const current = resolved.value.current;
  const previous = resolved.value.previous;
  if (previous === null) throw new AppError('internal', 'common.internal');
  const monday = dayFromIso(current.from) ?? 0;
  const iso = isoWeekOfDay(monday);
  const baselineTo = shift(previous.from, -1);
  const trendWeeks = Math.max(8, sizes.baselineWeeks + 2);
  return {
    week: { year: iso.year, week: iso.week, from: current.from, to: current.to },
    weekPeriod: current,
    weekSpec: { kind: 'range', from: current.from, to: current.to },
    previous: { from: previous.from, to: previous.to },
    baseline: { from: shift(baselineTo, 1 - 7 * sizes.baselineWeeks), to: baselineTo },
    trend: weeksEnding(current.to, trendWeeks),
    cac: weeksEnding(current.to, Math.max(1, sizes.cacWindowWeeks)),
    campaigns: weeksEnding(current.to, Math.max(1, sizes.campaignWindowWeeks)),
  };
}
