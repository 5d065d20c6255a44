/** Growable typed-array columns and dictionaries, the building blocks of the snapshot. */

type TypedArray = Int32Array | Float64Array | Uint8Array;
interface Ctor<T extends TypedArray> {
  new (length: number): T;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** Rows of a Column's first chunk at most (it doubles up to this), then of each further chunk. */
const FIRST_MAX = 1 << 16;
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;

/**
 * The full chunks of columns already moved (SnapshotBuilder.build), handed to the next column
 * moved as its output: memory already mapped, where a fresh array costs a page fault per 4 KiB
 * on its first write (about 1.7 µs each here: a fifth of build's time went to them). A chunk
 * serves an output a little smaller than itself only (at most 1/8 larger), so little memory
 * is held past the rows.
 */
export class ChunkPool {
  readonly #free: ArrayBuffer[] = [];

  give(buffer: ArrayBuffer): void {
    this.#free.push(buffer);
  }

  /**
   * An array of `size` elements: on a pooled buffer when one fits (its old contents left in
   * it: for an output whose every element is written), else a fresh one.
   */
  array<T extends TypedArray>(ctor: Ctor<T>, size: number): T {
    const bytes = size * ctor.BYTES_PER_ELEMENT;
    const at = this.#free.findIndex((b) => b.byteLength >= bytes && b.byteLength <= bytes + (bytes >> 3));
    if (at < 0 || bytes === 0) return new ctor(size);
    const [buffer] = this.#free.splice(at, 1);
    return new ctor(buffer!, 0, size);
  }
}

/**
 * An append-only typed array. The first chunk doubles its capacity up to FIRST_MAX rows; after
 * that the column grows by whole chunks of CHUNK rows, so growing never copies the data already
 * in. The chunks are large enough to be mapped memory of their own: released, they go back to
 * the system, and the part of the last chunk never written costs nothing. `gather` writes the
 * rows once, in the order asked, to one array. A column whose rows all hold its `fill` value
 * (a dimension no file fills, a stage no lead reached) keeps no array until another value
 * comes, and gives arrays of fresh zeroed memory (untouched pages: no resident memory) when
 * the fill is 0.
 */
export class Column<T extends TypedArray> {
  /** The first chunk (at most FIRST_MAX rows). */
  #first: T;
  /** Further chunks of CHUNK rows each. */
  #chunks: T[] = [];
  #data: T;
  #at = 0;
  #length = 0;
  readonly #ctor: Ctor<T>;
  readonly #capacity: number;
  /** Whether every row so far holds #fill (then nothing is stored). */
  #lazy = true;
  readonly #fill: number;

  constructor(ctor: Ctor<T>, capacity = 1024, fill = 0) {
    this.#ctor = ctor;
    this.#capacity = capacity;
    this.#fill = fill;
    this.#first = new ctor(0);
    this.#data = this.#first;
  }

