import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ByteRecords } from '../../src/ingest/byte-records.ts';
import type { CsvDialect, CsvRecord } from '../../src/ingest/csv.ts';
import { CsvScanner } from '../../src/ingest/csv-scan.ts';

/**
 * The scanner over `bytes` cut at `cuts`, in string mode or in byte mode; `read` sees each byte
 * batch before the next push (as consumers do: the scanner refills it then).
 */
function scan(
  bytes: Buffer,
  dialect: CsvDialect,
  cuts: readonly number[],
  bytesMode: boolean,
  skipThrough = 0,
  read: (batch: ByteRecords) => void = () => {},
) {
  const scanner = new CsvScanner(dialect, { bytes: bytesMode, skipThrough });
  const records: CsvRecord[] = [];
  let at = 0;
  const feed = (chunk: Buffer) => {
    if (bytesMode) for (const batch of scanner.pushBytes(chunk)) read(batch);
    else records.push(...scanner.push(chunk));
  };
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const to = Math.min(bytes.length, cut);
    if (to <= at) continue;
    feed(bytes.subarray(at, to));
    at = to;
  }
  if (at < bytes.length) feed(bytes.subarray(at));
  if (bytesMode) for (const batch of scanner.endBytes()) read(batch);
  else records.push(...scanner.end());
  return records;
}

const DIALECTS: CsvDialect[] = [
  { delimiter: ',', newline: '\n', quote: '"' },
  { delimiter: ';', newline: '\r\n', quote: '"' },
];

const piece = fc.constantFrom(
  'a',
  'Paid Search',
  'é',
  '日本',
  '2026-03-05',
  ' ',
  '"',
  '""',
  '"x"',
  '"a,b"',
  '"line\nbreak"',
  '"x" ',
  '"x"  ,',
  '"go""ogle"',
  ',',
  ';',
  '\n',
  '\r\n',
  '\r',
  '',
);
const csvText = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

describe('ByteRecords (property): byte mode gives the string records, cut anywhere', () => {
  for (const dialect of DIALECTS) {
    it(`delimiter ${JSON.stringify(dialect.delimiter)}, newline ${JSON.stringify(dialect.newline)}`, () => {
      fc.assert(
        fc.property(
          csvText,
          fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 3 }),
          (text, cuts, bom, skip) => {
            const bytes = Buffer.concat([
              bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
              Buffer.from(text, 'utf8'),
            ]);
            const expected = scan(bytes, dialect, cuts, false).filter((r) => r.line > skip);
            const got: CsvRecord[] = [];
            scan(bytes, dialect, cuts, true, skip, (batch) => {
              for (let i = 0; i < batch.length; i++) {
                got.push(batch.record(i));
                expect(batch.width(i)).toBe(batch.record(i).cells.length);
                // A record not marked odd has every cell's text as its bytes stand.
                if (batch.odd[i] === 0) {
                  for (let c = batch.firstCell[i]!; c < batch.firstCell[i + 1]!; c++) {
                    expect(batch.text(c)).toBe(batch.bytes.toString('utf8', batch.starts[c], batch.ends[c]));
                  }
                }
              }
            });
            expect(got).toEqual(expected);
          },
        ),
        { numRuns: 800 },
      );
    });
  }

  it('marks a record with a doubled quote odd, and reads quoted cells inside their quotes', () => {
    const scanner = new CsvScanner(DIALECTS[0]!, { bytes: true, skipThrough: 1 });
    const batches = [
      ...scanner.pushBytes(Buffer.from('"h1","h2"\n"a","b"\n"x""y","z"\n')),
      ...scanner.endBytes(),
    ];
    expect(batches).toHaveLength(1);
    const batch = batches[0]!;
    expect(batch.length).toBe(2);
    expect([batch.record(0), batch.record(1)]).toEqual([
      { line: 2, cells: ['a', 'b'] },
      { line: 3, cells: ['x"y', 'z'] },
    ]);
    expect([...batch.odd.subarray(0, 2)]).toEqual([0, 1]);
    expect(batch.bytes.toString('latin1', batch.starts[0], batch.ends[0])).toBe('a');
  });
});
