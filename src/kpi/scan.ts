import { NULL_DAY } from './days.ts';
import { type DayIndex, dayRange } from './order.ts';
import { PART } from './parts.ts';
import { cohortCustomers, countCohort } from './scan-cohort.ts';
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
  passes,
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
  if (plan.view === 'flow') {
    if (parts & PART.created) countCreatedFlow(L, t, lo, hi);
    if (parts & PART.mql) countEvents(L.index.mql, t, toDay, F.mql);
    if (parts & PART.sql) countEvents(L.index.sql, t, toDay, F.sql);
    if (parts & PART.activated) countEvents(L.index.activated, t, toDay, F.activations);
    if (parts & PART.lost) countEvents(L.index.lost, t, toDay, F.lost);
    if (parts & PART.customer) flowCustomers(L, t, toDay, groups, snapshot.customerCodes, out);
    if (parts & PART.pipeline) flowPipeline(L, t, toDay);
  } else {
    countCohort(L, t, lo, hi, parts);
    if (parts & PART.customer) cohortCustomers(L, t, lo, hi, groups, snapshot.customerCodes, out);
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
  const filtered = filters.length > 0;
  if (dimCodes !== null) {
    for (let k = lo; k < hi; k++) {
      const i = rows[k]!;
      if (filtered && !passes(filters, i)) continue;
      acc[dimCodes[i]! * NF + field]! += 1;
      acc[total]! += 1;
    }
  } else if (buckets !== null) {
    for (let k = lo; k < hi; k++) {
      if (filtered && !passes(filters, rows[k]!)) continue;
      acc[buckets[days[k]! - fromDay]! * NF + field]! += 1;
      acc[total]! += 1;
    }
  } else if (!filtered) {
    acc[total]! += hi - lo;
  } else {
    for (let k = lo; k < hi; k++) if (passes(filters, rows[k]!)) acc[total]! += 1;
  }
}

/** Flow view: leads created in the period (rows lo..hi are contiguous). */
function countCreatedFlow(L: LeadColumns, t: Target, lo: number, hi: number): void {
  const { valid } = L;
  const { acc, filters, dimCodes, buckets, fromDay } = t;
  const total = t.total;
  const filtered = filters.length > 0;
  let leads = 0;
  let valids = 0;
  if (dimCodes !== null) {
    for (let i = lo; i < hi; i++) {
      if (filtered && !passes(filters, i)) continue;
      const b = dimCodes[i]! * NF;
      const v = valid[i]!;
      acc[b + F.leads]! += 1;
      acc[b + F.valid]! += v;
      leads++;
      valids += v;
    }
  } else if (buckets !== null) {
    const created = L.created;
    for (let i = lo; i < hi; i++) {
      if (filtered && !passes(filters, i)) continue;
      const b = buckets[created[i]! - fromDay]! * NF;
      const v = valid[i]!;
      acc[b + F.leads]! += 1;
      acc[b + F.valid]! += v;
      leads++;
      valids += v;
    }
  } else {
    for (let i = lo; i < hi; i++) {
      if (filtered && !passes(filters, i)) continue;
      leads++;
      valids += valid[i]!;
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
  out: Customers,
): void {
  const index = L.index.customer;
  const [lo, hi] = dayRange(index.days, t.fromDay, toDay);
  const filtered = t.filters.length > 0;
  for (let k = lo; k < hi; k++) {
    const i = index.rows[k]!;
    if (filtered && !passes(t.filters, i)) continue;
    const day = index.days[k]!;
    const b = blockOf(t, i, day);
    add(t, b, F.customers, 1);
    add(t, b, F.revenue, L.amount[i]!);
    noteCustomer(out, (b === t.total ? groups : b / NF) * nc + L.customerCode[i]!, day - L.created[i]!);
  }
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
