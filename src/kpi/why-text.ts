import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { formatPValue } from '../shared/number-format.ts';
import { metricDef } from './catalogue.ts';
import { formatDelta, formatNumber } from './format.ts';
import { WHY_DEFAULTS, type WhyDriver, type WhyPart, type WhyResult } from './why.ts';
import { periodInWords } from './words.ts';

/** How a renderer marks up words: escaping of data values (campaign names…) and bold. */
export interface WhyStyle {
  esc(value: string): string;
  bold(text: string): string;
}

const PLAIN_WHY_STYLE: WhyStyle = { esc: (value) => value, bold: (text) => text };

/** One row of the drivers table, every number already in words. */
export interface WhyRowView {
  /** The group's label as in the data, NOT escaped ("others (12)" for the rest): the renderer escapes it. */
  label: string;
  contribution: string;
  mix: string;
  rate: string;
  share: string;
  /** The group's value before → after ("" for "others"). */
  values: string;
  /** The contribution as shown (rounded), for bars. */
  amount: number;
  others: boolean;
}

/** The answer's words, shared by the Slack, CLI, digest and alert renderers. */
export interface WhyView {
  metricName: string;
  title: string;
  /** `CPL: €11.75 → €18.40 (+€6.65 (+56.6%)) · 2026-W47 vs 2026-W46`, or why there is nothing to explain. */
  headline: string;
  rows: WhyRowView[];
  /** The dimension picked and why; the noise test; the method; the check that the parts add up. */
  notes: string[];
  /** `mostly Brand - FR (+€6.31 of +€6.65)`, or null when no driver is named. */
  mostly: string | null;
  /** Signed change in the metric's unit (`+€6.65`, `−15 pts`), null when n/a. */
  change: string | null;
  /** The notification text (no markup). */
  fallback: string;
}

/** Decimals a contribution is shown with, in the metric's unit (as formatDelta prints it). */
function digitsOf(result: WhyResult): number {
  switch (result.unit) {
    case 'money':
      return Math.abs(result.change ?? 0) >= 100_000 ? 0 : 2;
    case 'count':
      return 0;
    default:
      return 2;
  }
}

/**
 * Rounds parts to `digits` so that the rounded parts add up to the rounded total (largest
 * remainders get the leftover units): the table then adds up to the cent, as the exact values do.
 */
