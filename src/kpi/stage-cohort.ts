import type { LeadDimension } from '../model/dimension.ts';
import { NULL_DAY } from '../shared/days.ts';
import { type CodeFilter, passes } from './scan-core.ts';
import type { LeadColumns, Snapshot } from './snapshot.ts';

/**
 * Stage conversion as a cohort within a fixed lag: of the leads that reached stage X in a window,
 * the share that reached X+1 at most `lag` days later. The converted are a subset of the reached,
 * so the rate never passes 100 % (the flow view, next-stage events over stage events dated in the
 * window, can). The digest's funnel, its drop concentration and the alert rules on a stage
 * conversion all read it from here.
 */
export const STAGE_CONVERSIONS = ['lead_to_valid', 'valid_to_mql', 'mql_to_sql', 'sql_to_customer'] as const;
export type StageConversion = (typeof STAGE_CONVERSIONS)[number];

export const isStageConversion = (metric: string): metric is StageConversion =>
  (STAGE_CONVERSIONS as readonly string[]).includes(metric);

/** Days a lead has to reach a stage after the one before: valid → MQL, MQL → SQL, SQL → customer. */
export interface StageLagDays {
  mql: number;
  sql: number;
  customer: number;
}

/** The defaults of config `digest.stageLagDays`. */
export const DEFAULT_STAGE_LAG_DAYS: Readonly<StageLagDays> = { mql: 14, sql: 14, customer: 30 };

/** A stage's lag in days (lead → valid is decided at creation: 0). */
export function stageLag(lags: Readonly<StageLagDays>, stage: StageConversion): number {
  switch (stage) {
    case 'lead_to_valid':
      return 0;
    case 'valid_to_mql':
      return lags.mql;
    case 'mql_to_sql':
      return lags.sql;
    case 'sql_to_customer':
      return lags.customer;
  }
}

/** Leads that reached stage X in a window, and of those the ones that reached X+1 within the lag. */
export interface StageCohort {
  reached: number;
  converted: number;
}

type DayOf = (leads: LeadColumns, i: number) => number;
const created: DayOf = (l, i) => l.created[i] ?? NULL_DAY;
const validDay: DayOf = (l, i) => (l.valid[i] === 1 ? (l.created[i] ?? NULL_DAY) : NULL_DAY);
const STEPS: Readonly<Record<StageConversion, readonly [DayOf, DayOf]>> = {
  lead_to_valid: [created, validDay],
  valid_to_mql: [validDay, (l, i) => l.mql[i] ?? NULL_DAY],
  mql_to_sql: [(l, i) => l.mql[i] ?? NULL_DAY, (l, i) => l.sql[i] ?? NULL_DAY],
  sql_to_customer: [(l, i) => l.sql[i] ?? NULL_DAY, (l, i) => l.customer[i] ?? NULL_DAY],
};

/** Where a cohort is counted: the window, the lag, how long each lead is observed, the scope. */
export interface CohortWindow {
  fromDay: number;
  toDay: number;
  lag: number;
  /**
   * The last day a lead that reached the step on `day` is observed (later events are not counted):
   * a reference window is observed at the age the current one has now. Absent: every event counts.
   */
  observedUntil?: (day: number) => number;
  /** Only the leads these filters let through (a rule's scope). */
  filters?: readonly CodeFilter[];
}

/** Calls `visit` for each lead of the cohort, with whether it converted within the lag. */
function eachInCohort(
  leads: LeadColumns,
  stage: StageConversion,
  w: CohortWindow,
  visit: (row: number, converted: boolean) => void,
): void {
  const [first, next] = STEPS[stage];
  const filters = w.filters ?? [];
  for (let i = 0; i < leads.count; i++) {
    const day = first(leads, i);
    if (day === NULL_DAY || day < w.fromDay || day > w.toDay) continue;
    if (filters.length > 0 && !passes(filters, i)) continue;
    const then = next(leads, i);
    const converted =
      then !== NULL_DAY &&
      then - day <= w.lag &&
      (w.observedUntil === undefined || then <= w.observedUntil(day));
    visit(i, converted);
  }
}

/** The stage cohort of one window (never above 100 %: the converted are a subset). */
export function stageCohort(leads: LeadColumns, stage: StageConversion, w: CohortWindow): StageCohort {
  let reached = 0;
  let converted = 0;
  eachInCohort(leads, stage, w, (_, c) => {
    reached++;
    if (c) converted++;
  });
  return { reached, converted };
}