  push(value: number): void {
    if (this.#lazy) {
      if (value === this.#fill) {
        this.#length++;
        return;
      }
      this.#materialise();
    }
    if (this.#at === this.#data.length) this.#grow();
    this.#data[this.#at++] = value;
    this.#length++;
  }

  /** Appends every value of `values` (push, by whole runs). */
  append(values: T): void {
    let rest = values;
    if (this.#lazy) {
      // Leading fill values are only counted while the column stores nothing.
      const i = leadingFill(rest, this.#fill);
      this.#length += i;
      if (i === rest.length) return;
      rest = rest.subarray(i) as T;
      this.#materialise();
    }
    let from = 0;
    while (from < rest.length) {
      if (this.#at === this.#data.length) this.#grow();
      const n = Math.min(rest.length - from, this.#data.length - this.#at);
      this.#data.set(rest.subarray(from, from + n) as never, this.#at);
      this.#at += n;
      this.#length += n;
      from += n;
    }
  }

  /** Appends `n` rows of `value` (append of a run: no array of them). */
  appendRun(value: number, n: number): void {
    if (this.#lazy) {
      if (value === this.#fill) {
        this.#length += n;
        return;
      }
      this.#materialise();
    }
    let left = n;
    while (left > 0) {
      if (this.#at === this.#data.length) this.#grow();
      const k = Math.min(left, this.#data.length - this.#at);
      this.#data.fill(value, this.#at, this.#at + k);
      this.#at += k;
      this.#length += k;
      left -= k;
    }
  }

  /**
   * append, taking `values` itself as the column's storage when the column is empty (no copy,
   * no chunk of CHUNK rows allocated for it): the caller gives the array up.
   */
  take(values: T): void {
    if (this.#length > 0 || !this.#lazy || values.length <= FIRST_MAX) {
      this.append(values);
      return;
    }
    const fill = this.#fill;
    let i = 0;
    while (i < values.length && values[i] === fill) i++;
    if (i === values.length) {
      // All the fill: nothing stored, as append keeps it.
      this.#length = values.length;
      return;
    }
    // A first chunk of any length works: rows past it go to chunks of CHUNK rows (#grow, get, set).
    this.#lazy = false;
    this.#first = values;
    this.#data = values;
    this.#at = values.length;
    this.#length = values.length;
  }

  /** Stores the rows so far (all #fill): a value other than the fill came. */
  #materialise(): void {
    const rows = this.#length;
    this.#lazy = false;
    this.#length = 0;
    this.#first = new this.#ctor(Math.min(FIRST_MAX, Math.max(1, this.#capacity, rows + 1)));
    this.#data = this.#first;
    this.#at = 0;
    for (let i = 0; i < rows; i++) this.push(this.#fill);
  }

  #grow(): void {
    if (this.#chunks.length === 0 && this.#first.length < FIRST_MAX) {
      const bigger = new this.#ctor(Math.min(FIRST_MAX, Math.max(1024, this.#first.length * 2)));
      bigger.set(this.#first as never);
      this.#first = bigger;
      this.#data = bigger;
    } else {
      this.#data = new this.#ctor(CHUNK);
      this.#chunks.push(this.#data);
      this.#at = 0;
    }
  }

  get length(): number {
    return this.#length;
  }

  /** An array of `size` rows all holding the fill. */
  #filled(size: number): T {
    const out = new this.#ctor(size);
    if (this.#fill !== 0) out.fill(this.#fill);
    return out;
  }

  /** Overwrites row `row` (< length): a re-imported row replacing the one first written. */
  set(row: number, value: number): void {
    if (this.#lazy) {
      if (value === this.#fill) return;
      this.#materialise();
    }
    const f = this.#first.length;
    if (this.#chunks.length === 0 || row < f) this.#first[row] = value;
    else {
      const r = row - f;
      this.#chunks[r >>> CHUNK_BITS]![r & CHUNK_MASK] = value;
    }
  }

  /** The value of row `row` (< length). */
  get(row: number): number {
    if (this.#lazy) return this.#fill;
    const f = this.#first.length;
    if (this.#chunks.length === 0 || row < f) return this.#first[row]!;
    const r = row - f;
    return this.#chunks[r >>> CHUNK_BITS]![r & CHUNK_MASK]!;
  }

  /** The filled part, trimmed to its length (a copy, so the builder may be dropped). */
  finish(): T {
    if (this.#lazy) return this.#filled(this.#length);
    const out = new this.#ctor(this.#length);
    let at = 0;
    for (const chunk of [this.#first, ...this.#chunks]) {
      const n = Math.min(chunk.length, this.#length - at);
      out.set(chunk.subarray(0, n) as never, at);
      at += n;
    }
    return out;
  }

  /**
   * finish, then release: the column's own array when it holds the rows in one array of just
   * their length (an array given to `take`), so no copy; else a trimmed copy.
   */
  drain(pool?: ChunkPool): T {
    const whole = !this.#lazy && this.#chunks.length === 0 && this.#first.length === this.#length;
    const out = whole ? this.#first : this.finish();
    this.release(pool);
    return out;
  }

  /** Whether every row holds `value` and nothing is stored (true for an empty column). */
  holdsOnly(value: number): boolean {
    return this.#lazy && (this.#fill === value || this.#length === 0);
  }

  /** The stored rows in order, one array per chunk (none when the column stores nothing: holdsOnly its fill). */
  parts(): T[] {
    if (this.#lazy) return [];
    const out: T[] = [];
    let base = 0;
    for (const chunk of [this.#first, ...this.#chunks]) {
      const n = Math.min(chunk.length, this.#length - base);
      out.push(chunk.subarray(0, n) as T);
      base += n;
    }
    return out;
  }

  /** The rows in `order` (out[k] = row order[k]), as one array of order.length rows. */
  gather(order: Int32Array): T {
    if (this.#lazy) return this.#filled(order.length);
    const out = new this.#ctor(order.length);
    const first = this.#first;
    if (this.#chunks.length === 0) {
      for (let k = 0; k < order.length; k++) out[k] = first[order[k]!]!;
    } else {
      const f = first.length;
      const chunks = this.#chunks;
      for (let k = 0; k < order.length; k++) {
        const row = order[k]!;
        if (row < f) out[k] = first[row]!;
        else {
          const r = row - f;
          out[k] = chunks[r >>> CHUNK_BITS]![r & CHUNK_MASK]!;
        }
      }
    }
    return out;
  }

  /**
   * The same as gather, from the inverse permutation: row i goes to out[rank[i]] (left out when
   * rank[i] is -1). Reads each chunk in sequence, so no chunk lookup per row.
   */
  scatter(rank: Int32Array, size: number, pool?: ChunkPool): T {
    if (this.#lazy) return this.#filled(size);
    // Every element of out is written when rank places the rows on 0..size-1 (dayRank's does):
    // a pooled buffer's old contents are then all overwritten.
    const out = pool ? pool.array(this.#ctor, size) : new this.#ctor(size);
    let base = 0;
    for (const chunk of [this.#first, ...this.#chunks]) {
      const n = Math.min(chunk.length, this.#length - base);
      const r = rank.subarray(base, base + n);
      if (out instanceof Int32Array) scatterInt32(chunk as Int32Array, r, out);
      else if (out instanceof Float64Array) scatterFloat64(chunk as Float64Array, r, out);
      else scatterUint8(chunk as Uint8Array, r, out as Uint8Array);
      base += n;
    }
    return out;
  }

  /**
   * Drops the rows (the memory goes back once collected, or its full chunks to `pool`); the
   * column is then empty.
   */
  release(pool?: ChunkPool): void {
    // Only the chunks #grow made: the first array may be one given to take (held elsewhere).
    if (pool) for (const chunk of this.#chunks) pool.give(chunk.buffer as ArrayBuffer);
    this.#first = new this.#ctor(0);
    this.#data = this.#first;
    this.#chunks = [];
    this.#at = 0;
    this.#length = 0;
    this.#lazy = true;
  }
}

/** How many values at the start of `values` are `fill` (Column.append's test of a lazy column, per array type as scatter). */
function leadingFill(values: TypedArray, fill: number): number {
  if (values instanceof Int32Array) return leadingInt32(values, fill);
  if (values instanceof Float64Array) return leadingFloat64(values, fill);
  return leadingUint8(values, fill);
}
function leadingInt32(values: Int32Array, fill: number): number {
  let i = 0;
  while (i < values.length && values[i] === fill) i++;
  return i;
}
function leadingFloat64(values: Float64Array, fill: number): number {
  let i = 0;
  while (i < values.length && values[i] === fill) i++;
  return i;
}
function leadingUint8(values: Uint8Array, fill: number): number {
  let i = 0;
  while (i < values.length && values[i] === fill) i++;
  return i;
}

// Column.scatter's loop, once per array type: V8 keeps what a loop's loads and stores met per
// function, and one loop for all three types would check the array's type at every row
// (about a fifth slower over a million rows).
function scatterInt32(from: Int32Array, rank: Int32Array, out: Int32Array): void {
  for (let j = 0; j < rank.length; j++) {
    const at = rank[j]!;
    if (at >= 0) out[at] = from[j]!;
  }
}
function scatterFloat64(from: Float64Array, rank: Int32Array, out: Float64Array): void {
  for (let j = 0; j < rank.length; j++) {
    const at = rank[j]!;
    if (at >= 0) out[at] = from[j]!;
  }
}
function scatterUint8(from: Uint8Array, rank: Int32Array, out: Uint8Array): void {
  for (let j = 0; j < rank.length; j++) {
    const at = rank[j]!;
    if (at >= 0) out[at] = from[j]!;
  }
}

export const int32 = (fill = 0): Column<Int32Array> => new Column(Int32Array, 1024, fill);
export const float64 = (): Column<Float64Array> => new Column(Float64Array);
export const uint8 = (): Column<Uint8Array> => new Column(Uint8Array);

/** How much a spelling reads like a name a person typed: spaces and capitals, no UTM debris. */
function readability(label: string): number {
  let score = 0;
  if (/\s/.test(label.trim())) score += 2;
  if (/\p{Lu}/u.test(label)) score += 1;
  if (/[_+]|%[0-9a-f]{2}/i.test(label)) score -= 3;
  return score;
}

/**
 * Distinct values of one dimension. Code 0 is "no value". Values are matched by a key
 * (folded, or `campaignKey` for campaigns) so spellings of the same name share a code;
 * the label is the most readable spelling seen ("ABM Diretores" over "abm_diretores" or
 * "ABM%20Diretores"), the first one on a tie.
 */
export class Dictionary {
  readonly labels: string[] = [''];
  readonly keys: string[] = [''];
  readonly #index = new Map<string, number>();
  /** Raw spelling → code, so folding runs once per distinct spelling, not per row. */
  readonly #raw = new Map<string, number>();
  readonly #keyOf: (raw: string) => string | null;

  constructor(keyOf: (raw: string) => string | null) {
    this.#keyOf = keyOf;
  }

  /** A dictionary as a persisted snapshot held it (labels and keys by code; code 0 empty). */
  static restore(
    keyOf: (raw: string) => string | null,
    labels: readonly string[],
    keys: readonly string[],
  ): Dictionary {
    const dict = new Dictionary(keyOf);
    for (let code = 1; code < labels.length; code++) {
      dict.labels.push(labels[code]!);
      dict.keys.push(keys[code]!);
      dict.#index.set(keys[code]!, code);
    }
    return dict;
  }

  /** The code of a value, adding it when new; 0 for null or an empty key. */
  code(raw: string | null | undefined): number {
    if (raw == null) return 0;
    const seen = this.#raw.get(raw);
    if (seen !== undefined) return seen;
    const key = this.#keyOf(raw);
    let code = 0;
    if (key !== null && key !== '') {
      const known = this.#index.get(key);
      if (known === undefined) {
        code = this.labels.length;
        this.labels.push(raw.trim());
        this.keys.push(key);
        this.#index.set(key, code);
      } else {
        code = known;
        // Once per distinct spelling (memoized below), not per row.
        if (readability(raw) > readability(this.labels[known] ?? '')) this.labels[known] = raw.trim();
      }
    }
    this.#raw.set(raw, code);
    return code;
  }

  /**
   * Each distinct spelling given to `code`, with its code, in the order first given: another
   * dictionary that is given them in this order ends in the same state as one given every value
   * this one was (data/lead-parts.ts merges the dictionaries of a file's parts so).
   */
  spellings(): [string, number][] {
    return [...this.#raw];
  }

  /** The code of a value if present, -1 when the data never had it; 0 for an empty value. */
  find(raw: string): number {
    const key = this.#keyOf(raw);
    if (key === null || key === '') return 0;
    return this.#index.get(key) ?? -1;
  }

  get size(): number {
    return this.labels.length;
  }
}
