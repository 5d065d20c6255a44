import type { Snapshot } from '../../src/kpi/snapshot.ts';
import { COST_DIMENSIONS, LEAD_DIMENSIONS } from '../../src/model/dimension.ts';

/**
 * Every lead and cost of a snapshot as text, every column the engine reads: sorted (what the
 * engine reads, whatever the row order), or in row order where the same writes must give the
 * same rows in the same order.
 */
export function snapshotRows(s: Snapshot, order: 'sorted' | 'as-written' = 'sorted') {
  const key = (dim: (typeof LEAD_DIMENSIONS)[number] | (typeof COST_DIMENSIONS)[number], code: number) =>
    s.dictionaries[dim].keys[code];
  const l = s.leads;
  const leads: string[] = [];
  for (let i = 0; i < l.count; i++) {
    leads.push(
      JSON.stringify([
        LEAD_DIMENSIONS.map((d) => key(d, l.codes[d][i]!)),
        l.created[i],
        l.mql[i],
        l.sql[i],
        l.opportunity[i],
        l.customer[i],
        l.lost[i],
        l.activated[i],
        l.valid[i],
        l.marketing[i],
        l.amount[i],
        l.pipeline[i],
      ]),
    );
  }
  const c = s.costs;
  const costs: string[] = [];
  for (let i = 0; i < c.count; i++) {
    costs.push(
      JSON.stringify([
        COST_DIMENSIONS.map((d) => key(d, c.codes[d][i]!)),
        c.day[i],
        c.endDay[i],
        c.amount[i],
        c.impressions[i],
        c.clicks[i],
        String(c.platformLeads[i]),
        String(c.conversions[i]),
        c.kind[i],
      ]),
    );
  }
  return {
    leads: order === 'sorted' ? leads.sort() : leads,
    costs: order === 'sorted' ? costs.sort() : costs,
    customers: new Set(l.customerCode).size,
    minDay: s.minDay,
    maxDay: s.maxDay,
    maxSpan: c.maxSpan,
    revenueData: l.revenueData,
  };
}
