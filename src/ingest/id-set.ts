/**
 * A set of record ids kept as 52-bit hashes in a Float64Array, with the row each was first
 * seen on (12 bytes a slot, about 17 bytes an id at 70 % load): enough to count duplicates over
 * millions of rows, and to say which earlier row a duplicate repeats, without holding the ids
 * themselves. Two ids sharing a hash (odds about n² / 2^53: 1 in 2 000 at 2 million rows)
 * would be counted as one merged duplicate; both rows are still written.
 */
export class IdSet {
  private slots: Float64Array;
  private lines: Int32Array;
  size = 0;

  /** `expected`: how many ids may come (the table is made that large at once, not grown to it). */
  constructor(expected = 0) {
    const length = tableLength(expected);
    this.slots = new Float64Array(length);
    this.lines = new Int32Array(length);
  }

  /** Adds an id first seen on `line`; returns 0 when it is new, else the line it was first seen on. */
  add(id: string, line = 1): number {
    if (this.size >= this.slots.length * 0.7) this.grow();
    return this.insert(hash52(id), line);
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

/** A power of two holding `expected` keys under the 70 % load the tables grow at (4096 at least). */
export function tableLength(expected: number): number {
  let length = 4096;
  while (expected >= length * 0.7) length *= 2;
  return length;
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
  return finish52(h1, h2);
}

/**
 * cyrb53's last step: hash52's result from its two lanes after the key's characters (shared by
 * every hasher that must give hash52's numbers: hashKey, hashKeyBytes, identity.ts hashRawIdentity).
 */
export function finish52(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) + 1;
}

/** hashKey's and hashKeyBytes's results (no object per call), for RowIndex and a caller that keys rows itself (lead-lane.ts). */
export const keyHashes = { h52: 0, fnv: 0 };

/** hash52(s) and fnv32(s), the same numbers, in one pass over the key: into keyHashes. */
export function hashKey(s: string): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let f = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
    f = Math.imul(f ^ c, 16777619);
  }
  keyHashes.h52 = finish52(h1, h2);
  keyHashes.fnv = f | 0;
}

/**
 * hashKey of the text of ASCII bytes start..end (each byte is then its character's code), read
 * from the bytes: the same numbers, no string.
 */
export function hashKeyBytes(bytes: Uint8Array, start: number, end: number): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  let f = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
    f = Math.imul(f ^ c, 16777619);
  }
  keyHashes.h52 = finish52(h1, h2);
  keyHashes.fnv = f | 0;
}

/** A RowIndex slot: 24 bytes, its key's hash (a float64), then its check, row, pass and line (int32). */
const STRIDE = 6;
const CHECK = 2;
const ROW = 3;
const PASS = 4;
const LINE = 5;

/**
 * Row keys (origin + record id) → the row each was first written to, for a sink that writes
 * rows into columns and must replace a re-imported row as the store's upsert does. Keys are
 * kept as two independent hashes (52 + 32 bits): two keys would be taken for one only with
 * odds about n² / 2^85 (1 in 10^13 at 2 million rows). A slot's fields sit side by side in one
 * buffer (24 bytes a slot): a probe is one cache miss, not one per field (the table of a
 * million keys is far larger than the caches).
 */
export class RowIndex {
  /** The slots' hashes (one float64 in three), 0 for an empty slot. */
  private keys = new Float64Array(4096 * 3);
  /** The same buffer as int32s: slot i's fields at i * STRIDE + CHECK, ROW, PASS, LINE. */
  private ints = new Int32Array(this.keys.buffer);
  /** Slots (a power of two). */
  private length = 4096;
  size = 0;
  /** After claimSeen: 0 when the key was not claimed before in that pass, else the line it first was. */
  firstLine = 0;

  /**
   * claim, telling also whether the key came before in the same pass (a file): `firstLine` is
   * then set to the line it first came on (the writer counts the row merged), else to 0.
   */
  claimSeen(space: number, key: string, row: number, pass: number, line: number): number {
    hashKey(key);
    return this.claimSeenHashed(space, keyHashes.h52, keyHashes.fnv, row, pass, line);
  }

  /** claimSeen for a key already hashed (hash52 and fnv32 of it: data/lead-parts.ts hashes on the ranges' threads). */
  claimSeenHashed(space: number, h52: number, fnv: number, row: number, pass: number, line: number): number {
    const at = this.claimHashed(space, h52, fnv, row);
    const f = this.lastSlot * STRIDE;
    const ints = this.ints;
    if (at >= 0 && ints[f + PASS] === pass) this.firstLine = ints[f + LINE] || 1;
    else {
      this.firstLine = 0;
      ints[f + PASS] = pass;
      ints[f + LINE] = line;
    }
    return at;
  }

