/**
 * A set of record ids kept as 52-bit hashes in a Float64Array, with the row each was first
 * seen on (12 bytes a slot, about 17 bytes an id at 70 % load): enough to count duplicates over
 * millions of rows, and to say which earlier row a duplicate repeats, without holding the ids
 * themselves. Two ids sharing a hash (odds about n² / 2^53: 1 in 2 000 at 2 million rows)
 * would be counted as one merged duplicate; both rows are still written.
 */
export class IdSet {
  private slots = new Float64Array(4096);
  private lines = new Int32Array(4096);
  size = 0;

  /** Adds an id first seen on `line`; returns 0 when it is new, else the line it was first seen on. */
  add(id: string, line = 1): number {
    if (this.size >= this.slots.length * 0.7) this.grow();
    return this.insert(hash52(id), line);
  }

  /** Makes room for `count` ids in all (no growing, and no rehashing, until then). */
  reserve(count: number): void {
    while (count >= this.slots.length * 0.7) this.grow();
  }

  /** The same as add, for an id already hashed with hash52. */
  addHash(hash: number, line: number): number {
    if (this.size >= this.slots.length * 0.7) this.grow();
    return this.insert(hash, line);
  }

  private insert(hash: number, line: number): number {
    const { slots } = this;
    const mask = slots.length - 1;
    // The low 32 bits of the hash, mixed, pick the slot; 0 marks an empty slot (hash52 is never 0).
    let i = Math.imul((hash % 4294967296) | 0, 0x9e3779b1) & mask;
    for (;;) {
      const v = slots[i];
      if (v === 0) break;
      if (v === hash) return this.lines[i] || 1;
      i = (i + 1) & mask;
    }
    slots[i] = hash;
    this.lines[i] = line;
    this.size++;
    return 0;
  }

  private grow(): void {
    const old = this.slots;
    const oldLines = this.lines;
    this.slots = new Float64Array(old.length * 2);
    this.lines = new Int32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.insert(old[i]!, oldLines[i]!);
  }
}

/** cyrb53: a fast 53-bit string hash (two 32-bit lanes); 1 is added so it is never 0. */
export function hash52(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) + 1;
}

/**
 * Row keys (origin + record id) → the row each was first written to, for a sink that writes
 * rows into columns and must replace a re-imported row as the store's upsert does. Keys are
 * kept as two independent hashes (52 + 32 bits, 16 bytes a slot): two keys would be taken for
 * one only with odds about n² / 2^85 (1 in 10^13 at 2 million rows).
 */
export class RowIndex {
  private slots = new Float64Array(4096);
  private checks = new Int32Array(4096);
  private rows = new Int32Array(4096);
  size = 0;

  /** The row of `key` within `space` (an origin's number) if known, else records it at `row` and returns -1. */
  claim(space: number, key: string, row: number): number {
    return this.claimHashed(space, hash52(key), fnv32(key), row);
  }

  /** The same as claim, for a key already hashed (hash52 and fnv32 of it). */
  claimHashed(space: number, h52: number, fnv: number, row: number): number {
    if (this.size >= this.slots.length * 0.7) this.grow();
    // The space moves both hashes: the same record id in two origins is two keys.
    return this.insert(
      ((h52 + space * 0x9e3779b1) % 2 ** 52) + 1,
      fnv ^ Math.imul(space + 1, 0x27d4eb2d),
      row,
    );
  }

  private insert(hash: number, check: number, row: number): number {
    const { slots, checks } = this;
    const mask = slots.length - 1;
    let i = Math.imul((hash % 4294967296) | 0, 0x9e3779b1) & mask;
    for (;;) {
      const v = slots[i];
      if (v === 0) break;
      if (v === hash && checks[i] === check) return this.rows[i]!;
      i = (i + 1) & mask;
    }
    slots[i] = hash;
    checks[i] = check;
    this.rows[i] = row;
    this.size++;
    return -1;
  }

  /** Makes room for `count` keys in all (no growing, and no rehashing, until then). */
  reserve(count: number): void {
    while (count >= this.slots.length * 0.7) this.grow();
  }

  /** Forgets every key (the memory goes back once collected). */
  clear(): void {
    this.slots = new Float64Array(4096);
    this.checks = new Int32Array(4096);
    this.rows = new Int32Array(4096);
    this.size = 0;
  }

  private grow(): void {
    const { slots, checks, rows } = this;
    this.slots = new Float64Array(slots.length * 2);
    this.checks = new Int32Array(slots.length * 2);
    this.rows = new Int32Array(slots.length * 2);
    this.size = 0;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) this.insert(slots[i]!, checks[i]!, rows[i]!);
  }
}

/** FNV-1a, 32 bits: a second hash, independent of cyrb53's lanes. */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}
