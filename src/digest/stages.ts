import { proportionChange } from '../kpi/stats.ts';
import { type StageCohort, stageLag } from './stage-cohort.ts';
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

/** One window's stage cohort: leads that reached X in it, and those that reached X+1 within the lag. */
export type CohortOf = (stage: StageId) => StageCohort;
const rateOf = (c: StageCohort): number | null => (c.reached > 0 ? c.converted / c.reached : null);

/**
 * The four stage conversions of the week against the previous week and the baseline. A drop is
 * flagged only when it qualifies against every reference that has data (large, significant,
 * above the minimum volume), and never when a source behind it is stale.
 */
export function stageItems(
  week: CohortOf,
  previous: CohortOf,
  baseline: CohortOf | null,
  settings: DigestSettings,
  stale: boolean,
  observedDays: number,
): StageItem[] {
  return STAGES.map(({ id, from, to }) => {
    const w = week(id);
    const p = previous(id);
    const b = baseline ? baseline(id) : null;
    const n = w.reached;
    const x = w.converted;
    const vsPrevious = compare(x, n, p.converted, p.reached, 'previous', settings);
    const vsBaseline = b ? compare(x, n, b.converted, b.reached, 'baseline', settings) : null;
    const references = [p.reached > 0, b !== null && b.reached > 0].filter(Boolean);
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
      rate: rateOf(w),
      previousRate: rateOf(p),
      baselineRate: b ? rateOf(b) : null,
      lagDays: stageLag(settings.stageLagDays, id),
      observedDays: Math.max(0, observedDays),
      volume: n,
      converted: x,
      drop: shown ? { relative: shown.relative, pValue: shown.pValue, against: shown.against } : null,
      flagged: all && !stale,
      stale,
    };
  });
}
