import { dayRange } from './order.ts';
import { F, NF, passes, type ScanPlan } from './scan-core.ts';
import { MEDIA_KIND, OTHER_KIND, type Snapshot } from './snapshot.ts';

/** The costs dated in the period (rows sorted by day), into the group blocks and the total. */
export function scanCosts(snapshot: Snapshot, plan: ScanPlan, acc: Float64Array, total: number): void {
  const { fromDay, toDay, grouping, costFilters } = plan;
  const C = snapshot.costs;
  const { day, amount, impressions, clicks, kind } = C;
  const dimCodes = grouping.kind === 'dimension' ? grouping.costCodes : null;
  const buckets = grouping.kind === 'time' ? grouping.dayToBucket : null;
  const filtered = costFilters.length > 0;
  const [lo, hi] = dayRange(day, fromDay, toDay);
  for (let j = lo; j < hi; j++) {
    if (filtered && !passes(costFilters, j)) continue;
    const d = day[j]!;
    const g = dimCodes !== null ? dimCodes[j]! : buckets !== null ? buckets[d - fromDay]! : -1;
    const k = kind[j]!;
    const v = amount[j]!;
    for (let base = g < 0 ? total : g * NF; ; base = total) {
      if (k === MEDIA_KIND) {
        acc[base + F.spend]! += v;
        acc[base + F.mediaRows]! += 1;
      }
      if (k !== OTHER_KIND) acc[base + F.acquisition]! += v;
      acc[base + F.cost]! += v;
      acc[base + F.costRows]! += 1;
      acc[base + F.impressions]! += impressions[j]!;
      acc[base + F.clicks]! += clicks[j]!;
      if (base === total) break;
    }
  }
}
