import { parseDateTime } from './dates.ts';
import type { Preset } from './preset.ts';

// Totals and summary rows every platform writes: "Total", "Total: Campaigns", "Grand Total",
// "Grand Totals (12 records)", "Search total", "Totals (3 records)", "Total général", "Total geral".
const PLACEHOLDER = /^\s*(?:--)?\s*$/;
const GENERIC_SUMMARY = [/^(grand\s+)?totals?\b/i, /^search\s+total\b/i, /^total\s+(g[eé]n[eé]ral|geral)\b/i];

/**
 * Whether a record is a totals / summary / footer row of the export rather than data. The
 * preset's patterns are tested against the first non-empty cell and the whole line; the generic
 * ones against the first non-empty cell, and only when the row has no date in its date column
 * (`dateIndex`), so that a campaign named "Total Energies" on a dated row stays data.
 */
export function isSummaryRow(
  cells: readonly unknown[],
  delimiter: string,
  preset: Preset | null,
  dateIndex: number | null,
): boolean {
  // The label is the first cell holding text: Google Ads' keyword report writes " --" (no value)
  // in the cells before "Total: All but removed keywords".
  const at = cells.findIndex((c) => c != null && !PLACEHOLDER.test(String(c)));
  const firstCell = cells[at];
  if (typeof firstCell !== 'string') return false;
  const first = firstCell.trim();
  const patterns = preset?.summaryPatterns ?? [];
  if (patterns.some((re) => re.test(first))) return true;
  if (
    GENERIC_SUMMARY.some((re) => re.test(first)) &&
    (dateIndex === null || at === dateIndex || !hasDate(cells[dateIndex]))
  ) {
    return true;
  }
  if (patterns.length === 0) return false;
  const line = cells.join(delimiter);
  return patterns.some((re) => re.test(line));
}

function hasDate(cell: unknown): boolean {
  if (typeof cell === 'number') return true;
  if (typeof cell !== 'string' || cell.trim() === '') return false;
  return parseDateTime(cell, 'dmy') !== null || parseDateTime(cell, 'mdy') !== null;
}
