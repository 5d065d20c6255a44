import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../../src/ingest/csv-scan.ts';
import { fnv32, hash52 } from '../../src/ingest/id-set.ts';
import {
  hashRawIdentity,
  hashRawIdentityAt,
  rawIdentity,
  rawIdentityText,
} from '../../src/ingest/identity.ts';

// Cells as files and sheets give them: text (padded, blank, with the separators the identity
// text uses), numbers, nothing.
const cell = fc.oneof(
  fc.constantFrom('', ' ', 'a', 'a,b', '|s1:a', '1', 'Campaign 1', 'é', '2026-03-05'),
  fc.string({ maxLength: 6 }),
  fc.constantFrom(1, 0, 12.5, null, undefined),
);
const row = fc.array(cell, { maxLength: 6 });
const context = fc.constantFrom('', '2026-03-05', '2026-03-01..2026-03-31');

describe('rawIdentityText (property): the key a sink that keeps no ids gets', () => {
  it('tells two rows apart exactly when rawIdentity does', () => {
    // The second row: the first again, the first with a cell changed or moved, or another.
    const pair = row.chain((a) =>
      fc.tuple(
        fc.constant(a),
        fc.oneof(
          fc.constant(a),
          fc.constant([...a].reverse()),
          fc.tuple(fc.nat(6), cell).map(([i, v]) => a.map((x, k) => (k === i ? v : x))),
          row,
        ),
      ),
    );
    fc.assert(
      fc.property(pair, context, context, ([a, b], ca, cb) => {
        expect(rawIdentityText(a, ca) === rawIdentityText(b, cb)).toBe(
          rawIdentity(a, ca) === rawIdentity(b, cb),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('is the same for a row and the row padded with blank cells, as rawIdentity', () => {
    fc.assert(
      fc.property(
        row,
        fc.array(fc.constantFrom('', ' ', null), { maxLength: 3 }),
        context,
        (cells, pad, c) => {
          expect(rawIdentityText([...cells, ...pad], c)).toBe(rawIdentityText(cells, c));
        },
      ),
    );
  });
});

describe("hashRawIdentity (property): the text's hashes, without the text", () => {
  it('gives hash52 and fnv32 of rawIdentityText for any cells and context', () => {
    // Long cells too (lengths of several digits), any UTF-16 (lone surrogates), other types.
    const anyCell = fc.oneof(
      cell,
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ minLength: 95, maxLength: 1200 }),
      fc.constantFrom(true, false, -0, 1e21, Number.NaN, 10n),
    );
    const out = { hash: 0, check: 0 };
    fc.assert(
      fc.property(fc.array(anyCell, { maxLength: 8 }), fc.oneof(context, fc.string()), (cells, c) => {
        const text = rawIdentityText(cells, c);
        hashRawIdentity(cells, c, out);
        expect(out).toEqual({ hash: hash52(text), check: fnv32(text) });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('hashRawIdentityAt (property): hashRawIdentity of a byte record, read from its bytes', () => {
  it('gives the numbers hashRawIdentity gives for the record the scanner makes of the same bytes', () => {
    // Text cells as a CSV holds them: ASCII, UTF-8 of any length, blanks ASCII and not, quotes.
    const text = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        '\t',
        '\u00a0',
        '\u2003 ',
        'a',
        'Campaign 1',
        'é',
        'x"y',
        '2026-03-05',
        ' n1 ',
      ),
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.string({ minLength: 95, maxLength: 400 }),
    );
    const quote = (s: string, always: boolean) =>
      always || /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    const out = { hash: 0, check: 0 };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.boolean()), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('2026-03-05', '2025-01-01', '', 'é 2026'),
        (cells, day) => {
          const line = [day, ...cells.map(([c, q]) => quote(c, q))].join(',');
          const scanner = new CsvScanner({ delimiter: ',', newline: '\n', quote: '"' }, { bytes: true });
          const batch = [...scanner.pushBytes(Buffer.from(`${line}\n`)), ...scanner.endBytes()][0]!;
          if (batch.length !== 1 || batch.odd[0] === 1) return;
          const { cells: record } = batch.record(0);
          hashRawIdentityAt(batch, 0, day, out);
          const expected = { hash: 0, check: 0 };
          hashRawIdentity(record, day, expected);
          expect(out).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