function roundToTotal(parts: readonly number[], total: number, digits: number): number[] {
  const unit = 10 ** digits;
  const target = Math.round(total * unit);
  const scaled = parts.map((p) => p * unit);
  const floors = scaled.map(Math.floor);
  let left = target - floors.reduce((s, f) => s + f, 0);
  const order = scaled
    .map((s, i) => [s - Math.floor(s), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const out = [...floors];
  // `left` is within ±parts.length when the parts add up to the total (they do, to float precision).
  for (let k = 0; left !== 0 && order.length > 0; k = (k + 1) % order.length) {
    const i = order[k]![1];
    out[i]! += left > 0 ? 1 : -1;
    left += left > 0 ? -1 : 1;
  }
  return out.map((v) => v / unit);
}

/** `+€3.10`, `−2.5 pts`, `+12`: a signed amount in the metric's unit. */
function signedAmount(result: WhyResult, value: number, locale: Locale): string {
  return formatDelta(result.metric, { abs: value, rel: null }, locale, result.currency);
}

const shareText = (share: number | null, locale: Locale, currency: string): string =>
  share === null
    ? ''
    : `${share < 0 ? '−' : ''}${formatNumber(Math.abs(share) * 100, 'percent', locale, currency)}`;

/** The words of a `why` answer. */
export function whyView(result: WhyResult, locale: Locale, style: WhyStyle = PLAIN_WHY_STYLE): WhyView {
  const def = metricDef(result.metric);
  const metricName = def.short[locale];
  const title = t(locale, 'why.title', { metric: metricName });
  const value = (v: number | null): string =>
    v === null ? t(locale, 'common.na') : formatNumber(v, def.unit, locale, result.currency);
  const against = result.request.against;
  const periods = {
    period: periodInWords(result.period, locale, result.request.period),
    previousPeriod: periodInWords(
      result.previousPeriod,
      locale,
      against === 'previous' ? undefined : against,
    ),
  };
  const fallbackBase = (change: string) =>
    t(locale, 'why.fallback', { metric: metricName, change, ...periods });

  if (result.change === null) {
    const code = result.value === null ? result.valueNa : result.previousNa;
    const headline = t(locale, 'why.na', {
      metric: style.bold(metricName),
      period: result.value === null ? periods.period : periods.previousPeriod,
      reason: code ? t(locale, `kpi.na.${code}`) : t(locale, 'common.na'),
    });
    return {
      metricName,
      title,
      headline,
      rows: [],
      notes: [],
      mostly: null,
      change: null,
      fallback: headline,
    };
  }

  const change = formatDelta(
    result.metric,
    { abs: result.change, rel: result.relativeChange === null ? null : result.relativeChange * 100 },
    locale,
    result.currency,
  );
  const headline = t(locale, 'why.headline', {
    metric: style.bold(metricName),
    previous: value(result.previous),
    value: value(result.value),
    change,
    ...periods,
  });
  const digits = digitsOf(result);
  const parts: WhyPart[] = [...result.drivers, ...(result.others ? [result.others] : [])];
  const shown = roundToTotal(
    parts.map((p) => p.contribution),
    result.change,
    digits,
  );
  const labelOf = (d: WhyDriver): string => (d.key === null ? t(locale, 'kpi.none') : d.label);
  const rows: WhyRowView[] = parts.map((part, i) => {
    const amount = shown[i] ?? part.contribution;
    const split =
      part.mix !== null && part.rate !== null ? roundToTotal([part.mix, part.rate], amount, digits) : null;
    const driver = i < result.drivers.length ? result.drivers[i] : undefined;
    return {
      label: driver ? labelOf(driver) : t(locale, 'why.others', { count: result.others?.groups ?? 0 }),
      contribution: signedAmount(result, amount, locale),
      mix: split ? signedAmount(result, split[0]!, locale) : '',
      rate: split ? signedAmount(result, split[1]!, locale) : '',
      share: shareText(part.share, locale, result.currency),
      values: driver ? `${value(driver.previous)} → ${value(driver.value)}` : '',
      amount,
      others: driver === undefined,
    };
  });
  const changeShort = signedAmount(result, result.change, locale);
  const top = result.drivers[0];
  const mostly =
    top && rows[0]
      ? t(locale, 'why.mostly', {
          label: style.esc(rows[0].label),
          contribution: rows[0].contribution,
          change: changeShort,
        })
      : null;
  const notes = noteLines(result, locale, rows, changeShort);
  const fallback = mostly ? `${fallbackBase(change)}: ${mostly}` : fallbackBase(change);
  return { metricName, title, headline, rows, notes, mostly, change: changeShort, fallback };
}

function noteLines(result: WhyResult, locale: Locale, rows: readonly WhyRowView[], change: string): string[] {
  const notes: string[] = [];
  const percent = (x: number | null) =>
    x === null ? t(locale, 'common.na') : shareText(x, locale, result.currency);
  const word = (d: WhyResult['dimension']) => t(locale, `kpi.dimension.${d}`);
  if (result.change === 0) notes.push(t(locale, 'why.offset', { dimension: word(result.dimension) }));
  else if (result.picked === 'asked')
    notes.push(t(locale, 'why.picked_asked', { dimension: word(result.dimension) }));
  else {
    const chosen = result.candidates.find((c) => c.dimension === result.dimension);
    const tried = result.candidates.map((c) => `${word(c.dimension)} ${percent(c.topShare)}`).join(', ');
    // A broader dimension can explain more (a channel contains the campaign that moved); say why
    // the more specific one was kept, or the note reads as if the pick contradicted the figures.
    const best = result.candidates.reduce<(typeof result.candidates)[number] | undefined>(
      (a, c) => (a === undefined || (c.topShare ?? -Infinity) > (a.topShare ?? -Infinity) ? c : a),
      undefined,
    );
    const kept = best !== undefined && chosen !== undefined && best.dimension !== chosen.dimension;
    notes.push(
      t(locale, kept ? 'why.picked_specific' : 'why.picked_auto', {
        dimension: word(result.dimension),
        share: percent(chosen?.topShare ?? null),
        tried,
        broader: best ? word(best.dimension) : '',
        ratio: percent(WHY_DEFAULTS.specific),
      }),
    );
  }
  const noise = result.noise;
  if (noise) {
    const p = formatPValue(noise.pValue, locale);
    const volumes = {
      volume: formatNumber(noise.volume, 'count', locale, result.currency),
      previousVolume: formatNumber(noise.previousVolume, 'count', locale, result.currency),
    };
    if (noise.volume < noise.minVolume || noise.previousVolume < noise.minVolume) {
      notes.push(t(locale, 'why.low_volume', { ...volumes, min: noise.minVolume }));
    } else if (noise.within) {
      notes.push(
        t(locale, 'why.noise', {
          p,
          ...volumes,
          alpha: formatNumber(noise.alpha, 'ratio', locale, result.currency),
        }),
      );
    } else notes.push(t(locale, 'why.significant', { p, ...volumes }));
  }
  const def = metricDef(result.metric);
  notes.push(
    result.method === 'shift-share'
      ? t(locale, 'why.method_ratio', { formula: def.formula[locale], metric: def.short[locale] })
      : t(locale, 'why.method_sum'),
  );
  if (rows.length > 0) {
    const parts = rows.map((r, i) => (i === 0 ? r.contribution : r.contribution.replace(/^([+−±])/, '$1 ')));
    notes.push(t(locale, 'why.check', { parts: parts.join(' '), change }));
  }
  return notes;
}

/**
 * A diverging text bar: `      ███│` for a negative part, `│███` for a positive one, scaled to
 * the largest part; `half` cells on each side of the axis.
 */
export function contributionBar(amount: number, largest: number, half = 8): string {
  const cells = largest > 0 ? Math.round((Math.abs(amount) / largest) * half) : 0;
  const bar = '█'.repeat(Math.min(half, cells));
  const left = amount < 0 ? bar.padStart(half) : ' '.repeat(half);
  const right = amount > 0 ? bar.padEnd(half) : ' '.repeat(half);
  return `${left}│${right}`;
}
