/**
 * The broken rows planted in the sample files, by kind. `literal` rows are valid rows whose
 * campaign holds `<!channel>` or a formula: stored as written, never interpreted.
 * `summary` lines are totals / footers the preset recognises.
 */
export const SAMPLE_BROKEN_ROWS = {
  'hubspot-contacts': { badDate: 2, badNumber: 2, missingRequired: 2, duplicate: 3, literal: 2, summary: 0 },
  'google-ads-campaigns': {
    badDate: 1,
    badNumber: 1,
    missingRequired: 1,
    duplicate: 1,
    literal: 0,
    summary: 3,
  },
  'microsoft-ads-campaigns': {
    badDate: 1,
    badNumber: 0,
    missingRequired: 0,
    duplicate: 1,
    literal: 0,
    summary: 3,
  },
  'meta-ads': { badDate: 1, badNumber: 0, missingRequired: 1, duplicate: 1, literal: 1, summary: 0 },
  'linkedin-campaigns': {
    badDate: 0,
    badNumber: 1,
    missingRequired: 0,
    duplicate: 1,
    literal: 0,
    summary: 0,
  },
} as const;

export type BrokenKind = 'badDate' | 'badNumber' | 'missingRequired' | 'duplicate' | 'literal';
export const CHANNEL_INJECTION = '<!channel>';
export const FORMULA_CAMPAIGN = '=HYPERLINK("https://example.test","promo")';

/** A broken row: cells derived from a real row at its position, or a copy of it. */
export interface Breakage {
  kind: BrokenKind;
  /** Rewrites the cells of the row it sits after; `duplicate` ignores it and copies the row. */
  edit?: (cells: string[]) => string[];
}

/**
 * Inserts the broken rows among the data rows at evenly spread, deterministic positions.
 * Each one is derived from the row just before it.
 */
export function plant(rows: readonly string[][], breakages: readonly Breakage[]): string[][] {
  const out = rows.map((r) => [...r]);
  // From the end so earlier positions do not shift.
  for (let k = breakages.length - 1; k >= 0; k--) {
    const b = breakages[k];
    if (!b) continue;
    const at = Math.max(1, Math.floor(((k + 1) * rows.length) / (breakages.length + 1)));
    const source = rows[at - 1] ?? [];
    const cells = b.kind === 'duplicate' || !b.edit ? [...source] : b.edit([...source]);
    out.splice(at, 0, cells);
  }
  return out;
}

/** Sets cell `i` of a row. */
export const set =
  (i: number, value: string) =>
  (cells: string[]): string[] => {
    cells[i] = value;
    return cells;
  };

/** Applies several edits in turn. */
export const all =
  (...edits: ((cells: string[]) => string[])[]) =>
  (cells: string[]): string[] =>
    edits.reduce((c, e) => e(c), cells);