  /** The row of `key` within `space` (an origin's number) if known, else records it at `row` and returns -1. */
  claim(space: number, key: string, row: number): number {
    return this.claimHashed(space, hash52(key), fnv32(key), row);
  }

  /** claim for a key already hashed (hash52 and fnv32 of it). */
  claimHashed(space: number, h52: number, fnv: number, row: number): number {
    if (this.size >= this.length * 0.7) this.grow();
    // The space moves both hashes: the same record id in two origins is two keys.
    return this.insert(spaceHash(space, h52), fnv ^ Math.imul(space + 1, 0x27d4eb2d), row);
  }

  /** Makes room for `more` keys at once (one table of the final size, not a doubling per grow). */
  reserve(more: number): void {
    const length = tableLength(this.size + more);
    if (length > this.length) this.grow(length);
  }

  /** Points a key already claimed (in `space`) at another row. */
  move(space: number, key: string, row: number): void {
    this.moveHashed(space, hash52(key), fnv32(key), row);
  }

  /** move for a key already hashed (hash52 and fnv32 of it). */
  moveHashed(space: number, h52: number, fnv: number, row: number): void {
    const hash = spaceHash(space, h52);
    const check = fnv ^ Math.imul(space + 1, 0x27d4eb2d);
    const { keys, ints } = this;
    const mask = this.length - 1;
    let i = slotOf(hash, mask);
    for (;;) {
      const v = keys[i * 3];
      if (v === 0) return;
      if (v === hash && ints[i * STRIDE + CHECK] === check) {
        ints[i * STRIDE + ROW] = row;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** The slot the last claim found or filled. */
  private lastSlot = 0;

  /** What `touch` read (kept, so the reads are not dropped as dead). */
  touched = 0;

  /**
   * Reads the first slot of each key of `h52[from..to)` in `space`, changing nothing: a batch of
   * keys about to be claimed in order has its cache misses started together (they overlap)
   * rather than one at a time, each behind the work of its row. A hint only (a grow between the
   * touch and the claim just loses it).
   */
  touch(space: number, h52: Float64Array, from: number, to: number): void {
    const keys = this.keys;
    const mask = this.length - 1;
    let sum = 0;
    for (let i = from; i < to; i++) sum += keys[slotOf(spaceHash(space, h52[i]!), mask) * 3]!;
    this.touched = sum;
  }

  private insert(hash: number, check: number, row: number): number {
    const { keys, ints } = this;
    const mask = this.length - 1;
    let i = slotOf(hash, mask);
    for (;;) {
      const v = keys[i * 3];
      if (v === 0) break;
      if (v === hash && ints[i * STRIDE + CHECK] === check) {
        this.lastSlot = i;
        return ints[i * STRIDE + ROW]!;
      }
      i = (i + 1) & mask;
    }
    this.lastSlot = i;
    keys[i * 3] = hash;
    ints[i * STRIDE + CHECK] = check;
    ints[i * STRIDE + ROW] = row;
    this.size++;
    return -1;
  }

  /** Forgets every key (the memory goes back once collected). */
  clear(): void {
    this.keys = new Float64Array(4096 * 3);
    this.ints = new Int32Array(this.keys.buffer);
    this.length = 4096;
    this.size = 0;
  }

  private grow(length = this.length * 2): void {
    const { keys, ints } = this;
    const old = this.length;
    this.keys = new Float64Array(length * 3);
    this.ints = new Int32Array(this.keys.buffer);
    this.length = length;
    this.size = 0;
    for (let i = 0; i < old; i++) {
      if (keys[i * 3] === 0) continue;
      const f = i * STRIDE;
      this.insert(keys[i * 3]!, ints[f + CHECK]!, ints[f + ROW]!);
      const to = this.lastSlot * STRIDE;
      this.ints[to + PASS] = ints[f + PASS]!;
      this.ints[to + LINE] = ints[f + LINE]!;
    }
  }
}

/** A key's hash within a space (never 0: 0 marks an empty slot). */
function spaceHash(space: number, h52: number): number {
  return ((h52 + space * 0x9e3779b1) % 2 ** 52) + 1;
}

/** The slot a hash starts probing at: its low 32 bits (`| 0` takes them, as `% 2 ** 32` would), mixed. */
export function slotOf(hash: number, mask: number): number {
  return Math.imul(hash | 0, 0x9e3779b1) & mask;
}

/** FNV-1a, 32 bits: a second hash, independent of cyrb53's lanes. */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}
