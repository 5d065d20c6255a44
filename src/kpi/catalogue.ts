import { foldLabel } from '../model/channel.ts';
import { FUNNEL_METRICS } from './catalogue-funnel.ts';
import { MONEY_METRICS } from './catalogue-money.ts';
import { METRIC_IDS, type MetricId } from './query.ts';

export type Unit = 'count' | 'percent' | 'money' | 'ratio' | 'days';
export type GoodDirection = 'up' | 'down' | 'neutral';
export interface Bilingual {
  en: string;
  fr: string;
}

/** One metric of SPEC section 3, as data. */
export interface MetricDef {
  id: MetricId;
  name: Bilingual;
  /**
   * The label of a table column, a chart axis or a header ("CPL", "MQL → SQL"): at most
   * SHORT_LABEL_MAX characters so it is never cut; the full name and formula go to the context
   * line and to help.
   */
  short: Bilingual;
  /** One line: what it tells you. */
  help: Bilingual;
  formula: Bilingual;
  unit: Unit;
  good: GoodDirection;
  /** Metrics (or counts) it is computed from. */
  inputs: readonly MetricId[];
  /** What users type for it besides the id (folded with foldLabel when matched). */
  aliases: readonly string[];
  /** Reveals revenue (subject to the access allow-list). */
  revenueSensitive: boolean;
  /** A rate or cost per unit: alerts need a minimum volume (of `volume`) before it may fire. */
  rate: boolean;
  /** The count whose size decides whether the rate means anything. */
  volume: MetricId | null;
  /** Needs spend: n/a when narrowed by a dimension costs do not carry. */
  costBased: boolean;
}

export type MetricSpec = Omit<MetricDef, 'id'>;

/** The longest short label (characters): what a table column or a phone-width header can hold. */
export const SHORT_LABEL_MAX = 13;

const SPECS: Record<MetricId, MetricSpec> = { ...FUNNEL_METRICS, ...MONEY_METRICS };

/** The catalogue in METRIC_IDS order. */
export const CATALOGUE: readonly MetricDef[] = METRIC_IDS.map((id) => ({ id, ...SPECS[id] }));

const BY_ID: ReadonlyMap<MetricId, MetricDef> = new Map(CATALOGUE.map((def) => [def.id, def]));

export function metricDef(id: MetricId): MetricDef {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`catalogue has no metric ${id}`); // unreachable: SPECS is total over MetricId
  return def;
}

/** Folded name/alias → metric id: ids, English and French names, and aliases. */
const BY_NAME: ReadonlyMap<string, MetricId> = (() => {
  const map = new Map<string, MetricId>();
  const add = (text: string, id: MetricId): void => {
    const key = foldMetricName(text);
    if (key !== '' && !map.has(key)) map.set(key, id);
  };
  for (const def of CATALOGUE) add(def.id, def.id);
  for (const def of CATALOGUE) for (const alias of def.aliases) add(alias, def.id);
  for (const def of CATALOGUE) {
    add(def.name.en, def.id);
    add(def.name.fr, def.id);
  }
  // What a table header says can be typed back ("CA", "Panier moyen"); names win a clash.
  for (const def of CATALOGUE) {
    add(def.short.en, def.id);
    add(def.short.fr, def.id);
  }
  return map;
})();

/** Folds a typed metric name: case, accents, `_`/`-`/`/`/`:` and spaces do not matter. */
export function foldMetricName(text: string): string {
  return foldLabel(text.replace(/[:/]/g, ' to ').replace(/×/g, 'x'));
}

/** The metric a user's word names (id, alias, English or French name), or null. */
export function findMetric(text: string): MetricId | null {
  return BY_NAME.get(foldMetricName(text)) ?? null;
}

/** Every word that names a metric (folded), for did-you-mean. */
export function metricVocabulary(): ReadonlyMap<string, MetricId> {
  return BY_NAME;
}

/** The stage counts and conversions the `funnel` shorthand stands for. */
export const FUNNEL: readonly MetricId[] = [
  'leads',
  'valid',
  'mql',
  'sql',
  'customers',
  'lead_to_valid',
  'valid_to_mql',
  'mql_to_sql',
  'sql_to_customer',
  'conv',
];
