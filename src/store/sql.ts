import type { Db } from './db.ts';

/**
 * Small SQL text helpers shared by the two adapters. They understand just enough of the
 * lexical grammar (quoted strings, quoted identifiers, comments) to leave literals alone.
 */

type Visit = (sql: string, i: number) => { text: string; next: number } | null;

/** Walks SQL, copying string literals, quoted identifiers and comments verbatim. */
function walk(sql: string, visit: Visit): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch) {
          // A doubled quote is an escaped quote inside the literal.
          if (sql[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, j);
      i = j;
    } else {
      const hit = visit(sql, i);
      if (hit) {
        out += hit.text;
        i = hit.next;
      } else {
        out += ch;
        i++;
      }
    }
  }
  return out;
}

/** Rewrites Postgres `$1` placeholders to SQLite's numbered `?1`, outside literals and comments. */
export function toSqlitePlaceholders(sql: string): string {
  return walk(sql, (text, i) => {
    if (text[i] !== '$') return null;
    const m = /^\$(\d+)/.exec(text.slice(i, i + 12));
    return m ? { text: `?${m[1]}`, next: i + m[0].length } : null;
  });
}

const MARK = '\u0000;\u0000';

/** Splits a script into statements on `;` outside literals and comments; blank ones are dropped. */
export function splitStatements(script: string): string[] {
  const marked = walk(script, (text, i) => (text[i] === ';' ? { text: MARK, next: i + 1 } : null));
  return marked
    .split(MARK)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim() !== '');
}

/** Values both drivers bind the same way: booleans as 0/1 (stored as INTEGER), undefined as NULL. */
export function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** The Postgres COPY path (Db.copyIn), or null on a store without one (the embedded store). */
export function copyRunner(db: Db): ((sql: string, lines: Iterable<string>) => Promise<void>) | null {
  const copyIn = db.copyIn;
  return copyIn ? (sql, lines) => copyIn.call(db, sql, lines) : null;
}

/** Db.copyBytea (a bytea column's values as bytes), or null on a store without it. */
export function byteaReader(db: Db): ((select: string) => AsyncGenerator<Buffer>) | null {
  const copyBytea = db.copyBytea;
  return copyBytea ? (select) => copyBytea.call(db, select) : null;
}

/**
 * Quotes a string literal for Postgres (where no parameter can go, e.g. inside COPY), as
 * pg.escapeLiteral does (kept here so the embedded store's modules never load pg).
 */
export function quoteLiteral(value: string): string {
  let backslash = false;
  let out = "'";
  for (const ch of value) {
    if (ch === "'") out += "''";
    else if (ch === '\\') {
      out += '\\\\';
      backslash = true;
    } else out += ch;
  }
  out += "'";
  return backslash ? ` E${out}` : out;
}
