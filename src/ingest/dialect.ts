import { type CsvRecord, isBlankRecord } from './csv.ts';
import { type MatchedPreset, matchPreset } from './map.ts';
import type { Preset } from './preset.ts';

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter of a text sample: the candidate (outside quotes) whose per-line count is the
 * most consistent over the first lines. Preamble lines (a report title, a date range) have
 * none or few, so the mode is taken over the lines that have at least one.
 */
export function sniffDelimiter(sample: string, quote = '"'): string {
  const lines = splitLines(sample, quote, 40);
  let best: { delimiter: string; lines: number; count: number } = { delimiter: ',', lines: 0, count: 0 };
  for (const delimiter of DELIMITERS) {
    const freq = new Map<number, number>();
    for (const line of lines) {
      const n = countOutsideQuotes(line, delimiter, quote);
      if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    }
    for (const [count, nLines] of freq) {
      if (nLines > best.lines || (nLines === best.lines && count > best.count)) {
        best = { delimiter, lines: nLines, count };
      }
    }
  }
  return best.delimiter;
}

function splitLines(text: string, quote: string, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const c = text[i];
    if (c === quote) inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (i > start) lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return lines;
}

function countOutsideQuotes(line: string, delimiter: string, quote: string): number {
  let n = 0;
  let inQuotes = false;
  for (const c of line) {
    if (c === quote) inQuotes = !inQuotes;
    else if (!inQuotes && c === delimiter) n++;
  }
  return n;
}

export interface HeaderLocation {
  /** Index in the sampled records. */
  index: number;
  /** The match when a preset recognised the row, else null (the modal column count chose it). */
  match: MatchedPreset | null;
}

/**
 * Finds the header row among the first records, skipping preambles (report titles, date
 * ranges): the first row a preset recognises (the named one when given, else the best-scoring
 * of all), otherwise the first row with the modal column count of the sample.
 */
export function locateHeader(
  records: readonly CsvRecord[],
  presets: readonly Preset[],
  maxScan = 30,
): HeaderLocation | null {
  const scan = records.slice(0, maxScan);
  let best: HeaderLocation | null = null;
  for (let i = 0; i < scan.length; i++) {
    const cells = scan[i]?.cells ?? [];
    if (isBlankRecord(cells)) continue;
    const match = matchPreset(cells, presets);
    if (match && (best?.match == null || match.score > best.match.score)) best = { index: i, match };
  }
  if (best) return best;
  const widths = new Map<number, number>();
  for (const record of records) {
    const width = filledWidth(record.cells);
    if (width > 1) widths.set(width, (widths.get(width) ?? 0) + 1);
  }
  let modal = 0;
  let modalCount = 0;
  for (const [width, count] of widths) {
    if (count > modalCount || (count === modalCount && width > modal)) {
      modal = width;
      modalCount = count;
    }
  }
  if (modal === 0) {
    const first = records.findIndex((r) => !isBlankRecord(r.cells));
    return first < 0 ? null : { index: first, match: null };
  }
  const index = records.findIndex((r) => filledWidth(r.cells) === modal);
  return index < 0 ? null : { index, match: null };
}

function filledWidth(cells: readonly string[]): number {
  let last = cells.length - 1;
  while (last >= 0 && (cells[last] ?? '').trim() === '') last--;
  return last + 1;
}

/** The decimal separator of a file, from the numeric cells of a sample; null when undecided. */
export function detectDecimal(values: Iterable<string>): ',' | '.' | null {
  let comma = 0;
  let dot = 0;
  for (const raw of values) {
    const v = raw.replace(/[^\d.,]/g, '');
    const lastComma = v.lastIndexOf(',');
    const lastDot = v.lastIndexOf('.');
    if (lastComma >= 0 && lastDot >= 0) {
      if (lastComma > lastDot) comma++;
      else dot++;
    } else if (lastComma >= 0) {
      if (v.indexOf(',') === lastComma && !/^\d{1,3},\d{3}$/.test(v)) comma++;
      else if (v.indexOf(',') !== lastComma) dot++;
    } else if (lastDot >= 0) {
      if (v.indexOf('.') === lastDot && !/^\d{1,3}\.\d{3}$/.test(v)) dot++;
      else if (v.indexOf('.') !== lastDot) comma++;
    }
  }
  if (comma === 0 && dot === 0) return null;
  return comma > dot ? ',' : '.';
}
