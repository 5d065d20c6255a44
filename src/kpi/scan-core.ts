/** Accumulator layout, scan plan types and the helpers every scan loop shares. */

/** Accumulator fields, one block of NF numbers per group. */
export const F = {
  leads: 0,
  valid: 1,
  mql: 2,
  sql: 3,
  activations: 4,
  customers: 5,
  lost: 6,
  revenue: 7,
  pipeline: 8,
  spend: 9,
  cost: 10,
  acquisition: 11,
  impressions: 12,
  clicks: 13,
  mediaRows: 14,
  costRows: 15,
  /** Cost rows whose span the period cuts: counted for their share of days. */
  prorated: 16,
  /** Platform-reported leads and conversions, with the rows that carried a value (blank is not 0). */
  platformLeads: 17,
  platformLeadRows: 18,
  conversions: 19,
  conversionRows: 20,
  /** Media spend of the rows that carried a platform lead count / a conversion count. */
  platformLeadSpend: 21,
  conversionSpend: 22,
} as const;
export const NF = 23;

/** A filter compiled to codes: a row passes when allowed[codes[row]] is 1. */
export interface CodeFilter {
  codes: Int32Array;
  allowed: Uint8Array;
}

/** How rows map to groups; group `size` (one past the last) is the total. */
export type Grouping =
  | { kind: 'none'; size: 0 }
  // A side whose rows do not carry the dimension has null codes: its events count in the total only.
  | { kind: 'dimension'; size: number; leadCodes: Int32Array | null; costCodes: Int32Array | null }
  | { kind: 'time'; size: number; fromDay: number; dayToBucket: Int32Array };

export interface ScanPlan {
  fromDay: number;
  toDay: number;
  view: 'flow' | 'cohort';
  leadFilters: readonly CodeFilter[];
  costFilters: readonly CodeFilter[];
  /** False when a filter is on a dimension costs do not carry: costs are not scanned. */
  scanCosts: boolean;
  grouping: Grouping;
  /** Which parts to scan (PART flags); metrics needing a skipped part are not computed. */
  parts: number;
  /**
   * Cohort view: the last day a stage event is seen (the cohort observed at a given age); events
   * dated later are not yet reached. Absent: every event counts.
   */
  observedToDay?: number;
}

/** Per-group sums plus, for customers, (group, customer) and (group, cycle days) samples. */
export interface ScanResult {
  groups: number;
  acc: Float64Array;
  /** Keys group × customerCodes + customer code, one per customer event. */
  customerKeys: Float64Array;
  /** Cycle days per customer event, aligned with customerKeys. */
  cycleDays: Float64Array;
  customerEvents: number;
}

/** Where an event's count goes: the row's dimension code, the day's time bucket, or nowhere (total only). */
export interface Target {
  acc: Float64Array;
  total: number;
  fromDay: number;
  dimCodes: Int32Array | null;
  buckets: Int32Array | null;
  filters: readonly CodeFilter[];
}

export interface Customers {
  keys: Float64Array;
  cycles: Float64Array;
  n: number;
}

export const passes = (filters: readonly CodeFilter[], row: number): boolean => {
  for (let k = 0; k < filters.length; k++) {
    const f = filters[k]!;
    if (f.allowed[f.codes[row]!] !== 1) return false;
  }
  return true;
};

/** The accumulator block of a row's event on `day` (the total's block when ungrouped). */
export const blockOf = (t: Target, row: number, day: number): number =>
  t.dimCodes !== null
    ? t.dimCodes[row]! * NF
    : t.buckets !== null
      ? t.buckets[day - t.fromDay]! * NF
      : t.total;

export function add(t: Target, block: number, field: number, value: number): void {
  t.acc[t.total + field]! += value;
  if (block !== t.total) t.acc[block + field]! += value;
}

export function noteCustomer(out: Customers, key: number, cycle: number): void {
  if (out.n === out.keys.length) {
    out.keys = grow(out.keys);
    out.cycles = grow(out.cycles);
  }
  out.keys[out.n] = key;
  out.cycles[out.n] = cycle;
  out.n++;
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
