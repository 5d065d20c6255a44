/** The seeded sample-data generator: realistic exports with planted facts. */

export { isoWeekStart as mondayOf } from '../shared/iso-week.ts';
export { CHANNEL_INJECTION, FORMULA_CAMPAIGN, SAMPLE_BROKEN_ROWS } from './broken.ts';
export type { SampleLead } from './leads.ts';
export {
  CAC_OVERRUN_CAMPAIGN,
  CAMPAIGN_A,
  CAMPAIGN_B,
  CAMPAIGNS,
  EXACT_CAMPAIGNS,
  MQL_TO_SQL,
  SAMPLE_ANCHOR,
  SAMPLE_CLV_TARGET,
  SAMPLE_SEED,
  SAMPLE_TIME_ZONE,
  SPEND_SPIKE,
} from './plan.ts';
export type { SampleFileReport } from './sample.ts';
export { buildSample, generateSample } from './sample.ts';
export { generateLeadsCsv, generateSpendCsv } from './stream.ts';
