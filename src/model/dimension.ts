/**
 * Every dimension a query can filter or break down by. Leads and costs share most of them;
 * some exist on one side only, and a metric of the other side cannot be narrowed by them:
 * spend has no owner, a lead has no age bracket.
 */

/** Dimensions a lead carries (CRM exports, sheets). */
export const LEAD_DIMENSIONS = [
  'channel',
  'source',
  'campaign',
  'ad',
  'audience',
  'form',
  'keyword',
  'owner',
  'segment',
  'product',
  'country',
] as const;
export type LeadDimension = (typeof LEAD_DIMENSIONS)[number];

/**
 * Breakdowns of ad-platform reports that only spend carries: the audience an ad reached (age
 * bracket, gender), where it was shown (device, placement) and when (hour of day, "00"–"23").
 * Ad set / ad group is `audience`, shared with leads (a lead-form export names the ad set).
 */
export const BREAKDOWN_DIMENSIONS = ['age', 'gender', 'device', 'placement', 'hour'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** Dimensions a cost row carries; filters on other dimensions cannot narrow spend. */
export const COST_DIMENSIONS = [
  'channel',
  'source',
  'campaign',
  'ad',
  'audience',
  'keyword',
  'country',
  ...BREAKDOWN_DIMENSIONS,
] as const;
export type CostDimension = (typeof COST_DIMENSIONS)[number];

/** Every dimension, in the order help and suggestions list them. */
export const DIMENSIONS = [...LEAD_DIMENSIONS, ...BREAKDOWN_DIMENSIONS] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const LEAD_SET: ReadonlySet<string> = new Set(LEAD_DIMENSIONS);
const COST_SET: ReadonlySet<string> = new Set(COST_DIMENSIONS);
const ALL_SET: ReadonlySet<string> = new Set(DIMENSIONS);

export const isDimension = (d: string): d is Dimension => ALL_SET.has(d);
export const isLeadDimension = (d: string): d is LeadDimension => LEAD_SET.has(d);
export const isCostDimension = (d: string): d is CostDimension => COST_SET.has(d);
