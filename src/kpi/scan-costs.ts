import { dayRange } from './order.ts';
import { F, NF, passes, type ScanPlan } from './scan-core.ts';
import { MEDIA_KIND, OTHER_KIND, type Snapshot } from './snapshot.ts';

/**
 * The costs of the period (rows sorted by first day), into the group blocks and the total. A
 * row spanning several days (a campaign grid's) counts for the share of its days inside the
 * period, and a time grouping spreads it evenly over its days.
 */
export function scanCosts(snapshot: Snapshot, plan: ScanPlan, acc: Float64Array, total: number): void {
  const { fromDay, toDay, grouping, costFilters } = plan;
  const C = snapshot.costs;
  const { day, endDay, amount, impressions, clicks, kind, platformLeads, conversions } = C;
  const dimCodes = grouping.kind === 'dimension' ? grouping.costCodes : null;
  const buckets = grouping.kind === 'time' ? grouping.dayToBucket : null;
  const filtered = costFilters.length > 0;
  // A row starting up to maxSpan - 1 days before the period may still reach into it.
  const [lo, hi] = dayRange(day, fromDay - (C.maxSpan - 1), toDay);
  const add = (base: number, j: number, share: number, cut: boolean): void => {
    const k = kind[j]!;
    const v = amount[j]! * share;
    if (k === MEDIA_KIND) {
      acc[base + F.spend]! += v;
      acc[base + F.mediaRows]! += 1;
    }
    if (k !== OTHER_KIND) acc[base + F.acquisition]! += v;
    acc[base + F.cost]! += v;
    acc[base + F.costRows]! += 1;
    if (cut) acc[base + F.prorated]! += 1;
    acc[base + F.impressions]! += impressions[j]! * share;
    acc[base + F.clicks]! += clicks[j]! * share;
    const pl = platformLeads[j]!;
    if (!Number.isNaN(pl)) {
      acc[base + F.platformLeads]! += pl * share;
      acc[base + F.platformLeadRows]! += 1;
      if (k === MEDIA_KIND) acc[base + F.platformLeadSpend]! += v;
    }
    const cv = conversions[j]!;
    if (!Number.isNaN(cv)) {
      acc[base + F.conversions]! += cv * share;
      acc[base + F.conversionRows]! += 1;
      if (k === MEDIA_KIND) acc[base + F.conversionSpend]! += v;
    }
  };
  for (let j = lo; j < hi; j++) {
    const d = day[j]!;
    const e = endDay[j]!;
    if (e < fromDay) continue;
    if (filtered && !passes(costFilters, j)) continue;
    if (e === d) {
      const g = dimCodes !== null ? dimCodes[j]! : buckets !== null ? buckets[d - fromDay]! : -1;
      if (g >= 0) add(g * NF, j, 1, false);
      add(total, j, 1, false);
      continue;
    }
    const span = e - d + 1;
    const first = Math.max(d, fromDay);
    const last = Math.min(e, toDay);
    const cut = first !== d || last !== e;
    add(total, j, (last - first + 1) / span, cut);
    if (dimCodes !== null) add(dimCodes[j]! * NF, j, (last - first + 1) / span, cut);
    else if (buckets !== null) {
      // Consecutive days of one bucket are added at once: a week gets 7 days' share in one step.
      let runStart = first;
      while (runStart <= last) {
        const g = buckets[runStart - fromDay]!;
        let runEnd = runStart;
        while (runEnd < last && buckets[runEnd + 1 - fromDay] === g) runEnd++;
        if (g >= 0) add(g * NF, j, (runEnd - runStart + 1) / span, cut);
        runStart = runEnd + 1;
      }
    }
  }
}
