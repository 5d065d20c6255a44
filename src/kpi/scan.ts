import { NULL_DAY } from '../shared/days.ts';
import { type DayIndex, dayRange } from './order.ts';
import { CUSTOMER_EVENT_PARTS, PART } from './parts.ts';
import { countCohort } from './scan-cohort.ts';
import {
  add,
  blockOf,
  type Customers,
  F,
  NF,
  noteCustomer,
  passes,
  type ScanPlan,
  type ScanResult,
  type Target,
} from './scan-core.ts';
import { scanCosts } from './scan-costs.ts';

export {
  type CodeFilter,
  F,
  type Grouping,
  NF,
  type ScanPlan,
  type ScanResult,
} from './scan-core.ts';

import type { LeadColumns, Snapshot } from './snapshot.ts';

/**
 * Walks only the rows whose events fall in the period (leads are sorted by creation day and
 * each stage has a day index), then the costs of the period (sorted by day).
 */
export function scan(snapshot: Snapshot, plan: ScanPlan): ScanResult {
  const { fromDay, toDay, grouping } = plan;
  const groups = grouping.size;
  const acc = new Float64Array((groups + 1) * NF);
  const t: Target = {
    acc,
    total: groups * NF,
    fromDay,
    dimCodes: grouping.kind === 'dimension' ? grouping.leadCodes : null,
    buckets: grouping.kind === 'time' ? grouping.dayToBucket : null,
    filters: plan.leadFilters,
  };
  const L = snapshot.leads;
  const [lo, hi] = dayRange(L.created, fromDay, toDay);
  const out: Customers = { keys: new Float64Array(64), cycles: new Float64Array(64), n: 0 };
  const parts = plan.parts;
  // Customer events are only collected for the statistics that need them (distinct customers, cycle).
  const events = parts & CUSTOMER_EVENT_PARTS ? out : null;
  if (plan.view === 'flow') {
    if (parts & PART.created) countCreatedFlow(L, t, lo, hi);
    if (parts & PART.mql) countEvents(L.index.mql, t, toDay, F.mql);
    if (parts & PART.sql) countEvents(L.index.sql, t, toDay, F.sql);
    if (parts & PART.activated) countEvents(L.index.activated, t, toDay, F.activations);
    if (parts & PART.lost) countEvents(L.index.lost, t, toDay, F.lost);
    if (parts & PART.customer) flowCustomers(L, t, toDay, groups, snapshot.customerCodes, events);
    if (parts & PART.pipeline) flowPipeline(L, t, toDay);
  } else {
    const until = plan.observedToDay ?? Number.POSITIVE_INFINITY;
    countCohort(L, t, lo, hi, parts, groups, snapshot.customerCodes, events, until);
  }
  if (plan.scanCosts && parts & PART.costs) scanCosts(snapshot, plan, acc, t.total);
  return {
    groups,
    acc,
    customerKeys: out.keys.subarray(0, out.n),
    cycleDays: out.cycles.subarray(0, out.n),
    customerEvents: out.n,
  };
}

/** Flow view: stage events dated in the period (the hottest loop: one variant per grouping). */
function countEvents(index: DayIndex, t: Target, toDay: number, field: number): void {
  const [lo, hi] = dayRange(index.days, t.fromDay, toDay);
  const { rows, days } = index;
  const { acc, filters, dimCodes, buckets, fromDay } = t;
  const total = t.total + field;
  const nf = filters.length;
  // One filter (the usual case) is read inline; more go through passes().
  const oneCodes = nf === 1 ? filters[0]!.codes : null;
  const oneAllowed = nf === 1 ? filters[0]!.allowed : null;
  let n = 0;
  if (dimCodes !== null) {
    if (nf === 0) {
      for (let k = lo; k < hi; k++) acc[dimCodes[rows[k]!]! * NF + field]! += 1;
      n = hi - lo;
    } else if (oneCodes !== null && oneAllowed !== null) {
      for (let k = lo; k < hi; k++) {
        const i = rows[k]!;
        if (oneAllowed[oneCodes[i]!] !== 1) continue;
        acc[dimCodes[i]! * NF + field]! += 1;
        n++;
      }
    } else {
      for (let k = lo; k < hi; k++) {
        const i = rows[k]!;
        if (!passes(filters, i)) continue;
        acc[dimCodes[i]! * NF + field]! += 1;
        n++;
      }
    }
  } else if (buckets !== null) {
    if (nf === 0) {
      for (let k = lo; k < hi; k++) acc[buckets[days[k]! - fromDay]! * NF + field]! += 1;
      n = hi - lo;
    } else if (oneCodes !== null && oneAllowed !== null) {
      for (let k = lo; k < hi; k++) {
        if (oneAllowed[oneCodes[rows[k]!]!] !== 1) continue;
        acc[buckets[days[k]! - fromDay]! * NF + field]! += 1;
        n++;
      }
    } else {
      for (let k = lo; k < hi; k++) {
        if (!passes(filters, rows[k]!)) continue;
        acc[buckets[days[k]! - fromDay]! * NF + field]! += 1;
        n++;
      }
    }
  } else if (nf === 0) {
    n = hi - lo;
  } else if (oneCodes !== null && oneAllowed !== null) {
    for (let k = lo; k < hi; k++) n += oneAllowed[oneCodes[rows[k]!]!] === 1 ? 1 : 0;
  } else {
    for (let k = lo; k < hi; k++) if (passes(filters, rows[k]!)) n++;
  }
  acc[total]! += n;
}

