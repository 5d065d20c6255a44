import type { Locale } from '../i18n/locale.ts';
import { numberFormat } from '../shared/intl.ts';
import type { GoodDirection } from './catalogue.ts';

/** A change this large (relative, either way) is worth a warning when it goes the bad way. */
const NOTABLE_CHANGE = 0.2;

export type Tone = 'good' | 'bad' | 'neutral';

/** A relative change as people read it: "▲", "+12 %", and whether that is good news. */
export interface Change {
  arrow: '▲' | '▼' | '=';
  /** The signed percentage: "+12%", "−4.5%" (fr "+12 %"). */
  signed: string;
  tone: Tone;
  /** At least NOTABLE_CHANGE in the bad direction. */
  warn: boolean;
}

const TAG: Record<Locale, string> = { en: 'en-US', fr: 'fr-FR' };
/** A fraction as a percentage without its sign, one decimal under 10 %: 0.045 → "4.5%", 0.25 → "25%". */
function percent(fraction: number, locale: Locale): string {
  const digits = fraction !== 0 && Math.abs(fraction) < 0.1 ? 1 : 0;
  const format = numberFormat(TAG[locale], {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl's narrow no-break space (fr) is not in every monospace font: a plain no-break space is.
  return format.format(Math.abs(fraction)).replace(/\u202f/g, '\u00a0');
}

/** A relative change with its sign: 0.25 → "+25%", −0.045 → "−4.5%", 0 → "0%". */
export function formatSignedPercent(fraction: number, locale: Locale): string {
  const text = percent(fraction, locale);
  if (fraction > 0) return `+${text}`;
  if (fraction < 0) return `−${text}`;
  return text;
}

/**
 * A relative change (current − previous) / |previous|, as a fraction, read against the
 * metric's better direction. The digest's headline and every /kpi answer go through this one
 * function, so a change reads the same everywhere.
 */
export function describeChange(fraction: number, good: GoodDirection, locale: Locale): Change {
  const arrow = fraction > 0 ? '▲' : fraction < 0 ? '▼' : '=';
  const tone: Tone =
    fraction === 0 || good === 'neutral' ? 'neutral' : fraction > 0 === (good === 'up') ? 'good' : 'bad';
  return {
    arrow,
    signed: formatSignedPercent(fraction, locale),
    tone,
    warn: tone === 'bad' && Math.abs(fraction) >= NOTABLE_CHANGE,
  };
}
