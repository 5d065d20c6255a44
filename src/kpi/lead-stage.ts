import type { Column } from './columns.ts';

/** Rows a stage holds before they are appended to the columns. */
const ROWS = 4096;

/** The builder's lead columns a stage appends to (snapshot.ts SnapshotBuilder's #lead and #hasAmount). */
export interface StagedColumns {
  codes: readonly Column<Int32Array>[];
  created: Column<Int32Array>;
  mql: Column<Int32Array>;
  sql: Column<Int32Array>;
  opportunity: Column<Int32Array>;
  customer: Column<Int32Array>;
  lost: Column<Int32Array>;
  activated: Column<Int32Array>;
  valid: Column<Uint8Array>;
  marketing: Column<Uint8Array>;
  amount: Column<Float64Array>;
  hasAmount: Column<Uint8Array>;
  pipeline: Column<Float64Array>;
  customerCode: Column<Int32Array>;
}

/**
 * Lead rows written one by one (SnapshotBuilder.addLeadCoded) into plain typed arrays, then
 * appended to the columns a block at a time: a store per field and row, instead of a push
 * into a growable column per field and row. The builder appends the block before anything
 * else reads or writes its lead columns, so rows keep their order and numbers.
 */
export class LeadStage {
  size = 0;
  readonly codes: Int32Array[];
  readonly created = new Int32Array(ROWS);
  readonly mql = new Int32Array(ROWS);
  readonly sql = new Int32Array(ROWS);
  readonly opportunity = new Int32Array(ROWS);
  readonly customer = new Int32Array(ROWS);
  readonly lost = new Int32Array(ROWS);
  readonly activated = new Int32Array(ROWS);
  readonly valid = new Uint8Array(ROWS);
  readonly marketing = new Uint8Array(ROWS);
  readonly amount = new Float64Array(ROWS);
  readonly hasAmount = new Uint8Array(ROWS);
  readonly pipeline = new Float64Array(ROWS);
  readonly customerCode = new Int32Array(ROWS);

  /**
   * The dimensions the staged rows' codes were written for (CodedLead.varying), null for all;
   * the others hold `constant`'s code on every staged row (appended as a run at flush).
   */
  varying: Int32Array | null = null;
  readonly constant: Int32Array;
  readonly #isVarying: Uint8Array;

  constructor(dimensions: number) {
    this.codes = Array.from({ length: dimensions }, () => new Int32Array(ROWS));
    this.constant = new Int32Array(dimensions);
    this.#isVarying = new Uint8Array(dimensions).fill(1);
  }

  /** The rows staged next write the codes of `varying` only (the stage is empty); `codes` holds the others'. */
  writeOnly(varying: Int32Array | null, codes: Int32Array): void {
    this.varying = varying;
    this.#isVarying.fill(varying === null ? 1 : 0);
    if (varying !== null) for (const d of varying) this.#isVarying[d] = 1;
    this.constant.set(codes);
  }

  get full(): boolean {
    return this.size === ROWS;
  }

  /** Appends the staged rows to the columns and empties the stage. */
  flush(to: StagedColumns): void {
    const n = this.size;
    if (n === 0) return;
    this.size = 0;
    for (let d = 0; d < this.codes.length; d++) {
      if (this.#isVarying[d] === 1) to.codes[d]!.append(this.codes[d]!.subarray(0, n));
      else to.codes[d]!.appendRun(this.constant[d]!, n);
    }
    to.created.append(this.created.subarray(0, n));
    to.mql.append(this.mql.subarray(0, n));
    to.sql.append(this.sql.subarray(0, n));
    to.opportunity.append(this.opportunity.subarray(0, n));
    to.customer.append(this.customer.subarray(0, n));
    to.lost.append(this.lost.subarray(0, n));
    to.activated.append(this.activated.subarray(0, n));
    to.valid.append(this.valid.subarray(0, n));
    to.marketing.append(this.marketing.subarray(0, n));
    to.amount.append(this.amount.subarray(0, n));
    to.hasAmount.append(this.hasAmount.subarray(0, n));
    to.pipeline.append(this.pipeline.subarray(0, n));
    to.customerCode.append(this.customerCode.subarray(0, n));
  }
}
