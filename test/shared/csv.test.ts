import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { type CsvCell, toCsv } from '../../src/shared/csv.ts';

const parse = (text: string): string[][] => {
  const parsed = Papa.parse<string[]>(text.replace(/\r\n$/, ''), { newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};

describe('the one CSV writer', () => {
  it('guards every text cell that starts with = + - @ (or a tab / CR), even across a line break', () => {
    const csv = toCsv(
      ['campaign', 'cpl'],
      [
        ['=HYPERLINK("http://x","y")', 1.5],
        ["+cmd|' /C calc'!A0", -5],
        ['-2+3', 0],
        ['@SUM(A1:A2)', null],
        ['=1+1\nsecond line', Number.NaN],
        ['\t=tab', Number.POSITIVE_INFINITY],
        ['Spring Sale', 12],
      ],
    );
    expect(parse(csv)).toEqual([
      ['campaign', 'cpl'],
      ['\'=HYPERLINK("http://x","y")', '1.5'],
      ["'+cmd|' /C calc'!A0", '-5'],
      ["'-2+3", '0'],
      ["'@SUM(A1:A2)", ''],
      ["'=1+1\nsecond line", ''],
      ["'\t=tab", ''],
      ['Spring Sale', '12'],
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('campaign,cpl');
  });

  it('quotes commas, quotes and semicolons so that spreadsheets in any locale keep the columns', () => {
    expect(toCsv(['a', 'b', 'c'], [['x,y', 'say "hi"', 'p;q']])).toBe(
      'a,b,c\r\n"x,y","say ""hi""","p;q"\r\n',
    );
  });

  it('reads back exactly what it wrote, formula cells with their one leading quote', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 6 }), (rows) => {
        const back = parse(toCsv(['a', 'b'], rows as CsvCell[][]));
        expect(back.slice(1)).toEqual(
          rows.map((row) =>
            row.map((value) => {
              if (value === null) return '';
              if (typeof value === 'number') return String(value);
              return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
            }),
          ),
        );
      }),
    );
  });
});
