import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvDialect, detectNewline, readCsv } from '../../src/ingest/csv.ts';
import { detectDecimal, sniffDelimiter } from '../../src/ingest/dialect.ts';

async function readAll(chunks: string[], dialect: CsvDialect) {
  const out: { line: number; cells: string[] }[] = [];
  for await (const batch of readCsv(chunks, dialect)) out.push(...batch);
  return out;
}

function chunked(text: string, sizes: readonly number[]): string[] {
  const chunks: string[] = [];
  let pos = 0;
  for (let i = 0; pos < text.length; i++) {
    const size = sizes.length > 0 ? (sizes[i % sizes.length] ?? 1) : text.length;
    chunks.push(text.slice(pos, pos + size));
    pos += size;
  }
  return chunks;
}

describe('readCsv', () => {
  it('keeps ragged rows, blank lines (for row numbers), CRLF and a last row without newline', async () => {
    const dialect: CsvDialect = { delimiter: ',', newline: '\r\n', quote: '"' };
    const rows = await readAll(['a,b,c\r\n1,2,3\r\n\r\n4,5\r\n6,7,8,9\r\n10,11'], dialect);
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', '2', '3'] },
      { line: 3, cells: [''] },
      { line: 4, cells: ['4', '5'] },
      { line: 5, cells: ['6', '7', '8', '9'] },
      { line: 6, cells: ['10', '11'] },
    ]);
  });

  it('reads back RFC 4180 fields with quotes, delimiters and newlines, whatever the chunking', async () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'é', ' ', '"', ',', ';', '\t', '\n', '\r\n', 'x', '1'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 5 }),
        async (delimiter, newline, rows, sizes) => {
          // Quoted only when needed, as RFC 4180 writers do.
          const quote = (f: string) =>
            /["\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replaceAll('"', '""')}"` : f;
          const text = rows.map((r) => r.map(quote).join(delimiter)).join(newline) + newline;
          const read = await readAll(chunked(text, sizes), { delimiter, newline, quote: '"' });
          expect(read.map((r) => r.cells)).toEqual(rows);
          expect(read.map((r) => r.line)).toEqual(rows.map((_, i) => i + 1));
        },
      ),
    );
  });
});

describe('dialect', () => {
  it('sniffs the delimiter over a preamble and quoted delimiters', () => {
    expect(
      sniffDelimiter('Report\n"1 Mar, 2026"\nJour;Campagne;Coût\n01/03/2026;"A;B";1,5\n02/03/2026;C;2,5\n'),
    ).toBe(';');
    expect(sniffDelimiter('Day\tCampaign\tCost\n2026-03-01\tA, B\t1,234.5\n')).toBe('\t');
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('detects the newline outside quotes', () => {
    expect(detectNewline('"a\nb",c\r\n1,2')).toBe('\r\n');
    expect(detectNewline('a,b\n')).toBe('\n');
  });

  it('detects the decimal separator from numeric cells', () => {
    expect(detectDecimal(['1 234,56', '12', '3,5'])).toBe(',');
    expect(detectDecimal(['1,234.56', '3.5'])).toBe('.');
    expect(detectDecimal(['1,234', '12'])).toBeNull();
  });
});
