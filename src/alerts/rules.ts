import type { AlertRuleSpec } from '../command/types.ts';
import { metricDef } from '../kpi/catalogue.ts';
import type { Filter, MetricId, PeriodSpec } from '../kpi/query.ts';

export type Comparator = '>' | '>=' | '<' | '<=';

/**
 * What the value is compared with: a number in the metric's unit, a relative change against
 * the baseline (the previous window: 0.2 = 20 % above it, -0.5 = half of it), or a target
 * (CLV / the LTV:CAC target ratio, for CAC).
 */
export type Threshold =
  | { kind: 'absolute'; value: number }
  | { kind: 'relative'; change: number }
  | { kind: 'target'; target: 'clv_ratio' };

interface RuleBase {
  id: string;
  /** The Slack channel id the alert posts to. */
  channel: string;
  /** The condition must hold this long before the alert fires (0: at once). */
  pendingForMs: number;
  /** Minimum time between two notifications of one incident (repeats go in its thread). */
  renotifyMs: number;
}

/** A threshold on a catalogue metric over a window and a scope. */
export interface MetricRule extends RuleBase {
  kind: 'metric';
  metric: MetricId;
  comparator: Comparator;
  threshold: Threshold;
  filters: readonly Filter[];
  window: PeriodSpec;
  /**
   * For a rate or a cost per unit: below this volume (of the catalogue's `volume` metric, e.g.
   * leads for CPL) it never fires. No CPL alert on 3 leads.
   */
  minVolume: number;
}

/** Built-in: a source (an import origin) not refreshed for `maxAgeHours`. */
export interface StaleSourceRule extends RuleBase {
  kind: 'stale_source';
  maxAgeHours: number;
}

/**
 * Built-in: lead volume collapsing (a broken form). Yesterday's leads below `ratio` of the
 * average of the same weekday over the previous `weeks` weeks; quiet when that average is
 * under `minBaseline` (too few leads to tell).
 */
export interface LeadCollapseRule extends RuleBase {
  kind: 'lead_collapse';
  ratio: number;
  weeks: number;
  minBaseline: number;
  filters: readonly Filter[];
}

export type AlertRule = MetricRule | StaleSourceRule | LeadCollapseRule;

/** Defaults for rules that do not say. */
export const RULE_DEFAULTS = {
  window: { kind: 'last-days', days: 7 } as PeriodSpec,
  pendingForMs: 0,
  renotifyMs: 24 * 3600_000,
  minVolume: 30,
  staleAfterHours: 48,
  collapseRatio: 0.2,
  collapseWeeks: 4,
  collapseMinBaseline: 10,
} as const;

/** True when the metric is a rate or a cost per unit (its alerts need a minimum volume). */
export function isRateMetric(metric: MetricId): boolean {
  return metricDef(metric).rate;
}

/** The count whose size decides whether a rate means anything (leads for CPL), if any. */
function thresholdOf(spec: AlertRuleSpec['threshold']): Threshold {
  if (typeof spec === 'number') return { kind: 'absolute', value: spec };
  if ('relative' in spec) return { kind: 'relative', change: spec.relative };
  return { kind: 'target', target: spec.target };
}

/**
 * The rule a `/kpi alerts add …` command describes. `channel` is where it posts (the command's
 * channel when the text names none), resolved to a channel id by the caller.
 */
export function ruleFromSpec(id: string, spec: AlertRuleSpec, channel: string): MetricRule {
  return {
    kind: 'metric',
    id,
    channel,
    metric: spec.metric,
    comparator: spec.op,
    threshold: thresholdOf(spec.threshold),
    filters: spec.filters,
    window: spec.window ?? RULE_DEFAULTS.window,
    pendingForMs: spec.pendingMs ?? RULE_DEFAULTS.pendingForMs,
    renotifyMs: spec.renotifyMs ?? RULE_DEFAULTS.renotifyMs,
    minVolume: RULE_DEFAULTS.minVolume,
  };
}

/** A rule as the YAML config writes it (see src/config): the same fields, with defaults. */
export interface ConfigRule {
  id: string;
  channel: string;
  kind?: 'metric' | 'stale_source' | 'lead_collapse';
  metric?: MetricId;
  op?: Comparator;
  threshold?: AlertRuleSpec['threshold'];
  filters?: readonly Filter[];
  window?: PeriodSpec;
  pendingForMs?: number;
  renotifyMs?: number;
  minVolume?: number;
  maxAgeHours?: number;
  ratio?: number;
  weeks?: number;
  minBaseline?: number;
}

/** The rule a config entry describes; null when a metric rule lacks its metric, op or threshold. */
export function ruleFromConfig(entry: ConfigRule): AlertRule | null {
  const base = {
    id: entry.id,
    channel: entry.channel,
    pendingForMs: entry.pendingForMs ?? RULE_DEFAULTS.pendingForMs,
    renotifyMs: entry.renotifyMs ?? RULE_DEFAULTS.renotifyMs,
  };
  switch (entry.kind ?? 'metric') {
    case 'stale_source':
      return {
        ...base,
        kind: 'stale_source',
        maxAgeHours: entry.maxAgeHours ?? RULE_DEFAULTS.staleAfterHours,
      };
    case 'lead_collapse':
      return {
        ...base,
        kind: 'lead_collapse',
        ratio: entry.ratio ?? RULE_DEFAULTS.collapseRatio,
        weeks: entry.weeks ?? RULE_DEFAULTS.collapseWeeks,
        minBaseline: entry.minBaseline ?? RULE_DEFAULTS.collapseMinBaseline,
        filters: entry.filters ?? [],
      };
    default:
      if (!entry.metric || !entry.op || entry.threshold === undefined) return null;
      return {
        ...base,
        kind: 'metric',
        metric: entry.metric,
        comparator: entry.op,
        threshold: thresholdOf(entry.threshold),
        filters: entry.filters ?? [],
        window: entry.window ?? RULE_DEFAULTS.window,
        minVolume: entry.minVolume ?? RULE_DEFAULTS.minVolume,
      };
  }
}

/** The built-in rules of SPEC section 6, posting to `channel`. */
export function builtinRules(
  channel: string,
  options: { staleAfterHours?: number; collapseRatio?: number } = {},
): AlertRule[] {
  return [
    {
      kind: 'stale_source',
      id: 'builtin:stale_source',
      channel,
      pendingForMs: 0,
      renotifyMs: RULE_DEFAULTS.renotifyMs,
      maxAgeHours: options.staleAfterHours ?? RULE_DEFAULTS.staleAfterHours,
    },
    {
      kind: 'lead_collapse',
      id: 'builtin:lead_collapse',
      channel,
      pendingForMs: 0,
      renotifyMs: RULE_DEFAULTS.renotifyMs,
      ratio: options.collapseRatio ?? RULE_DEFAULTS.collapseRatio,
      weeks: RULE_DEFAULTS.collapseWeeks,
      minBaseline: RULE_DEFAULTS.collapseMinBaseline,
      filters: [],
    },
  ];
}

/** The scope key of a set of filters: stable whatever the order ('' for everything). */
export function scopeKey(filters: readonly Filter[]): string {
  return [...filters]
    .map((f) => `${f.dimension}=${[...f.values].sort().join('|')}`)
    .sort()
    .join(';');
}
