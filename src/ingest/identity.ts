import { hash } from 'node:crypto';
import type { ByteRecords } from './byte-records.ts';
import { finish52 } from './id-set.ts';

/**
 * The identity of a source row that has no record id: a hash of every cell as the file wrote
 * it, plus what the file states around the rows (`context`: the day or span a campaign grid
 * row covers). Two rows share it only when they are the same row, repeated (the same export
 * appended twice, overlapping date ranges); rows that differ in any column, mapped or not (an
 * age bracket, a gender, an ad set the preset does not read), never do. Trailing blank cells
 * are left out: spreadsheets pad some rows and not others.
 */
export function rawIdentity(cells: readonly unknown[], context: string): string {
  // The one-shot hash (no Hash object per row): the same hex digest, in about half the time.
  return hash('sha1', rawIdentityText(cells, context));
}

/**
 * The text rawIdentity hashes: as telling (two rows share it only when they are the same row),
 * longer. For a sink that keeps no ids and hashes them itself: no SHA-1 per row.
 */
export function rawIdentityText(cells: readonly unknown[], context: string): string {
  let end = cells.length;
  while (end > 0 && isBlank(cells[end - 1])) end--;
  // Each cell length-prefixed and typed: ["a,b"] and ["a", "b"], 1 and "1" stay apart. One
  // string, hashed once: a call into the hash per cell costs more than the concatenation.
  let text = `${context.length}:${context}`;
  for (let i = 0; i < end; i++) {
    const cell = cells[i];
    const value = cell == null ? '' : String(cell);
    text += `|${typeof cell === 'string' ? 's' : typeof cell}${value.length}:${value}`;
  }
  return text;
}

function isBlank(cell: unknown): boolean {
  return cell == null || (typeof cell === 'string' && cell.trim() === '');
}

/** A row key's two hashes (id-set.ts RowIndex.claimSeenHashed): hash52 and fnv32 of its text. */
export interface KeyHash {
  hash: number;
  check: number;
}

/**
 * hash52 and fnv32 (id-set.ts) of rawIdentityText(cells, context), into `out`, computed over
 * the cells in sequence without building the text (no string per row, none to flatten): the
 * same numbers either way (test/ingest/identity.property.test.ts). One loop with the three
 * lanes in locals: helpers per piece, or fields for the lanes, cost half as much again.
 */
export function hashRawIdentity(cells: readonly unknown[], context: string, out: KeyHash): void {
  let end = cells.length;
  while (end > 0 && isBlank(cells[end - 1])) end--;
  // hashKey's lanes and constants (id-set.ts).
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let f = 0x811c9dc5;
  // Piece -1 is the context; each cell is '|', its type, then as the context: length ':' value.
  for (let i = -1; i < end; i++) {
    let value: string;
    if (i < 0) value = context;
    else {
      const cell = cells[i];
      const tag = typeof cell === 'string' ? 's' : typeof cell;
      value = typeof cell === 'string' ? cell : cell == null ? '' : String(cell);
      h1 = Math.imul(h1 ^ 124, 2654435761);
      h2 = Math.imul(h2 ^ 124, 1597334677);
      f = Math.imul(f ^ 124, 16777619);
      for (let k = 0; k < tag.length; k++) {
        const c = tag.charCodeAt(k);
        h1 = Math.imul(h1 ^ c, 2654435761);
        h2 = Math.imul(h2 ^ c, 1597334677);
        f = Math.imul(f ^ c, 16777619);
      }
    }
    // The length's decimal digits, as `${n}` writes them, then ':'.
    const n = value.length;
    let p = 1;
    while (p * 10 <= n) p *= 10;
    for (; p >= 1; p /= 10) {
      const c = 48 + (Math.floor(n / p) % 10);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
      f = Math.imul(f ^ c, 16777619);
    }
    h1 = Math.imul(h1 ^ 58, 2654435761);
    h2 = Math.imul(h2 ^ 58, 1597334677);
    f = Math.imul(f ^ 58, 16777619);
    for (let k = 0; k < n; k++) {
      const c = value.charCodeAt(k);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
      f = Math.imul(f ^ c, 16777619);
    }
  }
  out.hash = finish52(h1, h2);
  out.check = f | 0;
}

