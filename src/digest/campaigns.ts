import type { MetricId } from '../kpi/query.ts';
import type { ResultRow } from '../kpi/result.ts';
import type { CampaignPerformance } from './types.ts';

/** The metrics the campaign ranking reads from the engine. */
export const CAMPAIGN_METRICS: readonly MetricId[] = [
  'leads',
  'customers',
  'revenue',
  'cost',
  'profit',
  'roi',
];

const num = (row: ResultRow, id: MetricId): number | null => row.values[id]?.value ?? null;

/**
 * Best and worst campaigns by profit (revenue − cost), then ROI: volume is not quality (seed
 * 000: campaign A's cheap leads lose money while B's fewer leads earn it). A campaign appears
 * in one list only; campaigns without cost or revenue are not ranked.
 */
export function rankCampaigns(
  rows: readonly ResultRow[],
  top: number,
  stale: boolean,
): { best: CampaignPerformance[]; worst: CampaignPerformance[] } {
  const ranked: CampaignPerformance[] = rows
    .filter((row) => row.key !== null)
    .map((row) => {
      const cost = num(row, 'cost') ?? 0;
      const revenue = num(row, 'revenue') ?? 0;
      const roi = num(row, 'roi');
      return {
        campaign: row.label,
        stale,
        leads: num(row, 'leads') ?? 0,
        customers: num(row, 'customers') ?? 0,
        revenue,
        cost,
        profit: num(row, 'profit') ?? revenue - cost,
        roi: roi === null ? null : roi / 100,
      };
    })
    .filter((c) => c.cost > 0 || c.revenue > 0)
    .sort(
      (a, b) =>
        b.profit - a.profit ||
        (b.roi ?? Number.NEGATIVE_INFINITY) - (a.roi ?? Number.NEGATIVE_INFINITY) ||
        a.campaign.localeCompare(b.campaign),
    );
  const bestCount = Math.min(top, Math.ceil(ranked.length / 2));
  const worstCount = Math.min(top, ranked.length - bestCount);
  return {
    best: ranked.slice(0, bestCount),
    worst: ranked.slice(ranked.length - worstCount).reverse(),
  };
}
