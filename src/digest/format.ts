import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { type GoodDirection, metricDef } from '../kpi/catalogue.ts';
import { formatCount, formatDecimal, formatMoney, formatPercent } from '../shared/number-format.ts';
import type { HeadlineMetric } from './types.ts';

/** A headline metric's value in its unit; "n/a" for null. */
export function formatMetric(
  metric: HeadlineMetric,
  value: number | null,
  currency: string,
  locale: Locale,
): string {
  if (value === null) return t(locale, 'common.na');
  switch (metric) {
    case 'spend':
    case 'revenue':
    case 'cpl':
    case 'cac':
      return formatMoney(value, currency, locale);
    case 'roi':
      return formatPercent(value, locale, 0);
    case 'ltv_cac':
      return `${formatDecimal(value, locale, 1)}×`;
    default:
      return formatCount(value, locale);
  }
}

/** Whether a rise of the metric is good news: the catalogue's "better" direction. */
export function goodDirection(metric: HeadlineMetric): GoodDirection {
  return metricDef(metric).good;
}
