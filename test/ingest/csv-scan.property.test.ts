import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvDialect, type CsvRecord, readCsv } from '../../src/ingest/csv.ts';
import { CsvScanner, scannable } from '../../src/ingest/csv-scan.ts';

async function viaReadCsv(text: string, dialect: CsvDialect): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of readCsv([text], dialect)) out.push(...batch);
  return out;
}

/** The scanner over the UTF-8 bytes of `text` (a BOM before it when asked), cut at `cuts`. */
function viaScanner(text: string, dialect: CsvDialect, cuts: readonly number[], bom = false): CsvRecord[] {
  const bytes = Buffer.concat([
    bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
    Buffer.from(text, 'utf8'),
  ]);
  const scanner = new CsvScanner(dialect);
  const out: CsvRecord[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const to = Math.min(bytes.length, cut);
    if (to <= at) continue;
    out.push(...scanner.push(bytes.subarray(at, to)));
    at = to;
  }
  if (at < bytes.length) out.push(...scanner.push(bytes.subarray(at)));
  out.push(...scanner.end());
  return out;
}

const DIALECTS: CsvDialect[] = [
  { delimiter: ',', newline: '\n', quote: '"' },
  { delimiter: ';', newline: '\r\n', quote: '"' },
  { delimiter: '\t', newline: '\r', quote: '"' },
  { delimiter: '|', newline: '\n', quote: '"' },
];

// Pieces real and broken exports are made of: text (ASCII and not), quotes alone and doubled,
// quoted fields closed or not, blanks after a closing quote, every newline, delimiters.
const piece = fc.constantFrom(
  'a',
  'Paid Search',
  'é',
  'Côte d’Ivoire',
  '日本',
  '😀',
  '2026-03-05',
  '12.5',
  ' ',
  '\u00a0',
  '"',
  '""',
  '"x"',
  '"a,b"',
  '"line\nbreak"',
  '"crlf\r\nin"',
  '"x" ',
  '"x"  ,',
  ',',
  ';',
  '\t',
  '|',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '',
);
const csvText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

describe('CsvScanner (property): the records readCsv gives, from bytes cut anywhere', () => {
  for (const dialect of DIALECTS) {
    it(`delimiter ${JSON.stringify(dialect.delimiter)}, newline ${JSON.stringify(dialect.newline)}`, async () => {
      expect(scannable(dialect)).toBe(true);
      await fc.assert(
        fc.asyncProperty(
          csvText,
          fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }),
          fc.boolean(),
          async (text, cuts, bom) => {
            expect(viaScanner(text, dialect, cuts, bom)).toEqual(await viaReadCsv(text, dialect));
          },
        ),
        { numRuns: 600 },
      );
    });
  }

  it('on records of a column repeated (memoised cells) and ragged rows', async () => {
    const dialect = DIALECTS[0]!;
    const cell = fc.constantFrom(
      '',
      'google',
      'Google',
      'gôogle',
      '"google"',
      '"go""ogle"',
      'x'.repeat(70),
      '1',
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(','));
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 200 }),
        fc.constantFrom('', '\n'),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 6 }),
        async (rows, end, cuts) => {
          const text = rows.join('\n') + end;
          expect(viaScanner(text, dialect, cuts)).toEqual(await viaReadCsv(text, dialect));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same string object for the same bytes of a column', () => {
    const scanner = new CsvScanner(DIALECTS[0]!);
    const records = scanner.push(Buffer.from('paid_search,FR\npaid_search,FR\n'));
    expect(records[0]!.cells[0]).toBe(records[1]!.cells[0]);
    expect(records.map((r) => r.cells)).toEqual([
      ['paid_search', 'FR'],
      ['paid_search', 'FR'],
    ]);
  });

  it('numbers records from firstLine and skips a BOM only at the file start', () => {
    const later = new CsvScanner(DIALECTS[0]!, { firstLine: 41, atFileStart: false });
    const records = [...later.push(Buffer.from('\ufeffa,b\nc')), ...later.end()];
    expect(records).toEqual([
      { line: 41, cells: ['\ufeffa', 'b'] },
      { line: 42, cells: ['c'] },
    ]);
  });
});
