import { RowIndex } from '../ingest/id-set.ts';
import type { GrainDay } from '../ingest/sink.ts';
import { type Column, float64, int32, uint8 } from '../kpi/columns.ts';
import type { SnapshotBuilder } from '../kpi/snapshot.ts';
import { campaignKey } from '../model/campaign.ts';
import type { Cost } from '../model/cost.ts';
import { COST_DIMENSIONS } from '../model/dimension.ts';

/** A cost dimension's value of a row: the row's field, a breakdown left out reads as null. */
const DIMS = COST_DIMENSIONS;
const NONE = -1;

/**
 * The spend rows of a ColumnSink, kept as columns of numbers (no object, no string key per row):
 * each text is a code into one table of the texts seen (days, campaigns and ads repeat on
 * thousands of rows). A row whose origin + record id is already held replaces it in place, a
 * row dropped by the report levels' check is left out; the rows go into the snapshot's builder
 * at `addTo`, in the order they were first written, as MemorySink's Map of rows would give them.
 */
export class SpendRows {
  readonly #keys = new RowIndex();
  /** Text → code, and back. */
  readonly #codes = new Map<string, number>();
  readonly #texts: string[] = [];
  /** One column of text codes per cost dimension (COST_DIMENSIONS order). */
  readonly #dims: Column<Int32Array>[] = DIMS.map(() => int32());
  readonly #origin = int32();
  readonly #date = int32();
  readonly #endDate = int32();
  readonly #grain = int32();
  readonly #kind = int32();
  /** The file each row came from (the level check names it). */
  readonly #name = int32();
  readonly #amount = float64();
  /** Null counts are NaN here (the schema keeps counts finite). */
  readonly #impressions = float64();
  readonly #clicks = float64();
  readonly #platformLeads = float64();
  readonly #conversions = float64();
  /** 0 once dropped by the level check. */
  readonly #alive = uint8();
  /** Text code of a campaign → its campaignKey's text code (NONE when null), memoised. */
  readonly #campaignKeys = new Map<number, number>();
  #count = 0;

  /** Rows held (dropped ones counted). */
  get length(): number {
    return this.#count;
  }

  /** Makes room for `more` rows' keys at once. */
  reserve(more: number): void {
    this.#keys.reserve(more);
  }

