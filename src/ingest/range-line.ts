import type { DaySpan } from './row.ts';

/**
 * The date range an ad platform prints above a campaign grid, in the UI's language:
 * "July 8, 2025 - July 31, 2025", "27 January 2026 - 23 February 2026", "8 juil. 2025 - 31 juil.
 * 2025", "8. Juli 2025 – 31. Juli 2025", "8 de jul. de 2025 - 31 de jul. de 2025", ISO days,
 * "08.07.2025 - 31.07.2025", the old AdWords title "Ad report (Oct 25, 2016-Oct 31, 2016)".
 * "All time" (and its translations) states no range: 'all'.
 */
export type StatedRange = DaySpan | 'all';

// Month names and abbreviations, accents removed: en, fr, de, es, pt, it, nl.
const MONTHS: Readonly<Record<string, number>> = (() => {
  const lists: readonly (readonly string[])[] = [
    [
      'january',
      'jan',
      'janvier',
      'janv',
      'januar',
      'enero',
      'ene',
      'janeiro',
      'gennaio',
      'gen',
      'januari',
      'jänner',
      'janner',
    ],
    ['february', 'feb', 'fevrier', 'fevr', 'fev', 'februar', 'febrero', 'fevereiro', 'febbraio', 'februari'],
    ['march', 'mar', 'mars', 'marz', 'mrz', 'marzo', 'marco', 'maart', 'mrt'],
    ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile'],
    ['may', 'mai', 'mayo', 'maio', 'maggio', 'mag', 'mei'],
    ['june', 'jun', 'juin', 'juni', 'junio', 'junho', 'giugno', 'giu'],
    ['july', 'jul', 'juillet', 'juil', 'juli', 'julio', 'julho', 'luglio', 'lug'],
    ['august', 'aug', 'aout', 'agosto', 'ago', 'augustus'],
    ['september', 'sep', 'sept', 'septembre', 'septiembre', 'set', 'setembro', 'settembre'],
    ['october', 'oct', 'octobre', 'oktober', 'okt', 'octubre', 'outubro', 'out', 'ottobre', 'ott'],
    ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
    ['december', 'dec', 'decembre', 'dezember', 'dez', 'diciembre', 'dic', 'dezembro', 'dicembre'],
  ];
  const out: Record<string, number> = {};
  lists.forEach((names, i) => {
    for (const name of names) out[name] = i + 1;
  });
  return out;
})();

const ALL_TIME =
  /^(all time|toute la periode|depuis le debut|todo el periodo|todo el tiempo|todo o periodo|gesamter zeitraum|gesamte laufzeit|tutto il periodo|sempre|volledige periode|alle tijd)$/;

const fold = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/["']/g, ' ').replace(/\s+/g, ' ').trim();

const pad = (n: number) => String(n).padStart(2, '0');

function isoOf(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

// A month name: letters, optionally followed by a dot ("juil.", "jul.").
const M = '([a-z]+)\\.?';
const DATE_PATTERNS: readonly {
  re: RegExp;
  parts: (m: RegExpExecArray) => [number, string | number, number];
}[] = [
  // 2025-07-08
  { re: /(\d{4})-(\d{2})-(\d{2})/y, parts: (m) => [Number(m[1]), Number(m[2]), Number(m[3])] },
  // July 8, 2025 / Jul 8 2025
  { re: new RegExp(`${M} (\\d{1,2}),? (\\d{4})`, 'y'), parts: (m) => [Number(m[3]), m[1]!, Number(m[2])] },
  // 27 January 2026 / 8 juil. 2025 / 8. Juli 2025 / 8 de jul. de 2025
  {
    re: new RegExp(`(\\d{1,2})\\.? (?:de )?${M} (?:de )?(\\d{4})`, 'y'),
    parts: (m) => [Number(m[3]), m[2]!, Number(m[1])],
  },
  // 08.07.2025 (day first wherever dots are used)
  { re: /(\d{1,2})\.(\d{1,2})\.(\d{4})/y, parts: (m) => [Number(m[3]), Number(m[2]), Number(m[1])] },
];

/** Every date written in the text, in order, as YYYY-MM-DD; null when one is impossible (31 February). */
function datesIn(text: string): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    let matched = false;
    if (i === 0 || !/[a-z0-9]/.test(text[i - 1]!)) {
      for (const { re, parts } of DATE_PATTERNS) {
        re.lastIndex = i;
        const m = re.exec(text);
        if (!m) continue;
        const [year, month, day] = parts(m);
        const monthNumber = typeof month === 'number' ? month : MONTHS[month];
        if (monthNumber === undefined) continue;
        const iso = isoOf(year, monthNumber, day);
        if (iso === null) return null;
        out.push(iso);
        i += m[0].length;
        matched = true;
        break;
      }
    }
    if (!matched) i++;
  }
  return out;
}

/** The range one preamble line states, or null when it states none (a title line). */
export function parseRangeLine(line: string): StatedRange | null {
  const text = fold(line);
  if (text === '') return null;
  if (ALL_TIME.test(text)) return 'all';
  const dates = datesIn(text);
  if (dates === null || dates.length === 0 || dates.length > 2) return null;
  const from = dates[0]!;
  const to = dates[1] ?? from;
  return to >= from ? { from, to } : null;
}

/** The range stated by the lines above a header (the first line that states one). */
export function statedRange(preamble: readonly string[]): StatedRange | null {
  for (const line of preamble) {
    const range = parseRangeLine(line);
    if (range !== null) return range;
  }
  return null;
}
