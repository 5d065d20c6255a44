import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Currency } from '../model/money.ts';
import { numberFormat } from '../shared/intl.ts';
import { metricDef, type Unit } from './catalogue.ts';
import type { MetricId } from './query.ts';
import type { MetricDelta, MetricValue } from './result.ts';

const INTL: Record<Locale, string> = { en: 'en-US', fr: 'fr-FR' };
/** Intl uses narrow no-break spaces in French; plain no-break spaces read the same in Slack and terminals. */
const tidy = (text: string): string => text.replace(/\u202f/g, '\u00a0');

/** A number in a unit: en "€1,234.56", "23.3%"; fr "1 234,56 €", "23,3 %". */
export function formatNumber(value: number, unit: Unit, locale: Locale, currency: Currency): string {
  switch (unit) {
    case 'money': {
      const digits = Math.abs(value) >= 100_000 ? 0 : 2;
      return tidy(
        numberFormat(INTL[locale], {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(value),
      );
    }
    case 'percent':
      return tidy(
        numberFormat(INTL[locale], { style: 'percent', maximumFractionDigits: 1 }).format(value / 100),
      );
    case 'ratio':
      return tidy(numberFormat(INTL[locale], { maximumFractionDigits: 2 }).format(value));
    case 'days':
      return `${tidy(numberFormat(INTL[locale], { maximumFractionDigits: 1 }).format(value))}\u00a0${t(locale, value === 1 ? 'kpi.unit.day' : 'kpi.unit.days')}`;
    case 'count':
      return tidy(numberFormat(INTL[locale], { maximumFractionDigits: 0 }).format(value));
  }
}

/** A metric's value, or "n/a" (the reason goes beside it with formatNa). */
export function formatValue(id: MetricId, v: MetricValue, locale: Locale, currency: Currency): string {
  if (v.value === null) return t(locale, 'common.na');
  const text = formatNumber(v.value, metricDef(id).unit, locale, currency);
  return id === 'ltv_cac' ? `${text}:1` : text;
}

/**
 * A metric's value for a narrow column or a headline: money without cents from 100 up (as the
 * digest shows it) and in millions from 1 000 000 up, rates to one decimal under 10 %, counts and
 * money in millions (`€1.2M`, `1,2 M€`) from 1 000 000 up. "n/a" for an n/a value.
 */
export function formatCompact(id: MetricId, v: MetricValue, locale: Locale, currency: Currency): string {
  if (v.value === null) return t(locale, 'common.na');
  const value = v.value;
  const unit = metricDef(id).unit;
  const big = Math.abs(value) >= 1_000_000;
  switch (unit) {
    case 'money': {
      const digits = Math.abs(value) >= 100 ? 0 : 2;
      const options: Intl.NumberFormatOptions = big
        ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }
        : { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits };
      return tidy(numberFormat(INTL[locale], options).format(value));
    }
    case 'count':
      return big
        ? tidy(numberFormat(INTL[locale], { notation: 'compact', maximumFractionDigits: 1 }).format(value))
        : formatNumber(value, unit, locale, currency);
    case 'percent': {
      const digits = Math.abs(value) < 10 ? 1 : 0;
      return tidy(
        numberFormat(INTL[locale], {
          style: 'percent',
          maximumFractionDigits: digits,
        }).format(value / 100),
      );
    }
    case 'ratio':
      return formatValue(id, v, locale, currency);
    case 'days':
      return `${tidy(numberFormat(INTL[locale], { maximumFractionDigits: 0 }).format(value))} ${t(locale, 'kpi.unit.days_short')}`;
  }
}

/** The localized reason of an n/a value, or null when the value is a number. */
export function formatNa(v: MetricValue, locale: Locale): string | null {
  return v.na ? t(locale, v.na.messageKey) : null;
}

/**
 * A change with its sign: percentages change by points ("+2.1 pts"), other units by their
 * own amount ("+€120.00"), followed by the relative change when known ("(+12.5%)").
 */
export function formatDelta(id: MetricId, d: MetricDelta, locale: Locale, currency: Currency): string {
  if (d.abs === null) return t(locale, 'common.na');
  const unit = metricDef(id).unit;
  const sign = d.abs > 0 ? '+' : d.abs < 0 ? '−' : '±';
  const abs =
    unit === 'percent'
      ? `${sign}${t(locale, 'kpi.unit.points', { value: formatNumber(Math.abs(d.abs), 'ratio', locale, currency) })}`
      : `${sign}${formatNumber(Math.abs(d.abs), unit === 'days' ? 'ratio' : unit, locale, currency)}`;
  if (d.rel === null || unit === 'percent') return abs;
  const relSign = d.rel > 0 ? '+' : d.rel < 0 ? '−' : '±';
  return `${abs} (${relSign}${formatNumber(Math.abs(d.rel), 'percent', locale, currency)})`;
}
