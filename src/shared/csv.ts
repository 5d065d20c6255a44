import Papa from 'papaparse';

/** One cell of a table we write: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

/**
 * A cell a spreadsheet would run as a formula (CSV injection: `=HYPERLINK(…)`, `+cmd|…`,
 * `-2+3`, `@SUM(…)`, or a tab / carriage return in front of one). Papa's own `escapeFormulae`
 * pattern (`/^[=+\-@\t\r].*$/`) misses such a cell when it also holds a line break, so the
 * test is on the first character only.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The one CSV writer of the code base (downloads of answers and of `why` tables): RFC 4180
 * through papaparse (`Papa.unparse`), CRLF line ends and a final one. Text cells that start
 * like a formula get a leading `'` (OWASP's advice); numbers are written as numbers, so `-5`
 * stays a number. Cells holding `;` are quoted too: comma-decimal spreadsheets split on it.
 */
export function toCsv(head: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const data = [head, ...rows].map((row) => row.map(cellValue));
  const text = Papa.unparse(data, {
    newline: '\r\n',
    escapeFormulae: FORMULA_START,
    quotes: (value: unknown) => typeof value === 'string' && value.includes(';'),
  });
  return `${text}\r\n`;
}

function cellValue(value: CsvCell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return value;
}
