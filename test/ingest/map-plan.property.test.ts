import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from '../../src/ingest/dialect.ts';
import {
  type ColumnPlan,
  detectPreset,
  foldHeader,
  type MatchedPreset,
  type PlannedColumn,
  planColumns,
} from '../../src/ingest/map.ts';
import type { Preset, PresetColumn } from '../../src/ingest/preset.ts';
import { PRESETS } from '../../src/ingest/presets/index.ts';
import { type Currency, currencyFromSymbol } from '../../src/model/money.ts';

/*
 * planColumns and detectPreset fold each header row once (map.ts HeaderForms) instead of both
 * sides of every comparison. The reference below is the code before that change, verbatim: the
 * plans must be the same for real export headers and for generated ones.
 */

const patternCache = new Map<string, RegExp>();
function headerRegex(source: string): RegExp {
  let re = patternCache.get(source);
  if (!re) {
    re = new RegExp(source, 'iu');
    patternCache.set(source, re);
  }
  return re;
}

/** Whether a header cell is one of the column's names, and the currency its name carries. */
function matchHeader(
  column: PresetColumn,
  header: string,
  alias: string | null,
): { currency: Currency | null } | null {
  if (alias !== null) return foldHeader(alias) === foldHeader(header) ? { currency: null } : null;
  if (!column.headerPattern) return null;
  const m = headerRegex(column.headerPattern).exec(header.trim().normalize('NFC'));
  if (!m) return null;
  const raw = m.groups?.currency ?? m[1];
  return { currency: raw ? currencyFromSymbol(raw.toUpperCase()) : null };
}

/**
 * Applies a preset to a header row. Each header cell fills at most one field, and each field one
 * cell. When several cells could fill a field, the preset's order decides (its columns, then each
 * column's names, then a header pattern), except that a cell known to be empty in every row
 * (`empty`) never wins over a filled one.
 */
function refPlanColumns(
  preset: Preset,
  header: readonly string[],
  empty: ReadonlySet<number> = new Set(),
): ColumnPlan {
  const columns: PlannedColumn[] = [];
  const byField = new Map<string, PlannedColumn>();
  const used = new Set<number>();
  let headerCurrency: Currency | null = null;
  // Candidates per field in order of preference, so an empty first choice can yield to a later one.
  const candidates: { column: PresetColumn; index: number; match: { currency: Currency | null } }[][] = [];
  const fieldSlot = new Map<string, number>();
  for (const column of preset.columns) {
    // A field takes one column, unless a later column is declared to join it or stand in for it:
    // such a column gets its own slot.
    const extra = (column.join !== undefined || column.fallback === true) && fieldSlot.has(column.field);
    const key = extra ? `${column.field}\u0000${candidates.length}` : column.field;
    let slot = fieldSlot.get(key);
    if (slot === undefined) {
      slot = candidates.length;
      candidates.push([]);
      fieldSlot.set(key, slot);
    }
    const list = candidates[slot]!;
    for (const alias of [...column.headers, null]) {
      for (let index = 0; index < header.length; index++) {
        const match = matchHeader(column, header[index] ?? '', alias);
        if (match && !list.some((c) => c.index === index)) list.push({ column, index, match });
      }
    }
  }
  for (const list of candidates) {
    const free = list.filter((c) => !used.has(c.index));
    const chosen = free.find((c) => !empty.has(c.index)) ?? free[0];
    if (!chosen) continue;
    const { column, index, match } = chosen;
    const joins = column.join !== undefined && byField.has(column.field);
    const planned: PlannedColumn = {
      index,
      field: column.field,
      type: column.type,
      header: header[index] ?? '',
      ...match,
      ...(joins ? { join: column.join } : {}),
      ...(column.fallback && byField.has(column.field) ? { fallback: true } : {}),
      ...(column.spanStart ? { spanStart: true } : {}),
    };
    columns.push(planned);
    if (!byField.has(column.field)) byField.set(column.field, planned);
    used.add(index);
    headerCurrency ??= match.currency;
  }
  const missing = preset.required.filter((field) => !byField.has(field));
  const folded = new Set(header.map(foldHeader));
  for (const mark of preset.signature ?? []) if (!folded.has(foldHeader(mark))) missing.push(`"${mark}"`);
  return { preset, header, columns, byField, missing, headerCurrency };
}