/** The cohort split by a dimension's codes (index = code). */
export interface GroupedCohort {
  reached: Int32Array;
  converted: Int32Array;
}

export function stageCohortByGroup(
  leads: LeadColumns,
  stage: StageConversion,
  w: CohortWindow,
  codes: Int32Array,
  groups: number,
): GroupedCohort {
  const out = { reached: new Int32Array(groups), converted: new Int32Array(groups) };
  eachInCohort(leads, stage, w, (i, c) => {
    const g = codes[i] ?? 0;
    out.reached[g]! += 1;
    if (c) out.converted[g]! += 1;
  });
  return out;
}

/** One group's part of the change of a cohort rate between two windows. */
export interface CohortGroupChange {
  code: number;
  /** x₁/N₁ − x₀/N₀: what the group adds to the total rate's change (fractions; they sum to it). */
  contribution: number;
  /** The larger of the group's cohorts in the two windows. */
  volume: number;
}

/**
 * Splits R₁ − R₀ (R = Σx / ΣN, x converted, N reached) into each group's contribution
 * x₁ᵍ/N₁ − x₀ᵍ/N₀: its share of the total rate in each window, so the parts add up to the change
 * exactly (mix and rate together). Null when a window has no cohort.
 */
export function splitCohortChange(
  after: GroupedCohort,
  before: GroupedCohort,
): { change: number; groups: CohortGroupChange[] } | null {
  const sum = (a: Int32Array) => a.reduce((t, v) => t + v, 0);
  const n1 = sum(after.reached);
  const n0 = sum(before.reached);
  if (n1 === 0 || n0 === 0) return null;
  const change = sum(after.converted) / n1 - sum(before.converted) / n0;
  const groups: CohortGroupChange[] = [];
  for (let g = 0; g < after.reached.length; g++) {
    const r1 = after.reached[g] ?? 0;
    const r0 = before.reached[g] ?? 0;
    if (r1 === 0 && r0 === 0) continue;
    groups.push({
      code: g,
      contribution: (after.converted[g] ?? 0) / n1 - (before.converted[g] ?? 0) / n0,
      volume: Math.max(r1, r0),
    });
  }
  return { change, groups };
}

/** The group behind a cohort rate's move: its part of the change (fractions, like the rates). */
export interface CohortDriver {
  dimension: LeadDimension;
  /** The dimension's key; null for "(none)". */
  key: string | null;
  label: string;
  contribution: number;
  /** R₁ − R₀ of the whole scope. */
  change: number;
  /** contribution / change. */
  share: number;
}

/**
 * The group with the largest part of a cohort rate's move between two windows, in the move's
 * direction, among groups of at least `minVolume` leads: tried by each dimension in order, and
 * an earlier (more specific) one kept while its top group explains at least `specific` of what a
 * later one's does (as `why` picks: the campaign, not the channel that merely contains it).
 * Null when nothing moved or no dimension has two groups.
 */
export function cohortDriver(
  snapshot: Snapshot,
  stage: StageConversion,
  after: CohortWindow,
  before: CohortWindow,
  dimensions: readonly LeadDimension[],
  limits: { minVolume: number; specific: number },
): CohortDriver | null {
  const found = dimensions.map((dimension): CohortDriver | null => {
    const codes = snapshot.leads.codes[dimension];
    const dict = snapshot.dictionaries[dimension];
    const by = (w: CohortWindow) => stageCohortByGroup(snapshot.leads, stage, w, codes, dict.size);
    const split = splitCohortChange(by(after), by(before));
    if (!split || split.change === 0 || split.groups.length < 2) return null;
    const sign = Math.sign(split.change);
    const top = split.groups
      .filter((g) => Math.sign(g.contribution) === sign && g.volume >= limits.minVolume)
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.code - b.code)[0];
    if (!top) return null;
    return {
      dimension,
      key: top.code === 0 ? null : (dict.keys[top.code] ?? null),
      label: dict.labels[top.code] ?? '',
      contribution: top.contribution,
      change: split.change,
      share: top.contribution / split.change,
    };
  });
  const score = (d: CohortDriver | null): number =>
    d === null ? Number.NEGATIVE_INFINITY : Math.min(1, d.share);
  let best = found[0] ?? null;
  for (const d of found.slice(1)) {
    const bestHolds = score(best) > 0 && score(best) >= limits.specific * score(d);
    if (score(d) > score(best) && !bestHolds) best = d;
  }
  return best;
}
