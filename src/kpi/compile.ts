import { type Dimension, isCostDimension, isLeadDimension } from '../model/dimension.ts';
import type { Filter } from './query.ts';
import type { CodeFilter } from './scan.ts';
import type { Snapshot } from './snapshot.ts';

export interface CompiledFilters {
  lead: CodeFilter[];
  cost: CodeFilter[];
  /** False when a filter is on a dimension costs do not carry. */
  costsNarrowable: boolean;
  /** False when a filter is on a dimension leads do not carry (an ad-platform breakdown). */
  leadsNarrowable: boolean;
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
  let leadsNarrowable = true;
  for (const filter of filters) {
    const dict = snapshot.dictionaries[filter.dimension];
    const allowed = new Uint8Array(dict.size);
    for (const value of filter.values) {
      const code = dict.find(value);
      if (code >= 0) allowed[code] = 1;
      else unmatched.push({ dimension: filter.dimension, value });
    }
    const d = filter.dimension;
    if (isLeadDimension(d)) lead.push({ codes: snapshot.leads.codes[d], allowed });
    else leadsNarrowable = false;
    if (isCostDimension(d)) cost.push({ codes: snapshot.costs.codes[d], allowed });
    else costsNarrowable = false;
  }
  return { lead, cost, costsNarrowable, leadsNarrowable, unmatched };
}
