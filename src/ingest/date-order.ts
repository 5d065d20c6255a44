import { dateOrderEvidence, type NumericOrder } from './dates.ts';
import type { DateOrder } from './preset.ts';
import type { DateOrderChoice } from './report.ts';

/**
 * Detects a file's day/month order from all of its date cells: a first component above 12
 * means day-first (14/03/2026), a second above 12 month-first (03/14/2026). When cells
 * disagree the majority wins and the rows that contradict it are skipped at mapping time.
 */
export class DateOrderScan {
  private dmy = 0;
  private mdy = 0;
  private firstDmy: { row: number; value: string } | null = null;
  private firstMdy: { row: number; value: string } | null = null;
  /** The first cell that reads both ways, kept for the error message. */
  firstAmbiguous: { row: number; value: string } | null = null;

  feed(row: number, value: string): void {
    const evidence = dateOrderEvidence(value);
    if (evidence === 'dmy') {
      this.dmy++;
      this.firstDmy ??= { row, value: value.trim() };
    } else if (evidence === 'mdy') {
      this.mdy++;
      this.firstMdy ??= { row, value: value.trim() };
    } else if (evidence === 'either') {
      this.firstAmbiguous ??= { row, value: value.trim() };
    }
  }

  /** Whether some cell decided, with no cell contradicting it so far. */
  get decidedCleanly(): boolean {
    return this.dmy > 0 !== this.mdy > 0;
  }

  /** The order chosen from the data, or `null` order with `how: 'none'` when no date needs one. */
  result(): DateOrderChoice | 'ambiguous' {
    if (this.dmy === 0 && this.mdy === 0) {
      return this.firstAmbiguous ? 'ambiguous' : { order: null, how: 'none' };
    }
    const order: NumericOrder = this.dmy >= this.mdy ? 'dmy' : 'mdy';
    const cell = order === 'dmy' ? this.firstDmy : this.firstMdy;
    return { order, how: 'data', ...(cell ? { row: cell.row, value: cell.value } : {}) };
  }
}

/** The order fixed before looking at the data: by the caller's options, else by the preset. */
export function fixedDateOrder(
  option: DateOrder | undefined,
  preset: DateOrder | undefined,
): DateOrderChoice | null {
  if (option) return { order: option, how: 'option' };
  if (preset) return { order: preset, how: 'preset' };
  return null;
}

// Words of export headers that give their language away (accents removed, whole words). Every
// one of these languages writes dates day first. English headers match none of them.
const DAY_FIRST_WORDS: Readonly<Record<string, readonly string[]>> = {
  pt: ['inicio', 'campanha', 'moeda', 'investido', 'impressoes', 'cliques', 'nome', 'valor', 'criacao'],
  fr: ['debut', 'campagne', 'montant', 'depense', 'devise', 'jour', 'nom', 'creation', 'clics'],
  de: ['datum', 'kampagne', 'kosten', 'wahrung', 'klicks', 'ausgaben', 'erstellt'],
  es: ['fecha', 'campana', 'coste', 'importe', 'moneda', 'dia', 'gastado'],
  it: ['giorno', 'campagna', 'costo', 'valuta', 'spesa', 'importo'],
};

/**
 * The day-first order of a file whose dates do not decide, from the language of its headers:
 * pt-BR, fr, de, es and it exports write day first. Null for English (or unknown) headers, which
 * stay undecided (US exports write month first, UK ones day first).
 */
export function headerLanguageOrder(header: readonly string[]): DateOrderChoice | null {
  const words = new Set(
    header.flatMap((h) =>
      h
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .split(/[^a-z]+/),
    ),
  );
  let best: { language: string; hits: number } | null = null;
  for (const [language, list] of Object.entries(DAY_FIRST_WORDS)) {
    const hits = list.filter((w) => words.has(w)).length;
    if (hits >= 2 && (!best || hits > best.hits)) best = { language, hits };
  }
  return best ? { order: 'dmy', how: 'language', language: best.language } : null;
}