  #code(text: string | null | undefined): number {
    if (text == null) return NONE;
    let code = this.#codes.get(text);
    if (code === undefined) {
      code = this.#texts.length;
      this.#texts.push(text);
      this.#codes.set(text, code);
    }
    return code;
  }

  #text(code: number): string | null {
    return code === NONE ? null : this.#texts[code]!;
  }

  /**
   * Writes a row of origin number `origin`, from file `name` (the row object may be reused
   * after); returns what ColumnSink.putCost does (0, or the line its key first came on in `pass`).
   */
  put(origin: number, row: Cost, name: string, pass: number, line: number): number {
    const at = this.#keys.claimSeen(origin, row.recordId, this.#count, pass, line);
    const first = this.#keys.firstLine;
    if (at >= 0 && this.#alive.get(at) === 1) {
      this.#write(at, origin, row, name);
      return first;
    }
    // A new key, or one whose row the level check dropped: written after the rows held (as a
    // Map deleted from, then set again, orders it).
    if (at >= 0) this.#keys.move(origin, row.recordId, this.#count);
    for (const col of this.#dims) col.push(0);
    for (const col of [this.#origin, this.#date, this.#endDate, this.#grain, this.#kind, this.#name])
      col.push(0);
    for (const col of [this.#amount, this.#impressions, this.#clicks, this.#platformLeads, this.#conversions])
      col.push(0);
    this.#alive.push(1);
    this.#write(this.#count++, origin, row, name);
    return first;
  }

  #write(at: number, origin: number, row: Cost, name: string): void {
    const dims = this.#dims;
    for (let d = 0; d < DIMS.length; d++) dims[d]!.set(at, this.#code(row[DIMS[d]!]));
    this.#origin.set(at, origin);
    this.#date.set(at, this.#code(row.date));
    this.#endDate.set(at, this.#code(row.endDate));
    this.#grain.set(at, this.#code(row.grain));
    this.#kind.set(at, this.#code(row.kind));
    this.#name.set(at, this.#code(name));
    this.#amount.set(at, row.amount);
    this.#impressions.set(at, row.impressions ?? Number.NaN);
    this.#clicks.set(at, row.clicks ?? Number.NaN);
    this.#platformLeads.set(at, row.platformLeads ?? Number.NaN);
    this.#conversions.set(at, row.conversions ?? Number.NaN);
  }

  #campaignKey(row: number): string | null {
    const campaign = this.#dims[DIMS.indexOf('campaign')]!.get(row);
    if (campaign === NONE) return null;
    let key = this.#campaignKeys.get(campaign);
    if (key === undefined) {
      key = this.#code(campaignKey(this.#text(campaign)));
      this.#campaignKeys.set(campaign, key);
    }
    return this.#text(key);
  }

  #source(row: number): string | null {
    return this.#text(this.#dims[DIMS.indexOf('source')]!.get(row));
  }

  /** The campaign keys of the rows held (MemorySink.knownCampaignKeys). */
  campaignKeys(): Set<string> {
    const keys = new Set<string>();
    for (let row = 0; row < this.#count; row++) {
      if (this.#alive.get(row) === 0) continue;
      const key = this.#campaignKey(row);
      if (key !== null) keys.add(key);
    }
    return keys;
  }

  /**
   * MemorySink.otherGrainDays, each entry named by the file that last wrote a row of its origin
   * and grain (`origins` gives an origin number's text).
   */
  otherGrainDays(grain: string, range: { from: string; to: string } | undefined, origins: readonly string[]) {
    const found = new Map<string, GrainDay>();
    for (let row = 0; row < this.#count; row++) {
      const g = this.#text(this.#grain.get(row));
      if (this.#alive.get(row) === 0 || g == null || g === grain) continue;
      const date = this.#text(this.#date.get(row))!;
      const endDate = this.#text(this.#endDate.get(row));
      if (range && (date > range.to || (endDate ?? date) < range.from)) continue;
      const origin = origins[this.#origin.get(row)]!;
      const day: GrainDay = {
        source: this.#source(row),
        campaignKey: this.#campaignKey(row),
        date,
        endDate,
        grain: g,
        origin,
        name: origin,
      };
      found.set(
        `${day.source}\u0000${day.campaignKey}\u0000${day.date}\u0000${day.endDate}\u0000${day.grain}\u0000${day.origin}`,
        day,
      );
      if (!range) break;
    }
    const days = [...found.values()];
    if (days.length === 0) return days;
    // The file that brought an origin's spend at a grain: the last one that wrote such a row.
    const names = new Map<string, string>();
    for (let row = 0; row < this.#count; row++) {
      if (this.#alive.get(row) === 0) continue;
      const key = `${origins[this.#origin.get(row)]}\u0000${this.#text(this.#grain.get(row))}`;
      names.set(key, this.#text(this.#name.get(row))!);
    }
    return days.map((d): GrainDay => ({ ...d, name: names.get(`${d.origin}\u0000${d.grain}`) ?? d.origin }));
  }

  /** MemorySink.dropOtherGrains: drops the rows at another grain on these days; returns how many. */
  dropOtherGrains(grain: string, days: readonly GrainDay[]): number {
    const keys = new Set(
      days.map((d) => `${d.source}\u0000${d.campaignKey}\u0000${d.date}\u0000${d.endDate}`),
    );
    let dropped = 0;
    for (let row = 0; row < this.#count; row++) {
      const g = this.#text(this.#grain.get(row));
      if (this.#alive.get(row) === 0 || g == null || g === grain) continue;
      const key = `${this.#source(row)}\u0000${this.#campaignKey(row)}\u0000${this.#text(this.#date.get(row))}\u0000${this.#text(this.#endDate.get(row))}`;
      if (!keys.has(key)) continue;
      this.#alive.set(row, 0);
      dropped++;
    }
    return dropped;
  }

  /** Rows held of origin number `origin`. */
  rowsOf(origin: number): number {
    let n = 0;
    for (let row = 0; row < this.#count; row++)
      if (this.#alive.get(row) === 1 && this.#origin.get(row) === origin) n++;
    return n;
  }

  /** Each origin number's first and last day (endDate counted), in the order origins first appear. */
  spans(): Map<number, { first: string; last: string }> {
    const spans = new Map<number, { first: string; last: string }>();
    for (let row = 0; row < this.#count; row++) {
      if (this.#alive.get(row) === 0) continue;
      const date = this.#text(this.#date.get(row))!;
      const end = this.#text(this.#endDate.get(row)) ?? date;
      const origin = this.#origin.get(row);
      const span = spans.get(origin);
      if (!span) spans.set(origin, { first: date, last: end });
      else {
        if (date < span.first) span.first = date;
        if (end > span.last) span.last = end;
      }
    }
    return spans;
  }

  /**
   * Adds the rows held to the builder, as SnapshotBuilder.addCosts would the Cost rows: each
   * dimension's values coded in the same order (so a label's first spelling is the same).
   */
  addTo(builder: SnapshotBuilder): void {
    const memo = DIMS.map(() => new Map<number, number>());
    const codes = new Int32Array(DIMS.length);
    for (let row = 0; row < this.#count; row++) {
      if (this.#alive.get(row) === 0) continue;
      for (let d = 0; d < DIMS.length; d++) {
        const text = this.#dims[d]!.get(row);
        let code = memo[d]!.get(text);
        if (code === undefined) {
          code = builder.codeOf(DIMS[d]!, this.#text(text));
          memo[d]!.set(text, code);
        }
        codes[d] = code;
      }
      const nullable = (v: number) => (Number.isNaN(v) ? null : v);
      builder.addCostCoded(
        codes,
        this.#text(this.#date.get(row))!,
        this.#text(this.#endDate.get(row)),
        this.#amount.get(row),
        nullable(this.#impressions.get(row)),
        nullable(this.#clicks.get(row)),
        nullable(this.#platformLeads.get(row)),
        nullable(this.#conversions.get(row)),
        this.#text(this.#kind.get(row))!,
      );
    }
  }

  /** Forgets every row. */
  clear(): void {
    this.#keys.clear();
    this.#codes.clear();
    this.#texts.length = 0;
    this.#campaignKeys.clear();
    for (const col of [
      ...this.#dims,
      this.#origin,
      this.#date,
      this.#endDate,
      this.#grain,
      this.#kind,
      this.#name,
      this.#amount,
      this.#impressions,
      this.#clicks,
      this.#platformLeads,
      this.#conversions,
      this.#alive,
    ])
      col.release();
    this.#count = 0;
  }
}
