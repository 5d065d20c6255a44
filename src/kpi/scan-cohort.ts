import { NULL_DAY } from './days.ts';
import { PART } from './parts.ts';
import { add, blockOf, type Customers, F, NF, noteCustomer, passes, type Target } from './scan-core.ts';
import type { LeadColumns } from './snapshot.ts';

/** Cohort view: leads created in the period and the stages they reached (ever), one column at a time. */
export function countCohort(L: LeadColumns, t: Target, lo: number, hi: number, parts: number): void {
  // Filters are checked once into a mask; each stage is then a sequential pass.
  let mask: Uint8Array | null = null;
  if (t.filters.length > 0) {
    mask = new Uint8Array(hi - lo);
    for (let i = lo; i < hi; i++) mask[i - lo] = passes(t.filters, i) ? 1 : 0;
  }
  const reached = (column: Int32Array, field: number): void => cohortPass(L, t, lo, hi, mask, column, field);
  if (parts & PART.created) {
    reached(L.created, F.leads);
    cohortPass(L, t, lo, hi, mask, L.created, F.valid, L.valid);
  }
  if (parts & PART.mql) reached(L.mql, F.mql);
  if (parts & PART.sql) reached(L.sql, F.sql);
  if (parts & PART.activated) reached(L.activated, F.activations);
  if (parts & PART.lost) reached(L.lost, F.lost);
  if (parts & PART.pipeline) {
    const { marketing, customer, lost, pipeline, created } = L;
    for (let i = lo; i < hi; i++) {
      if ((mask !== null && mask[i - lo] === 0) || marketing[i] !== 1) continue;
      if (customer[i] !== NULL_DAY || lost[i] !== NULL_DAY) continue;
      add(t, blockOf(t, i, created[i]!), F.pipeline, pipeline[i]!);
    }
  }
}

/** Counts rows lo..hi whose `column` holds a day (and whose `flag` is 1, when given). */
function cohortPass(
  L: LeadColumns,
  t: Target,
  lo: number,
  hi: number,
  mask: Uint8Array | null,
  column: Int32Array,
  field: number,
  flag?: Uint8Array,
): void {
  const { acc, dimCodes, buckets, fromDay } = t;
  const created = L.created;
  let n = 0;
  for (let i = lo; i < hi; i++) {
    if (column[i] === NULL_DAY || (mask !== null && mask[i - lo] === 0) || (flag && flag[i] !== 1)) continue;
    n++;
    if (dimCodes !== null) acc[dimCodes[i]! * NF + field]! += 1;
    else if (buckets !== null) acc[buckets[created[i]! - fromDay]! * NF + field]! += 1;
  }
  acc[t.total + field]! += n;
}

export function cohortCustomers(
  L: LeadColumns,
  t: Target,
  lo: number,
  hi: number,
  groups: number,
  nc: number,
  out: Customers,
): void {
  const { created, customer } = L;
  const filtered = t.filters.length > 0;
  for (let i = lo; i < hi; i++) {
    const w = customer[i]!;
    if (w === NULL_DAY || (filtered && !passes(t.filters, i))) continue;
    const b = blockOf(t, i, created[i]!);
    add(t, b, F.customers, 1);
    add(t, b, F.revenue, L.amount[i]!);
    noteCustomer(out, (b === t.total ? groups : b / NF) * nc + L.customerCode[i]!, w - created[i]!);
  }
}
