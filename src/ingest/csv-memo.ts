/**
 * Cells decoded from UTF-8 bytes, one string per distinct value of a column: exports repeat a
 * channel, a country, an owner, a day on thousands of rows, and the same bytes give the same
 * string (no new string, no garbage; later Map lookups find its hash already computed). A
 * column that turns out to hold mostly distinct values (ids, e-mails, instants) stops being
 * memoised after LIMIT of them and is decoded cell by cell.
 */

/** Distinct values a column is memoised for at most. */
const LIMIT = 4096;
/** Longer cells are decoded as they come (few repeat, and comparing them costs). */
const MAX_BYTES = 64;
const SLOTS = 8192;
const MASK = SLOTS - 1;

// Buffer's own decoders, without toString's encoding lookup: Node has them on every Buffer
// (its toString calls them); @types/node does not declare them.
interface Slices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** A cell's text: latin1Slice when every byte is ASCII (`high` < 0x80), else utf8Slice. */
export function decodeCell(input: Buffer, start: number, end: number, high: number): string {
  const slices = input as unknown as Slices;
  return high < 0x80 ? slices.latin1Slice(start, end) : slices.utf8Slice(start, end);
}

class ColumnMemo {
  readonly hashes = new Int32Array(SLOTS);
  readonly strings: (string | undefined)[] = new Array(SLOTS);
  /** The bytes of a non-ASCII value (an ASCII one is compared with its string). */
  readonly bytes: (Uint8Array | null)[] = new Array(SLOTS);
  size = 0;
}

export class CellMemo {
  /** Per column position: its memo, null once it is known to hold mostly distinct values. */
  readonly #columns: (ColumnMemo | null | undefined)[] = [];

  /**
   * The text of the bytes start..end of column `col`. `high`: the OR of its bytes when the
   * caller has it (an unquoted field), -1 when not.
   */
  cell(col: number, input: Buffer, start: number, end: number, high: number): string {
    const length = end - start;
    if (length === 0) return '';
    let memo = this.#columns[col];
    if (memo === undefined) {
      memo = new ColumnMemo();
      this.#columns[col] = memo;
    }
    if (memo === null || length > MAX_BYTES) {
      if (high < 0) high = orOf(input, start, end);
      return decodeCell(input, start, end, high);
    }
    let h = 0x811c9dc5 ^ length;
    let or = 0;
    for (let i = start; i < end; i++) {
      const b = input[i]!;
      or |= b;
      h = Math.imul(h ^ b, 16777619);
    }
    let slot = (h ^ (h >>> 15)) & MASK;
    for (;;) {
      const known = memo.strings[slot];
      if (known === undefined) break;
      if (memo.hashes[slot] === h && same(known, memo.bytes[slot] ?? null, input, start, end, or))
        return known;
      slot = (slot + 1) & MASK;
    }
    const text = decodeCell(input, start, end, or);
    if (memo.size >= LIMIT) {
      this.#columns[col] = null;
      return text;
    }
    memo.hashes[slot] = h;
    memo.strings[slot] = text;
    memo.bytes[slot] = or < 0x80 ? null : Uint8Array.prototype.slice.call(input, start, end);
    memo.size++;
    return text;
  }
}

function orOf(input: Buffer, start: number, end: number): number {
  let or = 0;
  for (let i = start; i < end; i++) or |= input[i]!;
  return or;
}

/** Whether a memoised value is the one of these bytes. */
function same(
  text: string,
  bytes: Uint8Array | null,
  input: Buffer,
  start: number,
  end: number,
  or: number,
): boolean {
  const length = end - start;
  if (or < 0x80) {
    if (bytes !== null || text.length !== length) return false;
    for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== input[start + i]) return false;
    return true;
  }
  if (bytes === null || bytes.length !== length) return false;
  for (let i = 0; i < length; i++) if (bytes[i] !== input[start + i]) return false;
  return true;
}
