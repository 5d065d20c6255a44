import { COST_DIMENSIONS, type CostDimension } from '../model/cost.ts';
import { type Dimension, LEAD_DIMENSIONS } from '../model/lead.ts';
import type { Filter } from './query.ts';
import type { CodeFilter } from './scan.ts';
import type { Snapshot } from './snapshot.ts';

export const isCostDimension = (d: Dimension): d is CostDimension =>
  (COST_DIMENSIONS as readonly string[]).includes(d);
export const isDimension = (d: string): d is Dimension => (LEAD_DIMENSIONS as readonly string[]).includes(d);

export interface CompiledFilters {
  lead: CodeFilter[];
  cost: CodeFilter[];
  /** False when a filter is on a dimension costs do not carry. */
  costsNarrowable: boolean;
  /** Values no row holds (they match nothing). */
  unmatched: { dimension: Dimension; value: string }[];
}

/**
 * Filters as code masks. Several values of one dimension are OR'ed; dimensions are AND'ed
 * (several filters on the same dimension intersect).
 */
export function compileFilters(snapshot: Snapshot, filters: readonly Filter[]): CompiledFilters {
  const lead: CodeFilter[] = [];
  const cost: CodeFilter[] = [];
  const unmatched: CompiledFilters['unmatched'] = [];
  let costsNarrowable = true;
  for (const filter of filters) {
    const dict = snapshot.dictionaries[filter.dimension];
    const allowed = new Uint8Array(dict.size);
    for (const value of filter.values) {
      const code = dict.find(value);
      if (code >= 0) allowed[code] = 1;
      else unmatched.push({ dimension: filter.dimension, value });
    }
    lead.push({ codes: snapshot.leads.codes[filter.dimension], allowed });
    const d = filter.dimension;
    if (isCostDimension(d)) cost.push({ codes: snapshot.costs.codes[d], allowed });
    else costsNarrowable = false;
  }
  return { lead, cost, costsNarrowable, unmatched };
}
