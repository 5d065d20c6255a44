import type { Targets } from '../kpi/derive.ts';
import type { NaCode } from '../kpi/result.ts';
import {
  DEFAULT_STAGE_LAG_DAYS,
  STAGE_CONVERSIONS,
  type StageConversion,
  type StageLagDays,
} from '../kpi/stage-cohort.ts';
import type { Channel } from '../model/channel.ts';
import type { Dimension } from '../model/dimension.ts';

/**
 * The weekly digest (SPEC section 5): a plain data value computed by `computeDigest` from a
 * snapshot, a week and the settings, then rendered (Block Kit, text, JSON, chart) by pure
 * functions. Numbers are raw (money in the workspace currency, rates as fractions 0..1,
 * ROI and relative deltas as fractions too: 0.25 = +25 %); null means "n/a".
 */
export interface Digest {
  week: DigestWeek;
  /** How many weeks before the previous one make the baseline (4 by default). */
  baselineWeeks: number;
  /** The baseline's first and last day (inclusive). */
  baselinePeriod: { from: string; to: string };
  /** The previous week's first and last day (inclusive). */
  previousPeriod: { from: string; to: string };
  currency: string;
  /** Epoch ms of the `now` the digest was computed at. */
  generatedAt: number;
  /** The week is not over at `now`: its numbers are shown, marked stale, and nothing is judged. */
  partial: boolean;
  headline: HeadlineItem[];
  stages: StageItem[];
  cacVsClv: CacVsClv;
  /** Ranked by profit over `period` (the campaign window ending with the week). */
  campaigns: {
    period: { from: string; to: string; weeks: number };
    best: CampaignPerformance[];
    worst: CampaignPerformance[];
    /** Why campaigns are not ranked (no revenue in the data: profit and ROI are n/a, not −cost). */
    na?: NaCode;
  };
  dataQuality: DataQuality;
  /** Eight ISO weeks ending with `week`, oldest first: the chart's trend. */
  trend: TrendPoint[];
  flags: DigestFlag[];
  /** True when nothing was flagged: "nothing notable this week" is a valid digest. */
  nothingNotable: boolean;
}

/** An ISO week in the workspace time zone; `from` (Monday) and `to` (Sunday) are YYYY-MM-DD. */
export interface DigestWeek {
  year: number;
  week: number;
  from: string;
  to: string;
}

export const HEADLINE_METRICS = [
  'leads',
  'mql',
  'sql',
  'customers',
  'spend',
  'revenue',
  'cpl',
  'cac',
  'roi',
  'ltv_cac',
] as const;
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

export interface HeadlineItem {
  metric: HeadlineMetric;
  value: number | null;
  previous: number | null;
  /** Weekly average over the baseline weeks (for rates and costs: the ratio of the sums). */
  baseline: number | null;
  /** value − previous. */
  deltaAbs: number | null;
  /** (value − previous) / |previous|, a fraction; null when previous is 0 or n/a. */
  deltaRel: number | null;
  /** A source this number depends on is stale: the number is shown but not judged. */
  stale: boolean;
  /**
   * Why the value is n/a, when that is said (no loaded source has the column it needs, or the data
   * does not reach the week): shown instead of a number, never judged.
   */
  na?: NaCode;
  /** What moved it, when it moved 20 % or more (SPEC §5.7): `why` over the week and the one before. */
  drivers?: HeadlineDrivers;
}

/** A group behind a move (from `why`); numbers in the engine's unit of the metric (ROI in percent). */
export interface DigestDriver {
  dimension: Dimension;
  /** The dimension's value; null for "(none)". */
  key: string | null;
  label: string;
  /** Its part of the change. */
  contribution: number;
  /** contribution / change (a fraction). */
  share: number | null;
}

/** The top groups of a headline KPI's change (the first one is named in the channel, all in the thread). */
export interface HeadlineDrivers {
  /** The dimension `why` picked (campaign, channel, source or owner). */
  dimension: Dimension;
  /** value − previous, in the engine's unit of the metric (percent points for ROI). */
  change: number;
  drivers: DigestDriver[];
}

/** Where a flagged stage drop concentrates: the campaign or channel with the largest part of the fall. */
export interface StageConcentration extends DigestDriver {
  /** The rate's change against the flag's reference, in percent points. */
  change: number;
}

