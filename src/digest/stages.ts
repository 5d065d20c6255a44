import { proportionChange } from '../kpi/stats.ts';
import type { DigestSettings, FunnelStep, StageDrop, StageId, StageItem } from './types.ts';

/** Funnel counts of one window (flow view: stage events dated in the window). */
export type StepCounts = Readonly<Record<FunnelStep, number>>;

const STAGES: readonly { id: StageId; from: FunnelStep; to: FunnelStep }[] = [
  { id: 'lead_to_valid', from: 'leads', to: 'valid' },
  { id: 'valid_to_mql', from: 'valid', to: 'mql' },
  { id: 'mql_to_sql', from: 'mql', to: 'sql' },
  { id: 'sql_to_customer', from: 'sql', to: 'customers' },
];

interface Comparison extends StageDrop {
  /** Large, significant and above the minimum volume on both sides. */
  qualifies: boolean;
}

/** The week's rate against a reference window's, through the shared change test (kpi/stats). */
function compare(
  x: number,
  n: number,
  xRef: number,
  nRef: number,
  against: StageDrop['against'],
  settings: DigestSettings,
): Comparison | null {
  const change = proportionChange(x, n, xRef, nRef, settings);
  if (change === null) return null;
  const { rate, reference, pValue } = change;
  if (reference <= 0 || rate >= reference) return null;
  const relative = (rate - reference) / reference;
  const qualifies = -relative >= settings.dropThreshold && change.significant && change.enoughVolume;
  return { relative, pValue, against, qualifies };
}

/** Engine rates come in percent; the digest keeps fractions. */
export type RateOf = (stage: StageId) => number | null;

/**
 * The four stage conversions of the week against the previous week and the baseline. A drop is
 * flagged only when it qualifies against every reference that has data (large, significant,
 * above the minimum volume), and never when a source behind it is stale.
 */
export function stageItems(
  week: { counts: StepCounts; rate: RateOf },
  previous: { counts: StepCounts; rate: RateOf },
  baseline: { counts: StepCounts; rate: RateOf } | null,
  settings: DigestSettings,
  stale: boolean,
): StageItem[] {
  return STAGES.map(({ id, from, to }) => {
    const n = week.counts[from];
    const x = week.counts[to];
    const vsPrevious = compare(x, n, previous.counts[to], previous.counts[from], 'previous', settings);
    const vsBaseline = baseline
      ? compare(x, n, baseline.counts[to], baseline.counts[from], 'baseline', settings)
      : null;
    const references = [previous.counts[from] > 0, baseline !== null && baseline.counts[from] > 0].filter(
      Boolean,
    );
    const comparisons = [vsPrevious, vsBaseline].filter((c): c is Comparison => c !== null);
    const all =
      references.length > 0 &&
      comparisons.length === references.length &&
      comparisons.every((c) => c.qualifies);
    const shown = vsBaseline ?? vsPrevious;
    return {
      id,
      from,
      to,
      rate: week.rate(id),
      previousRate: previous.rate(id),
      baselineRate: baseline ? baseline.rate(id) : null,
      volume: n,
      converted: x,
      drop: shown ? { relative: shown.relative, pValue: shown.pValue, against: shown.against } : null,
      flagged: all && !stale,
      stale,
    };
  });
}