/** hashRawIdentityAt's lanes after hashing its last context. */
const afterContext = { context: null as string | null, h1: 0, h2: 0, f: 0 };

/**
 * hashRawIdentity of record i of a byte batch (its cells' text: no record the batch marks odd)
 * with `context`: the same numbers, read from the bytes when every cell is ASCII (a byte is then
 * its character's code), else from the record's text (batch.record) by hashRawIdentity itself.
 */
export function hashRawIdentityAt(batch: ByteRecords, i: number, context: string, out: KeyHash): void {
  const b = batch.bytes;
  const { starts, ends } = batch;
  const first = batch.firstCell[i]!;
  let end = batch.firstCell[i + 1]!;
  while (end > first && isBlankCellAt(batch, end - 1)) end--;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let f = 0x811c9dc5;
  let or = 0;
  // As hashRawIdentity: the context (cell first - 1), then each cell's '|', 's' (all are text).
  // Rows of a day follow each other: the lanes after the last context are kept.
  let c = first - 1;
  if (context === afterContext.context) {
    h1 = afterContext.h1;
    h2 = afterContext.h2;
    f = afterContext.f;
    c = first;
  }
  for (; c < end; c++) {
    const text = c < first;
    const s = text ? 0 : starts[c]!;
    const n = text ? context.length : ends[c]! - s;
    if (!text) {
      h1 = Math.imul(Math.imul(h1 ^ 124, 2654435761) ^ 115, 2654435761);
      h2 = Math.imul(Math.imul(h2 ^ 124, 1597334677) ^ 115, 1597334677);
      f = Math.imul(Math.imul(f ^ 124, 16777619) ^ 115, 16777619);
    }
    // Its length's decimal digits, then ':'. Below 100 without a loop nor a division by a
    // float (a third of the time of a record of short cells).
    let p = n < 10 ? 1 : n < 100 ? 10 : 100;
    while (p * 10 <= n) p *= 10;
    for (; p > 1; p /= 10) {
      const d = 48 + (Math.floor(n / p) % 10);
      h1 = Math.imul(h1 ^ d, 2654435761);
      h2 = Math.imul(h2 ^ d, 1597334677);
      f = Math.imul(f ^ d, 16777619);
    }
    const d = 48 + (n % 10);
    h1 = Math.imul(Math.imul(h1 ^ d, 2654435761) ^ 58, 2654435761);
    h2 = Math.imul(Math.imul(h2 ^ d, 1597334677) ^ 58, 1597334677);
    f = Math.imul(Math.imul(f ^ d, 16777619) ^ 58, 16777619);
    if (text) {
      for (let k = 0; k < n; k++) {
        const ch = context.charCodeAt(k);
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
        f = Math.imul(f ^ ch, 16777619);
      }
      afterContext.context = context;
      afterContext.h1 = h1;
      afterContext.h2 = h2;
      afterContext.f = f;
      continue;
    }
    const e = s + n;
    for (let j = s; j < e; j++) {
      const ch = b[j]!;
      or |= ch;
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
      f = Math.imul(f ^ ch, 16777619);
    }
  }
  // A cell with other bytes: its length in characters and their codes are not its bytes'.
  if (or >= 0x80) hashRawIdentity(batch.record(i).cells, context, out);
  else {
    out.hash = finish52(h1, h2);
    out.check = f | 0;
  }
}

/** isBlank of a cell of a byte batch: no character but white space (ASCII's read from the bytes). */
function isBlankCellAt(batch: ByteRecords, c: number): boolean {
  const b = batch.bytes;
  const e = batch.ends[c]!;
  let high = false;
  for (let j = batch.starts[c]!; j < e; j++) {
    const ch = b[j]!;
    if (ch >= 0x80) high = true;
    // JavaScript's white space in ASCII: tab, line feed, vertical tab, form feed, return, space.
    else if (ch !== 0x20 && (ch < 0x09 || ch > 0x0d)) return false;
  }
  return !high || batch.text(c).trim() === '';
}
