import { type MessageKey, t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { MetricValue, NaCode } from './result.ts';

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 12 → "¹²": a footnote mark that keeps a table cell narrow. */
export function superscript(n: number): string {
  return [...String(n)].map((d) => SUPERSCRIPTS[Number(d)] ?? d).join('');
}

/** One numbered n/a reason. */
export interface NaNote {
  mark: string;
  code: NaCode;
  /** "¹ n/a: no media spend in the period". */
  text: string;
}

/**
 * Numbers n/a reasons in order of first appearance, so each cell says "n/a¹" and each reason is
 * written once, under the table. Every renderer of a result (Slack, the CLI, `why`) uses it.
 */
export class NaNotes {
  readonly #marks = new Map<NaCode, { n: number; key: MessageKey }>();
  readonly #locale: Locale;

  constructor(locale: Locale) {
    this.#locale = locale;
  }

  /** The footnote mark for an n/a value ("" for a number, or an n/a without a reason). */
  mark(value: MetricValue | undefined): string {
    const na = value?.value === null ? value.na : null;
    if (!na) return '';
    let note = this.#marks.get(na.code);
    if (note === undefined) {
      note = { n: this.#marks.size + 1, key: na.messageKey };
      this.#marks.set(na.code, note);
    }
    return superscript(note.n);
  }

  /** "n/a¹" for an n/a value; null for a number (the caller formats it). */
  cell(value: MetricValue | undefined): string | null {
    if (value && value.value !== null) return null;
    return `${t(this.#locale, 'common.na')}${this.mark(value)}`;
  }

  get size(): number {
    return this.#marks.size;
  }

  notes(): NaNote[] {
    const na = t(this.#locale, 'common.na');
    return [...this.#marks].map(([code, { n, key }]) => ({
      mark: superscript(n),
      code,
      text: `${superscript(n)} ${na}: ${t(this.#locale, key)}`,
    }));
  }
}
