import { z } from 'zod';
import { type Currency, currencyFromSymbol } from '../model/money.ts';
import { COST_FIELD_TYPES, fieldTypes, LEAD_FIELD_TYPES, REQUIRED_FIELDS } from './fields.ts';
import type { CellType, Preset, PresetColumn } from './preset.ts';

/** One header cell mapped to a canonical field. */
export interface PlannedColumn {
  index: number;
  field: string;
  type: CellType;
  header: string;
  /** The currency the header names ("Amount spent (EUR)"), when it does. */
  currency: Currency | null;
  /** Joined to the field's earlier column with this separator (PresetColumn.join). */
  join?: string;
  /** The date opens a span (PresetColumn.spanStart). */
  spanStart?: boolean;
  /** Fills the field only where its earlier column is blank (PresetColumn.fallback). */
  fallback?: boolean;
}

/** A preset applied to one header row: which cell fills which field. */
export interface ColumnPlan {
  preset: Preset;
  header: readonly string[];
  columns: readonly PlannedColumn[];
  byField: ReadonlyMap<string, PlannedColumn>;
  /** Required fields (preset.required) with no column in this header. */
  missing: readonly string[];
  /** The currency named by a header, if any. */
  headerCurrency: Currency | null;
}

export interface MatchedPreset {
  preset: Preset;
  /** Matched columns, plus a fraction for how much of the header the preset explains. */
  score: number;
  plan: ColumnPlan;
}

/** The form headers are compared in: trimmed, NFC, case-folded. Nothing else is ignored. */
export function foldHeader(header: string): string {
  return header.trim().normalize('NFC').toLowerCase();
}

const patternCache = new Map<string, RegExp>();
function headerRegex(source: string): RegExp {
  let re = patternCache.get(source);
  if (!re) {
    re = new RegExp(source, 'iu');
    patternCache.set(source, re);
  }
  return re;
}

/**
 * A header row in the forms it is compared in, computed once per row: a row is planned against
 * every preset, each column's every name against every cell. Folding both sides of each
 * comparison made locating the HubSpot export's header (30 rows) cost ~80-145 ms of CPU; with
 * the row folded once and each name looked up among its cells, ~10-35 ms.
 */
interface HeaderForms {
  /** Each cell trimmed and NFC-normalised (what header patterns are matched against). */
  normal: readonly string[];
  /** Each cell as foldHeader gives it. */
  folded: readonly string[];
  /** The cells of each folded text, in order (a column's name finds its cells at once). */
  cellsOf: ReadonlyMap<string, readonly number[]>;
}

/** Each preset column's names, folded once (presets are long-lived: a weak map, not a leak). */
const foldedNamesOf = new WeakMap<PresetColumn, readonly string[]>();
function foldedNames(column: PresetColumn): readonly string[] {
  let names = foldedNamesOf.get(column);
  if (!names) {
    names = column.headers.map(foldHeader);
    foldedNamesOf.set(column, names);
  }
  return names;
}

function headerForms(header: readonly string[]): HeaderForms {
  const normal = Array.from(header, (h) => (h ?? '').trim().normalize('NFC'));
  const folded = normal.map((h) => h.toLowerCase());
  const cellsOf = new Map<string, number[]>();
  folded.forEach((text, index) => {
    const cells = cellsOf.get(text);
    if (cells) cells.push(index);
    else cellsOf.set(text, [index]);
  });
  return { normal, folded, cellsOf };
}

