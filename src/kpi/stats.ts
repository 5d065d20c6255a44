import { errorFunction } from 'simple-statistics';

/** Median of numbers sorted ascending (null when empty). */
export function medianSorted(sorted: ArrayLike<number>, from = 0, to = sorted.length): number | null {
  const n = to - from;
  if (n <= 0) return null;
  const mid = from + (n >> 1);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Mean of a slice (null when empty). */
export function mean(values: ArrayLike<number>, from = 0, to = values.length): number | null {
  if (to <= from) return null;
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return sum / (to - from);
}

/** Median of any numbers (null when empty). */
export function median(values: ArrayLike<number>): number | null {
  return medianSorted(Float64Array.from(values).sort());
}

export interface ZTest {
  /** Difference of proportions p2 − p1. */
  diff: number;
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * Two-proportion z-test (pooled): did x2/n2 differ from x1/n1 beyond chance? Null when a
 * sample is empty or the pooled proportion is 0 or 1 (no variance to test against).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  if (!(variance > 0)) return null;
  const z = (p2 - p1) / Math.sqrt(variance);
  // erfc(|z|/√2) is the two-sided tail. simple-statistics' cumulativeStdNormalProbability reads a
  // printed z-table (steps of 0.01, capped at 0.9999) and so floors p near 0.002; erf does not.
  const pValue = Math.min(1, Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));
  return { diff: p2 - p1, z, pValue };
}

/** The two settings of the change test: significance level and minimum volume on each side. */
export interface ProportionTestSettings {
  alpha: number;
  minVolume: number;
}

export interface ProportionChange {
  /** x / n, capped at 1. */
  rate: number;
  /** xRef / nRef, capped at 1. */
  reference: number;
  /** Two-sided p-value of the two-proportion z-test (1 when there is no variance to test). */
  pValue: number;
  /** pValue < alpha. */
  significant: boolean;
  /** Both samples hold at least minVolume. */
  enoughVolume: boolean;
}

/**
 * Did a rate x / n move from the reference xRef / nRef beyond chance, on enough volume? The
 * test behind the digest's stage-drop flags and the noise note of `why`. Events are dated
 * independently in the flow view, so a stage can count more conversions than entries: the
 * successes are capped at n. Null when a side is empty.
 */
export function proportionChange(
  x: number,
  n: number,
  xRef: number,
  nRef: number,
  settings: ProportionTestSettings,
): ProportionChange | null {
  if (n <= 0 || nRef <= 0) return null;
  const test = twoProportionZTest(Math.min(xRef, nRef), nRef, Math.min(x, n), n);
  const pValue = test?.pValue ?? 1;
  return {
    rate: Math.min(1, x / n),
    reference: Math.min(1, xRef / nRef),
    pValue,
    significant: pValue < settings.alpha,
    enoughVolume: n >= settings.minVolume && nRef >= settings.minVolume,
  };
}
