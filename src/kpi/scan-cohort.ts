import { NULL_DAY } from '../shared/days.ts';
import { PART } from './parts.ts';
import { type Customers, F, NF, noteCustomer, passes, type Target } from './scan-core.ts';
import type { LeadColumns } from './snapshot.ts';

/**
 * Cohort view: leads created in the period and the stages they reached by day `until` (the
 * cohort's observation cut-off: events dated later are not reached yet), in one pass over
 * the contiguous rows lo..hi: each row's group block is found once, then every requested stage is
 * read from its column. Counts go to the total once at the end; amounts (revenue, pipeline) are
 * added to the total row by row, in row order. Customer events are noted into `out` when given.
 */
export function countCohort(
  L: LeadColumns,
  t: Target,
  lo: number,
  hi: number,
  parts: number,
  groups: number,
  nc: number,
  out: Customers | null,
  until: number,
): void {
  const { acc, dimCodes, buckets, fromDay, filters } = t;
  const total = t.total;
  const { created, valid, mql, sql, activated, lost, customer, marketing, pipeline, amount, customerCode } =
    L;
  const wantCreated = (parts & PART.created) !== 0;
  const wantMql = (parts & PART.mql) !== 0;
  const wantSql = (parts & PART.sql) !== 0;
  const wantActivated = (parts & PART.activated) !== 0;
  const wantLost = (parts & PART.lost) !== 0;
  const wantPipeline = (parts & PART.pipeline) !== 0;
  const wantCustomer = (parts & PART.customer) !== 0;
  const filtered = filters.length > 0;
  // One filter (the usual case) is read inline; more go through passes().
  const one = filters.length === 1 ? filters[0]! : null;
  const oneCodes = one?.codes;
  const oneAllowed = one?.allowed;
  let nLeads = 0;
  let nValid = 0;
  let nMql = 0;
  let nSql = 0;
  let nActivated = 0;
  let nLost = 0;
  let nCustomers = 0;
  for (let i = lo; i < hi; i++) {
    if (filtered) {
      if (one !== null) {
        if (oneAllowed![oneCodes![i]!] !== 1) continue;
      } else if (!passes(filters, i)) continue;
    }
    const b =
      dimCodes !== null ? dimCodes[i]! * NF : buckets !== null ? buckets[created[i]! - fromDay]! * NF : -1;
    const grouped = b >= 0;
    if (wantCreated) {
      const v = valid[i]!;
      nLeads++;
      nValid += v;
      if (grouped) {
        acc[b + F.leads]! += 1;
        if (v === 1) acc[b + F.valid]! += 1;
      }
    }
    if (wantMql && reached(mql[i]!, until)) {
      nMql++;
      if (grouped) acc[b + F.mql]! += 1;
    }
    if (wantSql && reached(sql[i]!, until)) {
      nSql++;
      if (grouped) acc[b + F.sql]! += 1;
    }
    if (wantActivated && reached(activated[i]!, until)) {
      nActivated++;
      if (grouped) acc[b + F.activations]! += 1;
    }
    if (wantLost && reached(lost[i]!, until)) {
      nLost++;
      if (grouped) acc[b + F.lost]! += 1;
    }
    const w = customer[i]!;
    const won = reached(w, until);
    // Open pipeline: neither won nor lost by the cut-off.
    if (wantPipeline && marketing[i] === 1 && !won && !reached(lost[i]!, until)) {
      const p = pipeline[i]!;
      acc[total + F.pipeline]! += p;
      if (grouped) acc[b + F.pipeline]! += p;
    }
    if (wantCustomer && won) {
      nCustomers++;
      const a = amount[i]!;
      acc[total + F.revenue]! += a;
      if (grouped) {
        acc[b + F.customers]! += 1;
        acc[b + F.revenue]! += a;
      }
      if (out !== null)
        noteCustomer(out, (grouped ? b / NF : groups) * nc + customerCode[i]!, w - created[i]!);
    }
  }
  if (wantCreated) {
    acc[total + F.leads]! += nLeads;
    acc[total + F.valid]! += nValid;
  }
  if (wantMql) acc[total + F.mql]! += nMql;
  if (wantSql) acc[total + F.sql]! += nSql;
  if (wantActivated) acc[total + F.activations]! += nActivated;
  if (wantLost) acc[total + F.lost]! += nLost;
  if (wantCustomer) acc[total + F.customers]! += nCustomers;
}

/** A stage dated on or before the cut-off day. */
function reached(day: number, until: number): boolean {
  return day !== NULL_DAY && day <= until;
}
