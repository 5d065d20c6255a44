/** The seeded sample-data generator: realistic exports with planted facts. */
export type { BrokenKind } from './broken.ts';
export { CHANNEL_INJECTION, FORMULA_CAMPAIGN, SAMPLE_BROKEN_ROWS } from './broken.ts';
export { isoFromDay, lastFullWeekStart, mondayOf } from './calendar.ts';
export type { LeadPlanOptions, SampleLead, Timeline } from './leads.ts';
export { generateLeadDays, lifecycleStage, timeline } from './leads.ts';
export type { Platform, SampleCampaign } from './plan.ts';
export {
  CAC_OVERRUN_CAMPAIGN,
  CAMPAIGN_A,
  CAMPAIGN_B,
  CAMPAIGNS,
  EXACT_CAMPAIGNS,
  MQL_TO_SQL,
  SAMPLE_ANCHOR,
  SAMPLE_CLV_TARGET,
  SAMPLE_CURRENCY,
  SAMPLE_SEED,
  SAMPLE_TIME_ZONE,
  SPEND_SPIKE,
} from './plan.ts';
export { createRng, type Rng } from './prng.ts';
export type { Sample, SampleFileReport, SampleOptions } from './sample.ts';
export { buildSample, generateSample } from './sample.ts';
export type { SpendRow } from './spend.ts';
export type { StreamOptions } from './stream.ts';
export { generateLeadsCsv, generateSpendCsv } from './stream.ts';