/** The currency a header pattern's match names ("Amount spent (EUR)"), or null for the cell. */
function matchPattern(column: PresetColumn, cell: string): { currency: Currency | null } | null {
  if (!column.headerPattern) return null;
  const m = headerRegex(column.headerPattern).exec(cell);
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
export function planColumns(
  preset: Preset,
  header: readonly string[],
  empty: ReadonlySet<number> = new Set(),
): ColumnPlan {
  return planWithForms(preset, header, headerForms(header), empty);
}

function planWithForms(
  preset: Preset,
  header: readonly string[],
  forms: HeaderForms,
  empty: ReadonlySet<number>,
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
    // Each name's cells in order, then the header pattern's: the order of preference.
    const add = (index: number, match: { currency: Currency | null }) => {
      if (!list.some((c) => c.index === index)) list.push({ column, index, match });
    };
    for (const name of foldedNames(column)) {
      for (const index of forms.cellsOf.get(name) ?? []) add(index, { currency: null });
    }
    if (column.headerPattern) {
      for (let index = 0; index < header.length; index++) {
        const match = matchPattern(column, forms.normal[index] ?? '');
        if (match) add(index, match);
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
  const folded = new Set(forms.folded);
  for (const mark of preset.signature ?? []) if (!folded.has(foldHeader(mark))) missing.push(`"${mark}"`);
  return { preset, header, columns, byField, missing, headerCurrency };
}

/**
 * The preset that best explains a header row, or null when none has all its required
 * columns. Score: matched columns + the share of non-empty header cells they explain.
 */
export function detectPreset(header: readonly string[], presets: readonly Preset[]): MatchedPreset | null {
  let best: MatchedPreset | null = null;
  const nonEmpty = header.filter((h) => h.trim() !== '').length;
  const forms = headerForms(header);
  for (const preset of presets) {
    const plan = planWithForms(preset, header, forms, new Set());
    if (plan.missing.length > 0 || plan.columns.length === 0) continue;
    // Signature headers ("Search term") count as matched: they tell one level's download from another's.
    const matched = plan.columns.length + (preset.signature?.length ?? 0);
    const score = matched + matched / Math.max(1, nonEmpty);
    if (!best || score > best.score) best = { preset, score, plan };
  }
  return best;
}

/** Alias used by header location: a row is a header when some preset matches it. */
export const matchPreset = detectPreset;

const FIELD_NAMES = {
  lead: Object.keys(LEAD_FIELD_TYPES) as [string, ...string[]],
  cost: Object.keys(COST_FIELD_TYPES) as [string, ...string[]],
};

/**
 * A column mapping from the YAML config (`sources[].mapping`), e.g.
 * `{ kind: lead, columns: { createdAt: Date, campaign: Campaign } }`: canonical field -> header.
 */
export const ColumnMappingSchema = z
  .object({
    kind: z.enum(['lead', 'cost']),
    columns: z.record(z.string(), z.string().min(1)),
    /** Optional cell types, when the default of the field does not fit (e.g. `amount: number`). */
    types: z
      .record(
        z.string(),
        z.enum(['text', 'number', 'integer', 'money', 'date', 'datetime', 'percent', 'hour']),
      )
      .optional(),
    defaults: z.record(z.string(), z.string()).optional(),
    dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
    id: z.string().min(1).optional(),
    label: z.string().optional(),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    const known = FIELD_NAMES[mapping.kind];
    for (const field of Object.keys(mapping.columns)) {
      if (!known.includes(field)) {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', field],
          message: `unknown ${mapping.kind} field "${field}" (expected one of: ${known.join(', ')})`,
        });
      }
    }
    for (const field of REQUIRED_FIELDS[mapping.kind]) {
      if (!(field in mapping.columns)) {
        ctx.addIssue({
          code: 'custom',
          path: ['columns', field],
          message: `a column for "${field}" is required`,
        });
      }
    }
  });
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/** The generic preset: a preset built from a column mapping of the config. */
export function genericPreset(mapping: ColumnMapping): Preset {
  const types = fieldTypes(mapping.kind);
  return {
    id: mapping.id ?? 'generic',
    label: mapping.label ?? 'Generic (column mapping)',
    kind: mapping.kind,
    columns: Object.entries(mapping.columns).map(([field, header]) => ({
      field,
      headers: [header],
      type: mapping.types?.[field] ?? types[field] ?? 'text',
    })),
    required: Object.keys(mapping.columns).filter((f) => REQUIRED_FIELDS[mapping.kind].includes(f)),
    ...(mapping.defaults ? { defaults: mapping.defaults } : {}),
    ...(mapping.dateOrder ? { dateOrder: mapping.dateOrder } : {}),
  };
}
