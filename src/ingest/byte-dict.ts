import { decodeCell } from './csv-memo.ts';

/**
 * The distinct values of one column, keyed by their bytes: each gets a code (0, 1, 2… in the
 * order first met) and its text, decoded once as the scanner would (csv-memo.ts decodeCell).
 * A channel, a country or a stage then costs a hash of a few bytes per row, no string.
 */
export class ByteDict {
  #hashes = new Int32Array(1024);
  /** Per slot, the code + 1 of the value there (0: empty slot). */
  #slots = new Int32Array(1024);
  #arena = new Uint8Array(4096);
  #used = 0;
  #at: number[] = [];
  #len: number[] = [];
  /** Each code's text. */
  readonly texts: string[] = [];

  get size(): number {
    return this.texts.length;
  }

  /** The code of the value of bytes start..end, adding it when new. */
  code(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    let h = 0x811c9dc5 ^ length;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
    const mask = this.#slots.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const held = this.#slots[slot]!;
      if (held === 0) break;
      if (this.#hashes[slot] === h && this.#same(held - 1, bytes, start, end)) return held - 1;
      slot = (slot + 1) & mask;
    }
    const code = this.texts.length;
    this.#store(bytes, start, end);
    let or = 0;
    for (let i = start; i < end; i++) or |= bytes[i]!;
    this.texts.push(length === 0 ? '' : decodeCell(bytes as Buffer, start, end, or));
    this.#hashes[slot] = h;
    this.#slots[slot] = code + 1;
    if (this.texts.length * 2 > this.#slots.length) this.#grow();
    return code;
  }

  #same(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.#len[code] !== length) return false;
    const arena = this.#arena;
    const at = this.#at[code]!;
    for (let i = 0; i < length; i++) if (arena[at + i] !== bytes[start + i]) return false;
    return true;
  }

  #store(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (this.#used + length > this.#arena.length) {
      const bigger = new Uint8Array(Math.max(this.#arena.length * 2, this.#used + length));
      bigger.set(this.#arena.subarray(0, this.#used));
      this.#arena = bigger;
    }
    this.#arena.set(bytes.subarray(start, end), this.#used);
    this.#at.push(this.#used);
    this.#len.push(length);
    this.#used += length;
  }

  #grow(): void {
    const hashes = this.#hashes;
    const slots = this.#slots;
    this.#hashes = new Int32Array(hashes.length * 2);
    this.#slots = new Int32Array(slots.length * 2);
    const mask = this.#slots.length - 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === 0) continue;
      const h = hashes[i]!;
      let slot = (h ^ (h >>> 15)) & mask;
      while (this.#slots[slot] !== 0) slot = (slot + 1) & mask;
      this.#hashes[slot] = h;
      this.#slots[slot] = slots[i]!;
    }
  }
}
