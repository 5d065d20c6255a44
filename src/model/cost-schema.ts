import { z } from 'zod';
import { ChannelSchema } from './channel-schema.ts';
import { COST_KINDS } from './cost.ts';
import { CurrencySchema } from './money.ts';

export const CostKindSchema = z.enum(COST_KINDS);

/** A calendar day, tz-free: costs are reported per day by every ad platform. */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** The canonical cost row of SPEC section 2 (one row per day and campaign, usually). */
export const CostSchema = z.object({
  origin: z.string().min(1),
  recordId: z.string().min(1),
  date: IsoDateSchema,
  channel: ChannelSchema,
  source: z.string().nullable(),
  campaign: z.string().nullable(),
  ad: z.string().nullable(),
  audience: z.string().nullable(),
  keyword: z.string().nullable(),
  country: z.string().nullable(),
  // Breakdowns of ad-platform reports (model/dimension.ts): most cost rows carry none, so they
  // may be left out of a row built in code; ingest and the store always fill them (null when absent).
  age: z.string().nullable().optional(),
  gender: z.string().nullable().optional(),
  device: z.string().nullable().optional(),
  placement: z.string().nullable().optional(),
  /** Hour of day, "00"–"23", in the ad account's time zone. */
  hour: z.string().nullable().optional(),
  /**
   * The last day of the span the row covers (a campaign grid aggregated over a date range):
   * the amount spreads evenly over date..endDate. Null or absent: the row is one day's.
   */
  endDate: IsoDateSchema.nullable().optional(),
  /**
   * What one row stands for in its report: the level and breakdowns, as `ad_group` or
   * `ad+age+gender` (ingest/level.ts). Files of one platform at different grains hold the same
   * spend, so they are never added up. Null for rows written before grains were kept.
   */
  grain: z.string().nullable().optional(),
  amount: z.number().finite(),
  currency: CurrencySchema,
  kind: CostKindSchema,
  impressions: z.number().finite().nonnegative().nullable(),
  clicks: z.number().finite().nonnegative().nullable(),
  /**
   * Results the ad platform reports beside spend: leads its own forms or pixel counted
   * (LinkedIn / Meta "Leads") and conversions (Google Ads / Microsoft "Conversions"). Null
   * when the export has no such column or leaves the cell blank (not applicable), never 0.
   */
  platformLeads: z.number().finite().nonnegative().nullable().optional(),
  conversions: z.number().finite().nonnegative().nullable().optional(),
});
