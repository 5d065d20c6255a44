import type { Locale } from '../../i18n/locale.ts';
import type { MetricId } from '../../kpi/query.ts';
import type { Currency } from '../../model/money.ts';

export type MetricUnit = 'count' | 'money' | 'percent' | 'ratio' | 'days';

/** What a renderer needs to know about a metric (from the engine's catalogue). */
export interface MetricInfo {
  id: MetricId;
  name: string;
  /** The catalogue's short label ("CPL", "MQL → SQL"): table columns and headers. */
  short: string;
  formula: string;
  unit: MetricUnit;
  /** Which way is good: a CPL going down is good, leads going up is good. */
  better: 'up' | 'down' | 'none';
  /** Revenue-sensitive metrics are subject to the access allow-list. */
  sensitive: boolean;
}

/**
 * Everything a pure renderer needs besides its data: the language, the metric catalogue
 * and the locale formatting (both from the engine), and the data freshness.
 */
export interface RenderContext {
  locale: Locale;
  metric(id: MetricId): MetricInfo;
  /** A number for humans in this locale: 1 234,56 € / €1,234.56, 12,5 % / 12.5%. */
  format(value: number | null, unit: MetricUnit, currency: Currency): string;
  /** Epoch ms of the newest data, or null when unknown. */
  freshness: number | null;
  /** Rows shown before the table is cut to "others" (15 by default). */
  maxRows?: number;
}
