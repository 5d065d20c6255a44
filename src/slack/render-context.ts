import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { metricDef } from '../kpi/catalogue.ts';
import { formatNumber } from '../kpi/format.ts';
import type { MetricId } from '../kpi/query.ts';
import type { Currency } from '../model/money.ts';
import type { MetricInfo, MetricUnit, RenderContext } from './blocks/types.ts';

/**
 * A number for humans in this locale, through the engine's formatting: 1 234,56 € / €1,234.56;
 * percentages are in percent units (the engine's rates are × 100): 12,5 % / 12.5%.
 */
export function formatValue(
  locale: Locale,
  value: number | null,
  unit: MetricUnit,
  currency: Currency,
): string {
  if (value === null || !Number.isFinite(value)) return t(locale, 'common.na');
  return formatNumber(value, unit, locale, currency);
}

/** The catalogue entry as the renderers see it, in one language. */
export function metricInfo(id: MetricId, locale: Locale): MetricInfo {
  const def = metricDef(id);
  return {
    id,
    name: def.name[locale],
    short: def.short[locale],
    formula: def.formula[locale],
    unit: def.unit,
    better: def.good === 'neutral' ? 'none' : def.good,
    sensitive: def.revenueSensitive,
  };
}

/** The render context for one reply: the catalogue and the formatting of this locale. */
export function createRenderContext(
  locale: Locale,
  freshness: number | null,
  maxRows?: number,
): RenderContext {
  return {
    locale,
    metric: (id) => metricInfo(id, locale),
    format: (value, unit, currency) => formatValue(locale, value, unit, currency),
    freshness,
    ...(maxRows !== undefined ? { maxRows } : {}),
  };
}
