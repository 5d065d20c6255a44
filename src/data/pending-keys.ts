/**
 * The keys of lead rows written with their claims deferred (ColumnSink.deferKeys), in row
 * order: each row's hashes and line, in plain typed arrays sized once from the file's expected
 * rows (doubled past them), so that keeping a key costs three stores.
 */
export class PendingKeys {
  h52: Float64Array;
  fnv: Int32Array;
  line: Int32Array;
  length = 0;

  constructor(expected: number) {
    const size = Math.max(1024, expected);
    this.h52 = new Float64Array(size);
    this.fnv = new Int32Array(size);
    this.line = new Int32Array(size);
  }

  push(h52: number, fnv: number, line: number): void {
    const n = this.length;
    if (n === this.h52.length) this.#grow();
    this.h52[n] = h52;
    this.fnv[n] = fnv;
    this.line[n] = line;
    this.length = n + 1;
  }

  #grow(): void {
    const size = this.h52.length * 2;
    const h52 = new Float64Array(size);
    h52.set(this.h52);
    this.h52 = h52;
    const fnv = new Int32Array(size);
    fnv.set(this.fnv);
    this.fnv = fnv;
    const line = new Int32Array(size);
    line.set(this.line);
    this.line = line;
  }
}
