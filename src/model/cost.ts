import type { z } from 'zod';
import type { CostSchema } from './cost-schema.ts';

export const COST_KINDS = ['media', 'sales', 'tooling', 'other'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/**
 * The canonical cost row of SPEC section 2 (cost-schema.ts: its zod schema, kept apart so that
 * what only reads costs, the snapshot and the engine, loads no zod).
 */
export type Cost = z.infer<typeof CostSchema>;

/**
 * Spend of one platform, campaign and day at one grain (report level + breakdowns), as the store
 * holds it: what the never-count-twice check of report levels compares.
 */
export interface CostGrainDay {
  source: string | null;
  campaignKey: string | null;
  date: string;
  /** The last day of a campaign grid row's span (null: one day). */
  endDate: string | null;
  grain: string;
  origin: string;
}
