import { NF, type ScanResult } from './scan-core.ts';
import { fieldsAt, type WhyTerm } from './why-terms.ts';

/** One group's part of a change between two scans grouped alike. */
export interface GroupSplit {
  /** What the group adds to (current − previous) of the whole scope. */
  contribution: number;
  /** Ratios: the part due to the group's share of the denominator moving; null for sums. */
  mix: number | null;
  /** Ratios: the part due to the group's own ratio moving; null for sums. mix + rate = contribution. */
  rate: number | null;
  /** The group's own value in each period (null for a ratio whose denominator is 0). */
  value: number | null;
  previous: number | null;
  /** Ratios: the larger of the group's volumes (leads for CPL…) in the two periods; null for sums. */
  volume: number | null;
  /** The group holds anything the metric reads, in either period. */
  active: boolean;
}

/**
 * Splits the change of a metric between `before` and `after` (two scans with the same
 * grouping) into each group's contribution; the contributions add up to the total change.
 *
 * A sum splits directly: the group's value after minus before.
 *
 * A ratio R = s × Σ nᵢ / Σ dᵢ = s × Σ wᵢ rᵢ (wᵢ = dᵢ / D the group's share of the denominator,
 * rᵢ = nᵢ / dᵢ its own ratio) splits by shift-share with midpoint weights (the symmetric, Bennet
 * decomposition): s (w₁ r₁ − w₀ r₀) = s (w₁ − w₀)(r₀ + r₁)/2 [mix] + s (r₁ − r₀)(w₀ + w₁)/2 [rate],
 * exactly, with no residual term. A group with no denominator in one period (a campaign that
 * starts or stops) is all mix; a numerator with no denominator (spend that brought no lead)
 * counts as rate.
 *
 * The totals' denominators must be non-zero (the caller checks the metric has a value).
 */
export function splitGroups(term: WhyTerm, before: ScanResult, after: ScanResult): GroupSplit[] {
  const groups = after.groups;
  const out: GroupSplit[] = [];
  if (term.kind === 'sum') {
    for (let g = 0; g < groups; g++) {
      const v0 = fieldsAt(before.acc, g * NF, term.fields);
      const v1 = fieldsAt(after.acc, g * NF, term.fields);
      out.push({
        contribution: v1 - v0,
        mix: null,
        rate: null,
        value: v1,
        previous: v0,
        volume: null,
        active: v0 !== 0 || v1 !== 0,
      });
    }
    return out;
  }
  const { num, den, scale, volume } = term;
  const D0 = fieldsAt(before.acc, before.groups * NF, den);
  const D1 = fieldsAt(after.acc, after.groups * NF, den);
  for (let g = 0; g < groups; g++) {
    const n0 = fieldsAt(before.acc, g * NF, num);
    const d0 = fieldsAt(before.acc, g * NF, den);
    const n1 = fieldsAt(after.acc, g * NF, num);
    const d1 = fieldsAt(after.acc, g * NF, den);
    // The group's terms of each period's ratio: n / D (= w × r when d > 0).
    const t0 = n0 / D0;
    const t1 = n1 / D1;
    let mix: number;
    let rate: number;
    if (d0 > 0 && d1 > 0) {
      const w0 = d0 / D0;
      const w1 = d1 / D1;
      const r0 = n0 / d0;
      const r1 = n1 / d1;
      mix = (scale * ((w1 - w0) * (r0 + r1))) / 2;
      rate = (scale * ((r1 - r0) * (w0 + w1))) / 2;
    } else {
      // Entering (or leaving) the denominator is mix; a numerator without denominator is rate.
      mix = scale * ((d1 > 0 ? t1 : 0) - (d0 > 0 ? t0 : 0));
      rate = scale * ((d1 > 0 ? 0 : t1) - (d0 > 0 ? 0 : t0));
    }
    out.push({
      contribution: scale * (t1 - t0),
      mix,
      rate,
      value: d1 > 0 ? (scale * n1) / d1 : null,
      previous: d0 > 0 ? (scale * n0) / d0 : null,
      volume: Math.max(before.acc[g * NF + volume]!, after.acc[g * NF + volume]!),
      active: n0 !== 0 || d0 !== 0 || n1 !== 0 || d1 !== 0,
    });
  }
  return out;
}
