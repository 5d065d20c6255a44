import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { metricDef } from './catalogue.ts';
import type { MetricId } from './query.ts';
import type { MetricValue, NaCode } from './result.ts';

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 12 → "¹²": a footnote mark that keeps a table cell narrow. */
function superscript(n: number): string {
  return [...String(n)].map((d) => SUPERSCRIPTS[Number(d)] ?? d).join('');
}

/** One numbered footnote: an n/a reason, or why a rate is above 100 %. */
export interface NaNote {
  mark: string;
  code: NaCode | 'over_100';
  /** "¹ n/a: no media spend in the period". */
  text: string;
}

/** Rates that may pass 100 % without anything being wrong (a return, not a share). */
const MAY_PASS_100: ReadonlySet<MetricId> = new Set(['roi']);

/**
 * Numbers footnotes in order of first appearance, so each cell says "n/a¹" and each reason is
 * written once, under the table. Every renderer of a result (Slack, the CLI, `why`) uses it.
 * A share above 100 % (possible in the flow view, never in the cohort view) gets a mark too:
 * it is never shown without its explanation.
 */
export class NaNotes {
  readonly #marks = new Map<string, { n: number; code: NaNote['code']; text: () => string }>();
  readonly #locale: Locale;

  constructor(locale: Locale) {
    this.#locale = locale;
  }

  #markFor(key: string, code: NaNote['code'], text: () => string): string {
    let note = this.#marks.get(key);
    if (note === undefined) {
      note = { n: this.#marks.size + 1, code, text };
      this.#marks.set(key, note);
    }
    return superscript(note.n);
  }

  /** The footnote mark for an n/a value ("" for a number, or an n/a without a reason). */
  mark(value: MetricValue | undefined): string {
    const na = value?.value === null ? value.na : null;
    if (!na) return '';
    const label = t(this.#locale, 'common.na');
    return this.#markFor(`na:${na.code}`, na.code, () => `${label}: ${t(this.#locale, na.messageKey)}`);
  }

  /** "n/a¹" for an n/a value; null for a number (the caller formats it, then adds `flag`). */
  cell(value: MetricValue | undefined): string | null {
    if (value && value.value !== null) return null;
    return `${t(this.#locale, 'common.na')}${this.mark(value)}`;
  }

  /** The mark a number needs: a share above 100 % says why it can be (or "" for the others). */
  flag(id: MetricId, value: MetricValue | undefined): string {
    const v = value?.value;
    if (v === null || v === undefined || v <= 100 || MAY_PASS_100.has(id)) return '';
    if (metricDef(id).unit !== 'percent') return '';
    return this.#markFor('over_100', 'over_100', () => t(this.#locale, 'kpi.note.over_100'));
  }

  get size(): number {
    return this.#marks.size;
  }

  notes(): NaNote[] {
    return [...this.#marks.values()].map(({ n, code, text }) => ({
      mark: superscript(n),
      code,
      text: `${superscript(n)} ${text()}`,
    }));
  }
}

/** The footnote of an answer whose period cut cost rows spanning several days, or null. */
export function proratedNote(result: { proratedCostRows?: number }, locale: Locale): string | null {
  const count = result.proratedCostRows ?? 0;
  return count > 0 ? t(locale, 'kpi.note.prorated', { count }) : null;
}
