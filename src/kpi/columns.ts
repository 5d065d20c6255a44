/** Growable typed-array columns and dictionaries, the building blocks of the snapshot. */

type TypedArray = Int32Array | Float64Array | Uint8Array;
type Ctor<T extends TypedArray> = new (length: number) => T;

/** An append-only typed array that doubles its capacity. */
export class Column<T extends TypedArray> {
  #data: T;
  #length = 0;
  readonly #ctor: Ctor<T>;

  constructor(ctor: Ctor<T>, capacity = 1024) {
    this.#ctor = ctor;
    this.#data = new ctor(capacity);
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new this.#ctor(this.#data.length * 2);
      bigger.set(this.#data as never);
      this.#data = bigger;
    }
    this.#data[this.#length++] = value;
  }

  get length(): number {
    return this.#length;
  }

  /** The filled part, trimmed to its length (a copy, so the builder may be dropped). */
  finish(): T {
    return this.#data.slice(0, this.#length) as T;
  }
}

export const int32 = (): Column<Int32Array> => new Column(Int32Array);
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
