import { isMessageKey, t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { isSingular } from '../i18n/plural.ts';
import { dateTimeFormat, listFormat } from '../shared/intl.ts';
import { FUNNEL, metricDef } from './catalogue.ts';
import type { EmptyGroups } from './layout.ts';
import type { Breakdown, MetricId, PeriodSpec } from './query.ts';
import type { QueryResult, ResolvedPeriod } from './result.ts';

/**
 * A question and its period in words, for headers: "CPL, CAC and ROI by campaign · October 2026".
 * Everything here is pure and takes the locale; the numbers' formatting is in format.ts.
 */

const TAG: Record<Locale, string> = { en: 'en-US', fr: 'fr-FR' };

/** More metrics than this are named as "the first ones and N more". */
const LISTED_METRICS = 4;

/** "campaign" / "campaigns" (fr "campagne" / "campagnes"); "week" for a time breakdown. */
export function breakdownWord(by: Breakdown, locale: Locale, count = 1): string {
  const id = by.kind === 'time' ? by.grain : by.dimension;
  return t(locale, count === 1 ? `kpi.dimension.${id}` : `kpi.dimensions.${id}`);
}

/** "CPL, CAC and ROI" from the catalogue's short labels; "Funnel"; "Leads, MQL, SQL, CPL and 3 more". */
export function metricsInWords(ids: readonly MetricId[], locale: Locale): string {
  if (ids.length === FUNNEL.length && FUNNEL.every((id, i) => ids[i] === id)) {
    return t(locale, 'kpi.words.funnel');
  }
  const shorts = ids.map((id) => metricDef(id).short[locale]);
  // en-GB: "CPL, CAC and ROI", without the serial comma of en-US.
  const list = listFormat(locale === 'en' ? 'en-GB' : TAG[locale], { style: 'long', type: 'conjunction' });
  if (shorts.length <= LISTED_METRICS + 1) return list.format(shorts);
  return t(locale, 'kpi.words.more_metrics', {
    metrics: shorts.slice(0, LISTED_METRICS).join(', '),
    count: shorts.length - LISTED_METRICS,
  });
}

const utcDay = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Date ranges already put in words (ICU's formatRange is slow; answers repeat the same few). */
const DATES_MEMO_SIZE = 512;
const datesMemo = new Map<string, string>();

/** "Oct 3 – Nov 1, 2026" / "3 oct. – 1 nov. 2026"; one day: "Nov 2, 2026". */
export function datesInWords(from: string, to: string, locale: Locale): string {
  const key = `${locale}|${from}|${to}`;
  const hit = datesMemo.get(key);
  if (hit !== undefined) return hit;
  const text = datesInWordsUncached(from, to, locale);
  if (datesMemo.size >= DATES_MEMO_SIZE) datesMemo.delete(datesMemo.keys().next().value as string);
  datesMemo.set(key, text);
  return text;
}

function datesInWordsUncached(from: string, to: string, locale: Locale): string {
  const format = dateTimeFormat(TAG[locale], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const text = from === to ? format.format(utcDay(from)) : format.formatRange(utcDay(from), utcDay(to));
  // Intl puts thin spaces around the dash; not every monospace font has them.
  return text.replace(/[\u2009\u202f]/g, ' ');
}

/** A period from its label alone: "October 2026", "Q3 2026", "week 45, 2026", "2026", or its dates. */
function labelInWords(period: ResolvedPeriod, locale: Locale): string {
  const label = period.label;
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) {
    return dateTimeFormat(TAG[locale], {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(utcDay(`${label}-01`));
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) return t(locale, 'kpi.period.quarter', { year: quarter[1] ?? '', quarter: quarter[2] ?? '' });
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (week) return t(locale, 'kpi.period.week', { year: week[1] ?? '', week: Number(week[2]) });
  if (/^\d{4}$/.test(label)) return label;
  return datesInWords(period.from, period.to, locale);
}

/**
 * A period in words. A relative period names itself and its dates ("last week (Oct 26 – Nov 1,
 * 2026)"), so the answer still reads right when it is shared and read days later.
 */
export function periodInWords(period: ResolvedPeriod, locale: Locale, spec?: PeriodSpec): string {
  const dates = datesInWords(period.from, period.to, locale);
  if (spec?.kind === 'last-days') {
    return t(locale, 'kpi.period.named', {
      name: t(locale, isSingular(locale, spec.days) ? 'kpi.period.last-days_one' : 'kpi.period.last-days', {
        days: spec.days,
      }),
      dates,
    });
  }
  if (spec?.kind === 'relative') {
    const key = `kpi.period.${spec.name}`;
    if (isMessageKey(key)) return t(locale, 'kpi.period.named', { name: t(locale, key), dates });
  }
  return labelInWords(period, locale);
}

/** The question an answer answers: "CPL, CAC and ROI by campaign · October 2026 vs September 2026". */
export function questionInWords(result: QueryResult, locale: Locale): string {
  const metrics = metricsInWords(result.query.metrics, locale);
  const by = result.query.by;
  const what = by ? t(locale, 'kpi.words.by', { metrics, dimension: breakdownWord(by, locale) }) : metrics;
  const period = periodInWords(result.period, locale, result.query.period);
  const when = result.previousPeriod
    ? t(locale, 'kpi.words.vs', { period, previous: labelInWords(result.previousPeriod, locale) })
    : period;
  return `${what} · ${when}`;
}

/** "9 campaigns without spend" (the caller adds ": n/a"). */
export function emptyGroupsInWords(empty: EmptyGroups, by: Breakdown, locale: Locale): string {
  const groups = breakdownWord(by, locale, empty.count);
  const key = empty.reason ? `kpi.empty.${empty.reason}` : 'kpi.empty.other';
  return t(locale, isMessageKey(key) ? key : 'kpi.empty.other', { count: empty.count, groups });
}
