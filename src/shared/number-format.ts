import type { Locale } from '../i18n/locale.ts';
import { numberFormat } from './intl.ts';

/**
 * Plain number formatting shared by the digest and alert renderers (Block Kit and text).
 * Values are raw: money in the workspace currency, rates and relative deltas as fractions.
 */
const TAG: Record<Locale, string> = { en: 'en-US', fr: 'fr-FR' };

export function formatCount(value: number, locale: Locale): string {
  return numberFormat(TAG[locale], { maximumFractionDigits: 0 }).format(value);
}

export function formatMoney(value: number, currency: string, locale: Locale): string {
  const digits = value === 0 || Math.abs(value) >= 100 ? 0 : 2;
  try {
    return numberFormat(TAG[locale], {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    // An unknown ISO code: show the number and the code rather than fail the digest.
    return `${formatDecimal(value, locale, digits)} ${currency}`;
  }
}

/** A fraction as a percentage: 0.123 → "12.3 %" (fr: "12,3 %"). */
export function formatPercent(fraction: number, locale: Locale, digits = 1): string {
  return numberFormat(TAG[locale], {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

export function formatDecimal(value: number, locale: Locale, digits = 1): string {
  return numberFormat(TAG[locale], {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function formatPValue(p: number, locale: Locale): string {
  if (p < 0.001) return `p < ${formatDecimal(0.001, locale, 3)}`;
  return `p = ${formatDecimal(p, locale, 3)}`;
}
