/** A column of an aligned text grid. */
export interface GridColumn {
  header: string;
  align: 'left' | 'right';
}

const MAX_CELL = 40;

/** Display width in code points (accents composed): good enough for names and numbers. */
const width = (text: string): number => [...text.normalize('NFC')].length;

/** Cuts an over-long cell with an ellipsis so one campaign name cannot push the grid off screen. */
function clip(text: string, max = MAX_CELL): string {
  const chars = [...text.normalize('NFC')];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const pad = (text: string, size: number, align: 'left' | 'right'): string => {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'left' ? text + fill : fill + text;
};

/**
 * An aligned grid: header, a rule, the rows; `separatorBefore` draws a rule above that row index
 * (the total). Control characters in cells are shown as spaces so data cannot break the layout.
 */
export function renderGrid(
  columns: readonly GridColumn[],
  rows: readonly string[][],
  separatorBefore?: number,
): string {
  const clean = (cell: string): string => clip(cell.replace(/\p{Cc}/gu, ' '));
  const body = rows.map((row) => columns.map((_, i) => clean(row[i] ?? '')));
  const sizes = columns.map((column, i) =>
    Math.max(width(column.header), ...body.map((row) => width(row[i] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => pad(cell, sizes[i] ?? 0, columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const rule = sizes.map((size) => '─'.repeat(size)).join('  ');
  const out = [line(columns.map((c) => c.header)), rule];
  body.forEach((row, index) => {
    if (index === separatorBefore && index > 0) out.push(rule);
    out.push(line(row));
  });
  return out.join('\n');
}
