import { ALL_PARTS, PART } from './parts.ts';
import type { ScanResult } from './scan.ts';
import { mean, medianSorted } from './stats.ts';

/** Distinct customers and time-to-convert per group (index `groups` is the total). */
export interface GroupStats {
  distinctCustomers: Float64Array;
  cycleMedian: Float64Array;
  cycleMean: Float64Array;
}

const CYCLE_SPAN = 4_194_304; // 2^22 days: room for any cycle, shifted to be non-negative
const CYCLE_SHIFT = CYCLE_SPAN / 2;

/**
 * Derives the per-group statistics that need more than a sum, from the customer events: the
 * distinct customers only when `parts` has PART.distinct, the cycle only with PART.cycle (the
 * others stay 0 / NaN; their metrics are then not requested).
 */
export function groupStats(scan: ScanResult, customerCodes: number, parts: number = ALL_PARTS): GroupStats {
  const n = scan.groups + 1;
  const distinctCustomers = new Float64Array(n);
  const cycleMedian = new Float64Array(n).fill(Number.NaN);
  const cycleMean = new Float64Array(n).fill(Number.NaN);
  const events = scan.customerEvents;
  if (events === 0) return { distinctCustomers, cycleMedian, cycleMean };
  const nc = Math.max(1, customerCodes);
  const groupOf = (key: number): number => Math.floor(key / nc);

  if (parts & PART.distinct) {
    // Distinct customers: per group from the sorted keys, overall from the sorted codes.
    const keys = scan.customerKeys.slice().sort();
    // Ungrouped, every key is in the total's group: the sorted keys are already sorted codes.
    const codes = scan.groups > 0 ? new Float64Array(events) : keys;
    if (scan.groups > 0) {
      for (let i = 0; i < events; i++) {
        const key = keys[i]!;
        if (i === 0 || key !== keys[i - 1]) distinctCustomers[groupOf(key)]! += 1;
        codes[i] = key - groupOf(key) * nc;
      }
      codes.sort();
    }
    let distinct = 0;
    for (let i = 0; i < events; i++) if (i === 0 || codes[i] !== codes[i - 1]) distinct++;
    distinctCustomers[scan.groups] = distinct;
  }
  if ((parts & PART.cycle) === 0) return { distinctCustomers, cycleMedian, cycleMean };

  // Time to convert: sort (group, days) pairs, then take each group's run.
  const days = scan.cycleDays.slice().sort();
  cycleMedian[scan.groups] = medianSorted(days) ?? Number.NaN;
  cycleMean[scan.groups] = mean(days) ?? Number.NaN;
  if (scan.groups > 0) {
    const pairs = new Float64Array(events);
    for (let i = 0; i < events; i++) {
      pairs[i] = groupOf(scan.customerKeys[i]!) * CYCLE_SPAN + scan.cycleDays[i]! + CYCLE_SHIFT;
    }
    pairs.sort();
    const values = new Float64Array(events);
    for (let i = 0; i < events; i++) values[i] = (pairs[i]! % CYCLE_SPAN) - CYCLE_SHIFT;
    let start = 0;
    for (let i = 1; i <= events; i++) {
      const g = Math.floor(pairs[start]! / CYCLE_SPAN);
      if (i === events || Math.floor(pairs[i]! / CYCLE_SPAN) !== g) {
        cycleMedian[g] = medianSorted(values, start, i) ?? Number.NaN;
        cycleMean[g] = mean(values, start, i) ?? Number.NaN;
        start = i;
      }
    }
  }
  return { distinctCustomers, cycleMedian, cycleMean };
}