/** Flow view: leads created in the period (rows lo..hi are contiguous). */
function countCreatedFlow(L: LeadColumns, t: Target, lo: number, hi: number): void {
  const { valid, created } = L;
  const { acc, filters, dimCodes, buckets, fromDay } = t;
  const total = t.total;
  const nf = filters.length;
  const oneCodes = nf === 1 ? filters[0]!.codes : null;
  const oneAllowed = nf === 1 ? filters[0]!.allowed : null;
  let leads = 0;
  let valids = 0;
  for (let i = lo; i < hi; i++) {
    if (nf !== 0) {
      if (oneCodes !== null && oneAllowed !== null) {
        if (oneAllowed[oneCodes[i]!] !== 1) continue;
      } else if (!passes(filters, i)) continue;
    }
    const v = valid[i]!;
    leads++;
    valids += v;
    const b =
      dimCodes !== null ? dimCodes[i]! * NF : buckets !== null ? buckets[created[i]! - fromDay]! * NF : -1;
    if (b >= 0) {
      acc[b + F.leads]! += 1;
      acc[b + F.valid]! += v;
    }
  }
  acc[total + F.leads]! += leads;
  acc[total + F.valid]! += valids;
}

function flowCustomers(
  L: LeadColumns,
  t: Target,
  toDay: number,
  groups: number,
  nc: number,
  out: Customers | null,
): void {
  const { rows, days } = L.index.customer;
  const { amount, customerCode, created } = L;
  const { acc, filters, dimCodes, buckets, fromDay } = t;
  const total = t.total;
  const [lo, hi] = dayRange(days, fromDay, toDay);
  const filtered = filters.length > 0;
  let n = 0;
  for (let k = lo; k < hi; k++) {
    const i = rows[k]!;
    if (filtered && !passes(filters, i)) continue;
    const day = days[k]!;
    const b = dimCodes !== null ? dimCodes[i]! * NF : buckets !== null ? buckets[day - fromDay]! * NF : -1;
    const a = amount[i]!;
    n++;
    // Amounts go to the total row by row (the same sums, in the same order, as before).
    acc[total + F.revenue]! += a;
    if (b >= 0) {
      acc[b + F.customers]! += 1;
      acc[b + F.revenue]! += a;
    }
    if (out !== null)
      noteCustomer(out, (b >= 0 ? b / NF : groups) * nc + customerCode[i]!, day - created[i]!);
  }
  acc[total + F.customers]! += n;
}

/** Open pipeline of marketing leads whose opportunity opened in the period, still open at its end. */
function flowPipeline(L: LeadColumns, t: Target, toDay: number): void {
  const index = L.index.opened;
  const [lo, hi] = dayRange(index.days, t.fromDay, toDay);
  const filtered = t.filters.length > 0;
  for (let k = lo; k < hi; k++) {
    const i = index.rows[k]!;
    const w = L.customer[i]!;
    const l = L.lost[i]!;
    if ((w !== NULL_DAY && w <= toDay) || (l !== NULL_DAY && l <= toDay)) continue;
    if (filtered && !passes(t.filters, i)) continue;
    add(t, blockOf(t, i, index.days[k]!), F.pipeline, L.pipeline[i]!);
  }
}