export { DEFAULT_STAGE_LAG_DAYS, type StageLagDays } from '../kpi/stage-cohort.ts';
export const STAGE_IDS = STAGE_CONVERSIONS;
export type StageId = StageConversion;
export type FunnelStep = 'leads' | 'valid' | 'mql' | 'sql' | 'customers';

export interface StageDrop {
  /** (rate − reference) / reference, negative for a drop (−0.35 = 35 % lower). */
  relative: number;
  /** Two-sided p-value of the two-proportion z-test against the reference. */
  pValue: number;
  /** What the week was compared with. */
  against: 'previous' | 'baseline';
}

export interface StageItem {
  id: StageId;
  from: FunnelStep;
  to: FunnelStep;
  /**
   * Of the leads that reached the stage's first step in the week, the share that reached the next
   * step within `lagDays` (a cohort, so never above 1). References are observed at the week's age.
   */
  rate: number | null;
  previousRate: number | null;
  baselineRate: number | null;
  /** The stage's lag in days (settings.stageLagDays; 0 for lead → valid, decided at creation). */
  lagDays: number;
  /** Days from the week's last day to now: the week's youngest leads have been observed this long. */
  observedDays: number;
  /** Leads that reached the first step in the week (the rate's denominator). */
  volume: number;
  /** Of those, the leads that reached the next step within the lag (the rate's numerator). */
  converted: number;
  /** The largest significant relative fall against the previous week or the baseline, if any. */
  drop: StageDrop | null;
  /** Large (≥ dropThreshold), significant (p < alpha) and above minVolume, and not stale. */
  flagged: boolean;
  stale: boolean;
  /** Why the rate is n/a: no loaded source has the stage dates it needs (then never flagged). */
  na?: NaCode;
}

export interface CacCheck {
  /** Acquisition cost (all kinds) in the week. */
  cost: number;
  customers: number;
  cac: number | null;
  clv: number | null;
  /** clv / cac (the LTV:CAC ratio). */
  ratio: number | null;
  /** The target LTV:CAC ratio (3 by default). */
  target: number;
  /** clv / target: the highest CAC that meets the target. */
  maxCac: number | null;
  /** CAC above clv / target, even with one more customer, on enough customers (and not stale). */
  flagged: boolean;
}

export interface CacByChannel extends CacCheck {
  channel: Channel;
}

export interface CacByCampaign extends CacCheck {
  /** The campaign as shown in the data (first spelling seen). */
  campaign: string;
}

export interface CacVsClv {
  /** The trailing window the checks cover (ending with the week): a week has too few customers. */
  period: { from: string; to: string; weeks: number };
  overall: CacCheck;
  byChannel: CacByChannel[];
  byCampaign: CacByCampaign[];
  /** Why CLV is missing (no target and no model), when it is. */
  clvMissing: boolean;
  /** CLV comes from a model over revenue and no loaded source has revenue: why it is n/a. */
  clvNa?: NaCode;
}

export interface CampaignPerformance {
  campaign: string;
  /** Stale source behind the numbers. */
  stale: boolean;
  leads: number;
  customers: number;
  revenue: number;
  cost: number;
  /** revenue − cost. */
  profit: number;
  /** (revenue − cost) / cost, a fraction; null without cost. */
  roi: number | null;
}

export interface StaleSource {
  origin: string;
  /** Epoch ms of the last import, null when never imported. */
  lastImportAt: number | null;
  /** Hours since the last import at `now`, null when never imported. */
  ageHours: number | null;
  /** The source's data stops before the week ends: its last day (YYYY-MM-DD), and its side. */
  dataEndsOn?: string;
  feeds?: 'leads' | 'spend' | 'both';
}

export interface DataQuality {
  /** Leads created in the week. */
  leads: number;
  invalidLeads: number;
  /** invalidLeads / leads, a fraction; null without leads. */
  invalidShare: number | null;
  /** Leads of the week without a campaign, or whose campaign has no spend at all. */
  unattributedLeads: number;
  /** Spend of the week on campaigns no lead carries (or with no campaign). */
  unattributedSpend: number;
  staleSources: StaleSource[];
}

export interface TrendPoint {
  year: number;
  week: number;
  /** Monday, YYYY-MM-DD. */
  from: string;
  leads: number;
  valid: number;
  mql: number;
  sql: number;
  customers: number;
  cpl: number | null;
  cac: number | null;
}

