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
 * loop. A longer one is held as its hash and length, its bytes compared in the arena.
 */
export class ByteDict {
  /** Per slot, the code + 1 of the value there (0: empty slot). */
  #slots = new Int32Array(1024);
  /** Per slot, the byte length of the value there. */
  #lengths = new Int32Array(1024);
  /** Per slot, a short value's words (bytes 0-3, 4-7, 8-11, zero-padded); a long value's hash, 0, 0. */
  #k0 = new Int32Array(1024);
  #k1 = new Int32Array(1024);
  #k2 = new Int32Array(1024);
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
    const slots = this.#slots;
    const mask = slots.length - 1;
    let slot = mixWords(w0, w1, w2, length) & mask;
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) break;
      if (
        this.#lengths[slot] === length &&
        this.#k0[slot] === w0 &&
        this.#k1[slot] === w1 &&
        this.#k2[slot] === w2
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
    const slots = this.#slots;
    const mask = slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const held = slots[slot]!;
      if (held === 0) break;
      if (this.#k0[slot] === h && this.#lengths[slot] === length) {
        const arena = this.#arena;
        const at = this.#at[held - 1]! - start;
        let i = start;
        while (i < end && arena[at + i] === bytes[i]) i++;
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
    this.#slots[slot] = code + 1;
    this.#lengths[slot] = length;
    this.#k0[slot] = k0;
    this.#k1[slot] = k1;
    this.#k2[slot] = k2;
    // At most half the slots used (as before: a column of a million distinct values costs
    // 20 bytes a slot here, so no sparser).
    if (this.texts.length * 2 > this.#slots.length) this.#grow();
    return code;
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
    const slots = this.#slots;
    const lengths = this.#lengths;
    const k0 = this.#k0;
    const k1 = this.#k1;
    const k2 = this.#k2;
    const size = slots.length * 2;
    this.#slots = new Int32Array(size);
    this.#lengths = new Int32Array(size);
    this.#k0 = new Int32Array(size);
    this.#k1 = new Int32Array(size);
    this.#k2 = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === 0) continue;
      const length = lengths[i]!;
      const h = length > SHORT ? k0[i]! : mixWords(k0[i]!, k1[i]!, k2[i]!, length);
      let slot = h & mask;
      while (this.#slots[slot] !== 0) slot = (slot + 1) & mask;
      this.#slots[slot] = slots[i]!;
      this.#lengths[slot] = length;
      this.#k0[slot] = k0[i]!;
      this.#k1[slot] = k1[i]!;
      this.#k2[slot] = k2[i]!;
    }
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
