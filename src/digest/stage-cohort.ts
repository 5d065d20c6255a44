import type { LeadColumns, Snapshot } from '../kpi/snapshot.ts';
import { dayFromIso, NULL_DAY } from '../shared/days.ts';
import type { StageId } from './types.ts';

/**
 * The usual lag of each stage, in days: a lead that reached stage X counts as converted when it
 * reached X+1 at most this many days later. Fixed defaults (lead → valid is decided at creation).
 */
export const STAGE_LAG_DAYS: Readonly<Record<StageId, number>> = {
  lead_to_valid: 0,
  valid_to_mql: 14,
  mql_to_sql: 14,
  sql_to_customer: 30,
};

/** Leads that reached stage X in a window, and of those the ones that reached X+1 within the lag. */
export interface StageCohort {
  reached: number;
  converted: number;
}

type DayOf = (leads: LeadColumns, i: number) => number;
const created: DayOf = (l, i) => l.created[i] ?? NULL_DAY;
const validDay: DayOf = (l, i) => (l.valid[i] === 1 ? (l.created[i] ?? NULL_DAY) : NULL_DAY);
const STEPS: Readonly<Record<StageId, readonly [DayOf, DayOf]>> = {
  lead_to_valid: [created, validDay],
  valid_to_mql: [validDay, (l, i) => l.mql[i] ?? NULL_DAY],
  mql_to_sql: [(l, i) => l.mql[i] ?? NULL_DAY, (l, i) => l.sql[i] ?? NULL_DAY],
  sql_to_customer: [(l, i) => l.sql[i] ?? NULL_DAY, (l, i) => l.customer[i] ?? NULL_DAY],
};

/**
 * Stage conversion of the leads that reached `stage`'s first step in [fromDay, toDay]: the share
 * that reached the next step within `lag` days, never above 100 % (the converted are a subset).
 * `observedUntil(day)` is the last day a lead that reached the step on `day` is observed (events
 * after it are not counted): the digest observes a reference week at the age its own week has now.
 */
export function stageCohort(
  leads: LeadColumns,
  stage: StageId,
  fromDay: number,
  toDay: number,
  lag: number,
  observedUntil: (day: number) => number = () => Number.POSITIVE_INFINITY,
): StageCohort {
  const [first, next] = STEPS[stage];
  let reached = 0;
  let converted = 0;
  for (let i = 0; i < leads.count; i++) {
    const day = first(leads, i);
    if (day === NULL_DAY || day < fromDay || day > toDay) continue;
    reached++;
    const then = next(leads, i);
    if (then === NULL_DAY) continue;
    if (then - day <= lag && then <= observedUntil(day)) converted++;
  }
  return { reached, converted };
}

/**
 * The digest's cohorts for one window (`from`, `to` ISO days), observed at the age the digest week
 * has now: a lead that reached the step on the window's k-th weekday is observed until the same
 * weekday of the digest week plus the days from then to now, so the week and its references compare
 * like with like.
 */
export function windowCohort(
  snapshot: Snapshot,
  stage: StageId,
  window: { from: string; to: string },
  weekFrom: string,
  nowDay: number,
): StageCohort {
  const from = dayFromIso(window.from) ?? 0;
  const to = dayFromIso(window.to) ?? 0;
  const weekStart = dayFromIso(weekFrom) ?? 0;
  const age = (day: number) => nowDay - (weekStart + ((((day - from) % 7) + 7) % 7));
  return stageCohort(snapshot.leads, stage, from, to, STAGE_LAG_DAYS[stage], (day) => day + age(day));
}
