import type { Locale } from '../i18n/locale.ts';
import { type PeriodSpec, RELATIVE_PERIODS, type RelativePeriod } from '../kpi/query.ts';
import { isoWeeksInYear } from '../shared/iso-week.ts';
import { fold } from './suggest.ts';
import type { IsoWeek } from './types.ts';

/** Folds a period word: `Semaine dernière` → `semainederniere`, `last_7_days` → `last7days`. */
const squash = (text: string): string => fold(text).replace(/ /g, '');

const RELATIVE: ReadonlyMap<string, RelativePeriod> = new Map(
  Object.entries({
    today: 'today',
    aujourdhui: 'today',
    auj: 'today',
    yesterday: 'yesterday',
    hier: 'yesterday',
    thisweek: 'this-week',
    cettesemaine: 'this-week',
    wtd: 'this-week',
    lastweek: 'last-week',
    previousweek: 'last-week',
    semainederniere: 'last-week',
    lasemainederniere: 'last-week',
    semaineprecedente: 'last-week',
    thismonth: 'this-month',
    cemois: 'this-month',
    lastmonth: 'last-month',
    previousmonth: 'last-month',
    moisdernier: 'last-month',
    lemoisdernier: 'last-month',
    moisprecedent: 'last-month',
    thisquarter: 'this-quarter',
    cetrimestre: 'this-quarter',
    lastquarter: 'last-quarter',
    previousquarter: 'last-quarter',
    trimestredernier: 'last-quarter',
    letrimestredernier: 'last-quarter',
    trimestreprecedent: 'last-quarter',
    thisyear: 'this-year',
    cetteannee: 'this-year',
    lastyear: 'last-year',
    previousyear: 'last-year',
    anneederniere: 'last-year',
    lanneederniere: 'last-year',
    anneeprecedente: 'last-year',
    mtd: 'mtd',
    qtd: 'qtd',
    ytd: 'ytd',
    all: 'all',
    alltime: 'all',
    tout: 'all',
    toujours: 'all',
  } satisfies Record<string, RelativePeriod>),
);

/** Words that are periods, for did-you-mean: the named periods (but `all`) and the usual rolling windows. */
export const PERIOD_EXAMPLES: readonly string[] = [
  ...RELATIVE_PERIODS.filter((p) => p !== 'all'),
  'last-7d',
  'last-30d',
  'last-90d',
];

const MAX_DAYS = 3660;

const validYear = (year: number): boolean => year >= 1970 && year <= 2200;

/** A calendar day `YYYY-MM-DD` (or `DD/MM/YYYY` in French, `MM/DD/YYYY` in English), or null. */
export function parseDay(text: string, locale: Locale): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const slashed = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text.trim());
  let y: number;
  let m: number;
  let d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (slashed) {
    const [a, b] = [Number(slashed[1]), Number(slashed[2])];
    [y, m, d] = locale === 'fr' ? [Number(slashed[3]), b, a] : [Number(slashed[3]), a, b];
  } else return null;
  if (!validYear(y) || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A month `2026-10` as its first or last day (for `from=2026-01 to=2026-03`). */
export function monthEdge(text: string, edge: 'first' | 'last'): string | null {
  const match = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  if (!match) return null;
  const [y, m] = [Number(match[1]), Number(match[2])];
  if (!validYear(y) || m < 1 || m > 12) return null;
  const day = edge === 'first' ? 1 : new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today in the workspace zone (UTC when none is given). */
export function today(now: Date, timeZone: string | undefined): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return timeZone
      ? new Intl.DateTimeFormat('en-CA', {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        }).format(now)
      : now.toISOString().slice(0, 10);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** `2026-W45`, `2026W45`, `2026-S45` (semaine): the ISO week if it exists (W53 only in long years). */
export function parseIsoWeek(text: string): IsoWeek | null {
  const match = /^(\d{4})-?[WS](\d{1,2})$/i.exec(text.trim());
  if (!match) return null;
  const [year, week] = [Number(match[1]), Number(match[2])];
  if (!validYear(year) || week < 1) return null;
  return week <= isoWeeksInYear(year) ? { year, week } : null;
}

/**
 * A period word or literal: today, last-week, mtd, last-45d, 2026-10, 2026-Q3, 2026-W45, 2026,
 * 2026-01-01..2026-03-31, and French synonyms. Null when the text is not a period at all.
 */
export function parsePeriod(text: string, locale: Locale): PeriodSpec | null {
  const raw = text.trim();
  const relative = RELATIVE.get(squash(raw));
  if (relative) return { kind: 'relative', name: relative };
  const squashed = squash(raw);
  const days =
    /^(?:last|past|derniers?)?(\d{1,4})(?:d|days?|j|jours?)$/.exec(squashed) ??
    /^(?:les)?(\d{1,4})derniersjours$/.exec(squashed);
  if (days) {
    const n = Number(days[1]);
    return n >= 1 && n <= MAX_DAYS ? { kind: 'last-days', days: n } : null;
  }
  const weeks = /^(?:last|past|dernieres?)?(\d{1,3})(?:w|weeks?|semaines?)$/.exec(squashed);
  if (weeks) {
    const n = Number(weeks[1]) * 7;
    return n >= 7 && n <= MAX_DAYS ? { kind: 'last-days', days: n } : null;
  }
  const month = /^(\d{4})-(\d{1,2})$/.exec(raw);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    return validYear(year) && m >= 1 && m <= 12 ? { kind: 'month', year, month: m } : null;
  }
  const quarter = /^(\d{4})-?[QT]([1-4])$/i.exec(raw) ?? /^[QT]([1-4])-?(\d{4})$/i.exec(raw);
  if (quarter) {
    const swapped = /^[QT]/i.test(raw);
    const year = Number(swapped ? quarter[2] : quarter[1]);
    const q = Number(swapped ? quarter[1] : quarter[2]);
    return validYear(year) ? { kind: 'quarter', year, quarter: q } : null;
  }
  if (/^\d{4}-?[WS]\d{1,2}$/i.test(raw)) {
    const week = parseIsoWeek(raw);
    return week ? { kind: 'iso-week', ...week } : null;
  }
  if (/^\d{4}$/.test(raw)) {
    const year = Number(raw);
    return validYear(year) ? { kind: 'year', year } : null;
  }
  const range = /^(.+?)(?:\.\.|→|_to_|\s+to\s+|\s+au\s+)(.+)$/.exec(raw);
  if (range) {
    const from = parseDay(range[1] ?? '', locale) ?? monthEdge(range[1] ?? '', 'first');
    const to = parseDay(range[2] ?? '', locale) ?? monthEdge(range[2] ?? '', 'last');
    return from && to && from <= to ? { kind: 'range', from, to } : null;
  }
  return null;
}

/** True when the text looks like an attempt at a period (for a better error than "unknown metric"). */
export function looksLikePeriod(text: string): boolean {
  return /^\d{4}|^last|^past|^this|\d+[dj]$/i.test(text.trim());
}
