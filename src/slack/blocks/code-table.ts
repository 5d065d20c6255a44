import { displayWidth, fitWidth, pad } from './width.ts';

/** A right-aligned column: its header and one cell per row (and the total's). */
export interface TableColumn {
  header: string;
  cells: readonly string[];
  total: string;
}

/** The columns that belong together (a metric's value and its change) and move as one. */
export type ColumnGroup = readonly TableColumn[];

export interface CodeTableSpec {
  /** Row labels, raw (not escaped). */
  labels: readonly string[];
  totalLabel: string;
  groups: readonly ColumnGroup[];
  /** The widest line allowed, in columns. */
  width: number;
  /** A label column narrower than this is not worth it: the groups go to another table. */
  minLabel: number;
  /** Tables at most; the groups that do not fit in them are dropped. */
  maxTables: number;
}

export interface CodeTables {
  /** Each table's lines, raw (escape them before sending). */
  tables: string[][];
  /** Indexes of the groups left out (they did not fit in `maxTables` tables). */
  dropped: number[];
}

const clean = (text: string): string => text.replace(/[\p{Cc}\s]+/gu, ' ').trim();

function columnWidth(column: TableColumn): number {
  return Math.max(displayWidth(column.header), displayWidth(column.total), ...column.cells.map(displayWidth));
}

const groupWidth = (group: ColumnGroup): number =>
  group.reduce((sum, column) => sum + 1 + columnWidth(column), 0);

/** Groups packed into tables, in order, each table as wide as `width` allows. */
function pack(spec: CodeTableSpec): { tables: number[][]; dropped: number[] } {
  const tables: number[][] = [];
  const dropped: number[] = [];
  let current: number[] = [];
  let used = 0;
  spec.groups.forEach((group, index) => {
    const w = groupWidth(group);
    if (current.length > 0 && spec.minLabel + used + w > spec.width) {
      tables.push(current);
      current = [];
      used = 0;
    }
    if (tables.length >= spec.maxTables) {
      dropped.push(index);
      return;
    }
    current.push(index);
    used += w;
  });
  if (current.length > 0 && tables.length < spec.maxTables) tables.push(current);
  return { tables, dropped };
}

/** One table: header, rows (a label too long for its column gets a line of its own), rule, total. */
function render(spec: CodeTableSpec, groups: readonly number[]): string[] {
  const columns = groups.flatMap((g) => spec.groups[g] ?? []);
  const widths = columns.map(columnWidth);
  const labels = spec.labels.map(clean);
  const totalLabel = clean(spec.totalLabel);
  const longest = Math.max(displayWidth(totalLabel), ...labels.map(displayWidth));
  // Two spaces between columns read better; one when the labels need the room.
  const span = (gap: number) => widths.reduce((sum, w) => sum + gap + w, 0);
  const gap = spec.width - span(2) >= Math.min(longest, spec.minLabel + 4) ? 2 : 1;
  const cellsWidth = span(gap);
  const labelWidth = Math.max(0, Math.min(longest, spec.width - cellsWidth));
  const space = ' '.repeat(gap);
  const cells = (pick: (column: TableColumn) => string): string =>
    columns.map((column, i) => `${space}${pad(pick(column), widths[i] ?? 0, true)}`).join('');
  const lines = [`${pad('', labelWidth)}${cells((c) => c.header)}`.trimEnd()];
  labels.forEach((label, row) => {
    const values = cells((c) => c.cells[row] ?? '');
    if (displayWidth(label) <= labelWidth) {
      lines.push(`${pad(label, labelWidth)}${values}`.trimEnd());
    } else {
      lines.push(fitWidth(label, spec.width));
      lines.push(`${pad('', labelWidth)}${values}`.trimEnd());
    }
  });
  lines.push('─'.repeat(Math.min(spec.width, labelWidth + cellsWidth)));
  lines.push(`${pad(fitWidth(totalLabel, labelWidth), labelWidth)}${cells((c) => c.total)}`.trimEnd());
  return lines;
}

/**
 * A breakdown as monospace tables no wider than `width` columns: the metric groups fill a first
 * table next to the labels, then a second one (same rows, same order), then are dropped (the
 * CSV has them). Every line, header and rule included, is at most `width` columns.
 */
export function codeTables(spec: CodeTableSpec): CodeTables {
  const packed = pack(spec);
  return { tables: packed.tables.map((groups) => render(spec, groups)), dropped: packed.dropped };
}
