import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { quoteLiteral, splitStatements, toSqlitePlaceholders } from '../../src/store/sql.ts';

describe('toSqlitePlaceholders', () => {
  it('rewrites $n outside literals and comments', () => {
    expect(toSqlitePlaceholders('SELECT $1, \'$2\', "$3", $10 -- $4\n/* $5 */ FROM t WHERE a = $2')).toBe(
      'SELECT ?1, \'$2\', "$3", ?10 -- $4\n/* $5 */ FROM t WHERE a = ?2',
    );
  });

  it('handles doubled quotes inside a literal', () => {
    expect(toSqlitePlaceholders("SELECT 'it''s $1' || $1")).toBe("SELECT 'it''s $1' || ?1");
  });
});

describe('splitStatements', () => {
  it('splits on semicolons outside literals and drops comment-only pieces', () => {
    expect(
      splitStatements("CREATE TABLE a (x TEXT DEFAULT ';');\n-- done;\nINSERT INTO a VALUES ('b;c');\n"),
    ).toEqual(["CREATE TABLE a (x TEXT DEFAULT ';')", "-- done;\nINSERT INTO a VALUES ('b;c')"]);
  });
});

describe('toSqlitePlaceholders (property)', () => {
  // SQL built from pieces whose rewrite is known: placeholders change, literals never do.
  const piece = fc.oneof(
    fc.integer({ min: 1, max: 99 }).map((n) => ({ pg: `$${n}`, sqlite: `?${n}` })),
    fc
      .string()
      .map((s) => `'${s.replace(/'/g, "''")}'`)
      .map((lit) => ({ pg: lit, sqlite: lit })),
    fc
      .string()
      .map((s) => `"${s.replace(/"/g, '""')}"`)
      .map((id) => ({ pg: id, sqlite: id })),
    fc.constantFrom(' ', ', ', ' = ', 'SELECT ', ' FROM t ', '(', ')').map((w) => ({ pg: w, sqlite: w })),
  );

  it('rewrites exactly the placeholders outside quotes', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const pg = pieces.map((p) => p.pg).join(' ');
        expect(toSqlitePlaceholders(pg)).toBe(pieces.map((p) => p.sqlite).join(' '));
      }),
    );
  });
});

describe('quoteLiteral', () => {
  it('quotes as pg.escapeLiteral does (the embedded store does not load pg)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '\\', 'a', 'é', ' ', '"', '😀') }), (s) => {
        expect(quoteLiteral(s)).toBe(pg.escapeLiteral(s));
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(quoteLiteral(s)).toBe(pg.escapeLiteral(s));
      }),
    );
  });
});
