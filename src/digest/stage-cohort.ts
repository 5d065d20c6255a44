import type { Snapshot } from '../kpi/snapshot.ts';
import { type CohortWindow, type StageCohort, stageCohort } from '../kpi/stage-cohort.ts';
import { dayFromIso } from '../shared/days.ts';
import type { StageId } from './types.ts';

export { type StageCohort, stageLag } from '../kpi/stage-cohort.ts';

/**
 * A window of the digest (`from`, `to` ISO days) observed at the age the digest week has now: a
 * lead that reached the step on the window's k-th weekday is observed until the same weekday of
 * the digest week plus the days from then to now, so the week and its references compare like
 * with like.
 */
export function digestCohortWindow(
  window: { from: string; to: string },
  weekFrom: string,
  nowDay: number,
  lag: number,
): CohortWindow {
  const from = dayFromIso(window.from) ?? 0;
  const to = dayFromIso(window.to) ?? 0;
  const weekStart = dayFromIso(weekFrom) ?? 0;
  const age = (day: number) => nowDay - (weekStart + ((((day - from) % 7) + 7) % 7));
  return { fromDay: from, toDay: to, lag, observedUntil: (day) => day + age(day) };
}

/** The digest's cohort of one stage over one window (see digestCohortWindow). */
export function windowCohort(
  snapshot: Snapshot,
  stage: StageId,
  window: { from: string; to: string },
  weekFrom: string,
  nowDay: number,
  lag: number,
): StageCohort {
  return stageCohort(snapshot.leads, stage, digestCohortWindow(window, weekFrom, nowDay, lag));
}