/** One thing that needs attention. `kind` is stable: it is part of the `--json` output. */
export type DigestFlag =
  | {
      kind: 'stage_drop';
      stage: StageId;
      rate: number;
      reference: number;
      relative: number;
      pValue: number;
      against: 'previous' | 'baseline';
      volume: number;
      /** The campaign or channel where the drop concentrates (`why`), when one does. */
      concentration?: StageConcentration;
    }
  | {
      kind: 'cac_over_target';
      scope: 'overall' | 'channel' | 'campaign';
      /** The channel or campaign; null for the overall check. */
      key: string | null;
      cac: number;
      clv: number;
      maxCac: number;
      ratio: number;
      target: number;
    }
  | {
      kind: 'stale_source';
      origin: string;
      lastImportAt: number | null;
      ageHours: number | null;
      /** Set when the source's data stops before the week ends (its last day). */
      dataEndsOn?: string;
      feeds?: 'leads' | 'spend' | 'both';
    }
  | {
      kind: 'unattributed';
      leads: number;
      spend: number;
      leadShare: number | null;
      spendShare: number | null;
    }
  | { kind: 'invalid_leads'; share: number; invalidLeads: number; leads: number };

export type DigestFlagKind = DigestFlag['kind'];

/** The engine's targets: a configured `clv` or a `clvModel`, and the LTV:CAC target ratio (3). */
export type DigestTargets = Targets;

export interface DigestSettings {
  /** Relative fall of a stage conversion that counts as large (0.2 = 20 %). */
  dropThreshold: number;
  /** Significance level of the two-proportion test. */
  alpha: number;
  /** Minimum previous-stage events, in the week and in the reference, before a drop can be flagged. */
  minVolume: number;
  /** Minimum new customers before a per-channel or per-campaign CAC can be flagged. */
  minCustomers: number;
  baselineWeeks: number;
  /** A source not imported for this long is stale. */
  staleAfterHours: number;
  /** Invalid-lead share above which data quality is flagged. */
  invalidShareThreshold: number;
  /** Unattributed share (of leads or of spend) above which it is flagged. */
  unattributedShareThreshold: number;
  /** How many campaigns the best and worst lists hold. */
  topCampaigns: number;
  /** Weeks (ending with the digest's week) over which CAC is checked against CLV. */
  cacWindowWeeks: number;
  /** Weeks (ending with the digest's week) over which campaigns are ranked by profit. */
  campaignWindowWeeks: number;
  /**
   * Each stage's usual lag in days (config `digest.stageLagDays`): a lead that reached MQL counts
   * toward MQL → SQL when it became an SQL at most `sql` days later, and so on.
   */
  stageLagDays: StageLagDays;
  targets: DigestTargets;
}

export const DEFAULT_DIGEST_SETTINGS: DigestSettings = {
  dropThreshold: 0.2,
  alpha: 0.05,
  minVolume: 30,
  minCustomers: 3,
  baselineWeeks: 4,
  staleAfterHours: 48,
  invalidShareThreshold: 0.25,
  unattributedShareThreshold: 0.1,
  topCampaigns: 3,
  cacWindowWeeks: 26,
  campaignWindowWeeks: 4,
  stageLagDays: DEFAULT_STAGE_LAG_DAYS,
  targets: { ltvCacRatio: 3 },
};

/** Where a source stands: `origin` as on the rows, `lastImportAt` epoch ms (null: never). */
export interface SourceFreshness {
  origin: string;
  lastImportAt: number | null;
  /** What the source feeds; a stale source marks the KPIs built on it stale ('both' when unknown). */
  feeds?: 'leads' | 'spend' | 'both';
  /**
   * The last day the source has rows for (YYYY-MM-DD, workspace zone; null: no rows). When
   * given, it decides freshness: a source is fresh for a week its data reaches the end of,
   * however long ago it was imported, and stale for a week it stops before.
   */
  lastDataDay?: string | null;
}

export interface ComputeDigestOptions {
  /** The ISO week to report; by default the last full ISO week before `now`. */
  week?: { year: number; week: number };
  /** Weeks are ISO weeks in the snapshot's time zone (the workspace's). */
  now: Date | number;
  settings: DigestSettings;
  sources: readonly SourceFreshness[];
}