/**
 * The preset that best explains a header row, or null when none has all its required
 * columns. Score: matched columns + the share of non-empty header cells they explain.
 */
function refDetectPreset(header: readonly string[], presets: readonly Preset[]): MatchedPreset | null {
  let best: MatchedPreset | null = null;
  const nonEmpty = header.filter((h) => h.trim() !== '').length;
  for (const preset of presets) {
    const plan = refPlanColumns(preset, header);
    if (plan.missing.length > 0 || plan.columns.length === 0) continue;
    // Signature headers ("Search term") count as matched: they tell one level's download from another's.
    const matched = plan.columns.length + (preset.signature?.length ?? 0);
    const score = matched + matched / Math.max(1, nonEmpty);
    if (!best || score > best.score) best = { preset, score, plan };
  }
  return best;
}

/** The first record of every CSV fixture and sample (their header rows, preambles aside: the first 5 records). */
function fixtureRows(): string[][] {
  const rows: string[][] = [];
  const roots = [join(import.meta.dirname, '../fixtures'), join(import.meta.dirname, '../../samples')];
  const files = roots.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.csv'))
      .map((f) => join(root, f)),
  );
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .slice(0, 20_000);
    const lines = text.split(/\r?\n/).slice(0, 5).join('\n');
    rows.push(...parseRows(lines, sniffDelimiter(lines)));
  }
  return rows;
}

/** The lines' cells (the first lines of a fixture: a preamble and the header row, no quoted newlines). */
function parseRows(text: string, delimiter: string): string[][] {
  return text.split('\n').map((line) => splitLine(line, delimiter));
}

/** A CSV line's cells (quotes honoured, no newlines inside: header rows). */
function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

const same = (a: ColumnPlan, b: ColumnPlan): void => {
  expect(a.preset).toBe(b.preset);
  expect(a).toEqual(b);
};
const sameMatch = (a: MatchedPreset | null, b: MatchedPreset | null): void => {
  expect(a?.preset.id ?? null).toBe(b?.preset.id ?? null);
  expect(a?.score ?? null).toBe(b?.score ?? null);
  if (a && b) same(a.plan, b.plan);
};

/** Every name of every preset column, and texts header patterns match. */
const NAMES: string[] = [
  ...new Set(PRESETS.flatMap((p) => p.columns.flatMap((c: PresetColumn) => [...c.headers]))),
  'Amount spent (EUR)',
  'Montant dépensé (USD)',
  'Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"',
  'Became a Customer Date',
];

/** A header cell: a preset's name spelt otherwise (case, spaces, NFD), or any text. */
const cellArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.constantFrom(...NAMES).map((n) => ` ${n.toUpperCase()} `),
  fc.constantFrom(...NAMES).map((n) => n.normalize('NFD').toLowerCase()),
  fc.constantFrom('', ' ', 'Notes', 'constructor', '__proto__', 'ÉTAPE', 'e\u0301tape'),
  fc.string({ maxLength: 12 }),
);

describe('header planning folds each row once', () => {
  it('plans every fixture and sample header row as before, for every preset', () => {
    const rows = fixtureRows();
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      for (const preset of PRESETS) same(planColumns(preset, row), refPlanColumns(preset, row));
      sameMatch(detectPreset(row, PRESETS), refDetectPreset(row, PRESETS));
    }
  });

  it('plans generated header rows as before (names repeated, respelt, empty columns)', () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { maxLength: 40 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        (row, emptyCells) => {
          const empty = new Set(emptyCells);
          for (const preset of PRESETS)
            same(planColumns(preset, row, empty), refPlanColumns(preset, row, empty));
          sameMatch(detectPreset(row, PRESETS), refDetectPreset(row, PRESETS));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('folds as foldHeader does', () => {
    expect(foldHeader('  Créé LE ')).toBe('créé le');
    expect(foldHeader('Cre\u0301e\u0301')).toBe(foldHeader('Créé'));
  });
});
