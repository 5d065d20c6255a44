import type { NaCode } from '../kpi/result.ts';
import type { Comparator } from './rules.ts';

export type AlertStatus = 'ok' | 'pending' | 'firing' | 'resolved';

/** The persisted state of one rule in one scope (table alert_state). */
export interface AlertState {
  status: AlertStatus;
  /** When the current status began (epoch ms). */
  since: number;
  /** The incident (firing start, epoch ms) while firing or just resolved; null otherwise. */
  incidentAt: number | null;
  lastValue: number | null;
  lastThreshold: number | null;
  /** The threshold the current (or last) incident fired at: a relative threshold moves after. */
  firedThreshold: number | null;
  /** The worst value seen during the current (or last) incident (highest for >, lowest for <). */
  peakValue: number | null;
  /** Last notification of the current incident (its first message or a repeat). */
  lastNotifiedAt: number | null;
  notifyCount: number;
  snoozedUntil: number | null;
  muted: boolean;
  /**
   * The missing input last reported for this rule and scope (no revenue, no stage dates in the
   * data), null while the metric has a value: the n/a notice is posted once, not every evaluation.
   */
  naCode: NaCode | null;
}

/** What a rule measured in one scope. Null value or threshold: not computable (no data). */
export interface Observation {
  scope: string;
  /** Human words for the scope (data values, escaped when rendered). */
  scopeLabel: string;
  value: number | null;
  threshold: number | null;
  /** The volume behind a rate (leads for CPL); null when the metric is not a rate. */
  volume: number | null;
  /** Why the value is null when no loaded source has the column the metric needs (MISSING_INPUT). */
  na?: NaCode;
  /** What `na` makes n/a: the metric (default) or the threshold (CAC against a CLV modelled from revenue). */
  naOf?: 'value' | 'threshold';
  /** A stage conversion measured as a cohort: the lag it was counted within, in days. */
  lagDays?: number;
}

/** The parts of a rule the state machine reads. */
export interface EvaluationRule {
  comparator: Comparator;
  pendingForMs: number;
  renotifyMs: number;
  /** A rate or cost per unit needs this volume before it may fire; 0 for counts. */
  minVolume: number;
}

/**
 * fire: post the incident's message; repeat: a reply in its thread; resolve: update it + one reply;
 * unavailable: one message saying the metric is n/a and why (no revenue in the data…).
 */
export type AlertAction = 'none' | 'fire' | 'repeat' | 'resolve' | 'unavailable';

export interface Evaluation {
  next: AlertState;
  action: AlertAction;
  /** Why a breach did not count (for logs and `alerts` listings). */
  quiet?: 'below_min_volume' | 'no_data' | 'missing_input';
}

export const INITIAL_STATE: AlertState = {
  status: 'ok',
  since: 0,
  incidentAt: null,
  lastValue: null,
  lastThreshold: null,
  firedThreshold: null,
  peakValue: null,
  lastNotifiedAt: null,
  notifyCount: 0,
  snoozedUntil: null,
  muted: false,
  naCode: null,
};

/** The worse of two values for a comparator (the peak of a breach). */
export function worse(a: number | null, b: number, comparator: Comparator): number {
  if (a === null) return b;
  return comparator === '>' || comparator === '>=' ? Math.max(a, b) : Math.min(a, b);
}

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/** True when notifications are allowed now (not muted, not snoozed). */
export const notifiable = (state: AlertState, now: number): boolean =>
  !state.muted && (state.snoozedUntil === null || state.snoozedUntil <= now);

/**
 * The alert state machine, pure: ok → pending (the condition must hold for `pendingForMs`) →
 * firing → resolved, and the one notification each step calls for. Under the minimum volume
 * a rate never breaches; with no data nothing changes. Snoozed or muted alerts change state
 * but stay silent; a firing alert that was never announced is announced when the snooze ends.
 */
export function evaluate(state: AlertState, rule: EvaluationRule, obs: Observation, now: number): Evaluation {
  // The metric has a value again: a later missing input is news, and is reported again.
  const measured = { ...state, lastValue: obs.value, lastThreshold: obs.threshold, naCode: null };
  if (obs.na !== undefined && (obs.value === null || obs.threshold === null)) {
    // No loaded source has what the metric needs: neither a breach nor a recovery. The status
    // stays; the n/a and its reason are said once, and said when a snooze ends if it was not yet.
    const news = state.naCode !== obs.na && notifiable(state, now);
    return {
      next: { ...state, naCode: news ? obs.na : state.naCode },
      action: news ? 'unavailable' : 'none',
      quiet: 'missing_input',
    };
  }
  if (obs.value === null || obs.threshold === null) {
    return { next: { ...state }, action: 'none', quiet: 'no_data' };
  }
  const lowVolume = obs.volume !== null && obs.volume < rule.minVolume;
  const breach = !lowVolume && compare(obs.value, rule.comparator, obs.threshold);
  const quiet =
    lowVolume && compare(obs.value, rule.comparator, obs.threshold) ? 'below_min_volume' : undefined;
  const loud = notifiable(state, now);
  const fire = (): Evaluation => ({
    next: {
      ...measured,
      status: 'firing',
      since: now,
      incidentAt: now,
      firedThreshold: obs.threshold,
      peakValue: obs.value,
      lastNotifiedAt: loud ? now : null,
      notifyCount: loud ? 1 : 0,
    },
    action: loud ? 'fire' : 'none',
  });
  const withQuiet = (e: Evaluation): Evaluation => (quiet ? { ...e, quiet } : e);

  switch (state.status) {
    case 'ok':
    case 'resolved':
      if (!breach) return withQuiet({ next: measured, action: 'none' });
      if (rule.pendingForMs <= 0) return fire();
      return { next: { ...measured, status: 'pending', since: now, incidentAt: null }, action: 'none' };
    case 'pending':
      if (!breach) return withQuiet({ next: { ...measured, status: 'ok', since: now }, action: 'none' });
      return now - state.since >= rule.pendingForMs ? fire() : { next: measured, action: 'none' };
    case 'firing': {
      const peakValue = breach ? worse(state.peakValue, obs.value, rule.comparator) : state.peakValue;
      const firing = { ...measured, peakValue };
      if (!breach) {
        const announced = state.lastNotifiedAt !== null;
        return withQuiet({
          next: { ...measured, status: 'resolved', since: now },
          action: announced && !state.muted ? 'resolve' : 'none',
        });
      }
      if (!loud) return { next: firing, action: 'none' };
      if (state.lastNotifiedAt === null) {
        return { next: { ...firing, lastNotifiedAt: now, notifyCount: 1 }, action: 'fire' };
      }
      if (now - state.lastNotifiedAt >= rule.renotifyMs) {
        return {
          next: { ...firing, lastNotifiedAt: now, notifyCount: state.notifyCount + 1 },
          action: 'repeat',
        };
      }
      return { next: firing, action: 'none' };
    }
  }
}
