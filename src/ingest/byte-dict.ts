import { decodeCell } from './csv-memo.ts';

/** The longest value kept as its words in the table (a channel, a country, a campaign, a domain). */
const SHORT = 12;

/**
 * The distinct values of one column, keyed by their bytes: each gets a code (0, 1, 2… in the
 * order first met) and its text, decoded once as the scanner would (csv-memo.ts decodeCell).
 * A channel, a country or a stage then costs a hash of a few bytes per row, no string.
 *
 * A value of at most SHORT bytes is held in its slot as three little-endian words and its
 * length, which are the value itself: a probe compares them, with no hash kept and no byte
 * loop. A longer one is held as its hash and length, its bytes compared in the arena. A slot's
 * fields lie side by side (STRIDE), so a probe reads one cache line: the tables of a file's few
 * text columns are read for every row, between the row's own bytes.
 */
/** Ints per slot of a ByteDict's table: code + 1 (0: empty), length, k0, k1, k2, then padding to 32 bytes (two slots a cache line). */
const STRIDE = 8;
const CODE = 0;
const LENGTH = 1;
const K0 = 2;
const K1 = 3;
const K2 = 4;

export class ByteDict {
  /**
   * The slots, side by side in one array (STRIDE ints each): a probe reads one cache line, not
   * one per field. Small to start (a channel, a country: a few values), doubled at half full.
   */
  #table = new Int32Array(64 * STRIDE);
  /** Slots - 1 (the table holds a power of two of slots). */
  #mask = 63;
  #arena = new Uint8Array(4096);
  #used = 0;
  /** Per code, where its bytes start in the arena. */
  #at = new Int32Array(64);
  /** Each code's text. */
  readonly texts: string[] = [];

  get size(): number {
    return this.texts.length;
  }

  /** The code of the value of bytes start..end, adding it when new. */
  code(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > SHORT) return this.#codeLong(bytes, start, end);
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    let i = start;
    if (i + 4 <= end) {
      w0 = word(bytes, i);
      i += 4;
      if (i + 4 <= end) {
        w1 = word(bytes, i);
        i += 4;
        if (i + 4 <= end) {
          w2 = word(bytes, i);
          i += 4;
        }
      }
    }
    if (i < end) {
      let w = 0;
      for (let shift = 0; i < end; i++, shift += 8) w |= bytes[i]! << shift;
      const k = length >>> 2;
      if (k === 0) w0 = w;
      else if (k === 1) w1 = w;
      else w2 = w;
    }
    const table = this.#table;
    const mask = this.#mask;
    let slot = mixWords(w0, w1, w2, length) & mask;
    for (;;) {
      const at = slot * STRIDE;
      const held = table[at]!;
      if (held === 0) break;
      if (
        table[at + LENGTH] === length &&
        table[at + K0] === w0 &&
        table[at + K1] === w1 &&
        table[at + K2] === w2
      )
        return held - 1;
      slot = (slot + 1) & mask;
    }
    return this.#add(bytes, start, end, slot, w0, w1, w2);
  }

  /** code() for a value longer than SHORT bytes. */
  #codeLong(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const h = hashBytes(bytes, start, end);
    const table = this.#table;
    const mask = this.#mask;
    let slot = h & mask;
    for (;;) {
      const at = slot * STRIDE;
      const held = table[at]!;
      if (held === 0) break;
      if (table[at + K0] === h && table[at + LENGTH] === length) {
        const arena = this.#arena;
        const from = this.#at[held - 1]! - start;
        let i = start;
        while (i < end && arena[from + i] === bytes[i]) i++;
        if (i === end) return held - 1;
      }
      slot = (slot + 1) & mask;
    }
    return this.#add(bytes, start, end, slot, h, 0, 0);
  }

  /** A new value in the empty `slot`, keyed k0, k1, k2: its code, bytes and text. */
  #add(
    bytes: Uint8Array,
    start: number,
    end: number,
    slot: number,
    k0: number,
    k1: number,
    k2: number,
  ): number {
    const length = end - start;
    const code = this.texts.length;
    this.#store(code, bytes, start, end);
    let or = 0;
    for (let i = start; i < end; i++) or |= bytes[i]!;
    this.texts.push(length === 0 ? '' : decodeCell(bytes as Buffer, start, end, or));
    this.#put(this.#table, slot * STRIDE, code + 1, length, k0, k1, k2);
    // At most half the slots used (as before: a column of a million distinct values costs
    // 32 bytes a slot here, so no sparser).
    if (this.texts.length * 2 > this.#mask + 1) this.#grow();
    return code;
  }

  #put(
    table: Int32Array,
    at: number,
    code1: number,
    length: number,
    k0: number,
    k1: number,
    k2: number,
  ): void {
    table[at + CODE] = code1;
    table[at + LENGTH] = length;
    table[at + K0] = k0;
    table[at + K1] = k1;
    table[at + K2] = k2;
  }

  #store(code: number, bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (this.#used + length > this.#arena.length) {
      const bigger = new Uint8Array(Math.max(this.#arena.length * 2, this.#used + length));
      bigger.set(this.#arena.subarray(0, this.#used));
      this.#arena = bigger;
    }
    this.#arena.set(bytes.subarray(start, end), this.#used);
    if (code === this.#at.length) {
      const at = new Int32Array(code * 2);
      at.set(this.#at);
      this.#at = at;
    }
    this.#at[code] = this.#used;
    this.#used += length;
  }

  #grow(): void {
    const old = this.#table;
    const slots = (this.#mask + 1) * 2;
    const table = new Int32Array(slots * STRIDE);
    const mask = slots - 1;
    for (let from = 0; from < old.length; from += STRIDE) {
      const code1 = old[from + CODE]!;
      if (code1 === 0) continue;
      const length = old[from + LENGTH]!;
      const k0 = old[from + K0]!;
      const k1 = old[from + K1]!;
      const k2 = old[from + K2]!;
      const h = length > SHORT ? k0 : mixWords(k0, k1, k2, length);
      let slot = h & mask;
      while (table[slot * STRIDE] !== 0) slot = (slot + 1) & mask;
      this.#put(table, slot * STRIDE, code1, length, k0, k1, k2);
    }
    this.#table = table;
    this.#mask = mask;
  }
}

/** Bytes at..at+3 as a little-endian word. */
function word(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/** A short value's hash from its words: three multiplies, the low bits (the slot) depending on every byte. */
function mixWords(w0: number, w1: number, w2: number, length: number): number {
  let h = Math.imul(w0 ^ length, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ w1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ w2, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A 32-bit hash of a long value's bytes, four bytes a step. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ word(bytes, i), 0x9e3779b1);
    h ^= h >>> 16;
  }
  let w = 0;
  for (let shift = 0; i < end; i++, shift += 8) w |= bytes[i]! << shift;
  h = Math.imul(h ^ w, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
