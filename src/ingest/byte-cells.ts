import { campaignKey, joinsOtherSide } from '../model/campaign.ts';
import { CurrencySchema } from '../model/money.ts';
import { ByteDict } from './byte-dict.ts';
import type { ByteRecords } from './byte-records.ts';
import { plainNumberAt, readText } from './compiled-row.ts';
import { hashPlainIdCell, ID_HASHED, ID_TEXT } from './id-cell.ts';
import { hashKey } from './id-set.ts';
import type { PlannedColumn } from './map.ts';
import type { IngestReport } from './report.ts';
import type { RowContext } from './row.ts';

/**
 * What the byte lanes (lead-lane.ts, cost-lane.ts) share: reading a record's cells from its
 * bytes as the compiled row mapper (compiled-row.ts) reads their text, and telling which
 * records a lane may map at all (the others go the usual way, in their place).
 */

/** A lane: maps record i of a batch when it can (written and counted), else false (nothing done). */
export interface RecordLane {
  row(batch: ByteRecords, i: number): boolean;
  /** The record id's position in a record (a lead lane). */
  readonly keyCell?: number;
  /** Before `row` is called for the records of a batch (the same object may hold other records now). */
  begin?(batch: ByteRecords): void;
}

/**
 * Whether a file's settings let a lane run: no summary patterns of the preset's own (a label
 * the lane's first-cell test would take for data), an origin and a known workspace currency
 * (what the compiled mapper checks once per file, else every row goes to mapRow).
 */
export function plainSettings(ctx: RowContext): boolean {
  if ((ctx.plan.preset.summaryPatterns?.length ?? 0) > 0) return false;
  return ctx.origin.length > 0 && CurrencySchema.safeParse(ctx.currency).success;
}

/** writer.ts countUnattributed's test of a campaign: its key is known on the other side. */
export function campaignJoins(campaign: string | null, otherKeys: ReadonlySet<string>): boolean {
  return joinsOtherSide(campaign === null ? null : campaignKey(campaign), otherKeys);
}

/** What a lane counts into: the writer's report and settings. */
export interface LaneReport {
  report: IngestReport;
  sampleErrors: number;
  otherKeys: ReadonlySet<string>;
}

export const NUMERIC_TYPES: ReadonlySet<string> = new Set(['number', 'integer', 'money', 'percent']);

/**
 * Whether a lane may map record i at all: no cell whose text is not its bytes (byte-records.ts
 * `odd`), exactly `width` cells (no short nor extra record), and a first cell that starts with
 * a letter or digit other than g, s or t (writer.ts mayBeSummary: a label, no total, and the
 * record is not blank).
 */
export function mayMap(batch: ByteRecords, i: number, width: number): boolean {
  if (batch.odd[i] === 1) return false;
  const first = batch.firstCell[i]!;
  if (batch.firstCell[i + 1]! - first !== width) return false;
  const s = batch.starts[first]!;
  if (s === batch.ends[first]!) return false;
  const c = batch.bytes[s]! | 0x20;
  return ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) && c !== 0x67 && c !== 0x73 && c !== 0x74;
}

/** A text column read by its bytes: each distinct value a code, with its value as the mapper reads it. */
export class TextCells {
  readonly dict = new ByteDict();
  /** Per code: the field's value (readText, else the preset's default). */
  readonly values: (string | null)[] = [];
  /** Per code: the sink's code of the value, -1 until a row is written with it. */
  readonly sinkCodes: number[] = [];
  /** The preset's default for the field (a value when the cell has none). */
  readonly fallback: string | null;

  constructor(fallback: string | null) {
    this.fallback = fallback;
  }

  /** The code of the value of bytes start..end; a new value's code is `values.length - 1` after. */
  code(bytes: Uint8Array, start: number, end: number): number {
    const code = this.dict.code(bytes, start, end);
    if (code === this.values.length) {
      this.values.push(readText(this.dict.texts[code]!) ?? this.fallback);
      this.sinkCodes.push(-1);
    }
    return code;
  }
}

/** How a number column's values are read: its type, and the rate its amounts are multiplied by. */
export interface NumberReading {
  type: string;
  rate: number;
  convert: boolean;
}

/**
 * How the compiled mapper reads a number column without a row currency column, or null when the
 * lane cannot read it so (comma decimals; an amount in a currency with no rate).
 */
export function numberReading(column: PlannedColumn, ctx: RowContext): NumberReading | null {
  if (ctx.decimal === ',') return null;
  const reading = { type: column.type, rate: 1, convert: false };
  if (column.type === 'money') {
    const currency = column.currency ?? ctx.sourceCurrency;
    if (currency !== null && currency !== ctx.currency) {
      const known = ctx.rates[currency];
      if (known === undefined) return null;
      reading.rate = known;
      reading.convert = true;
    }
  }
  return reading;
}

/**
 * compiled-row.ts's number reader for a non-empty cell of PLAIN's shape
 * (-?\d{1,15}(\.\d{1,15})?), read from the bytes; NaN for any other cell (the record then goes
 * the usual way) and for a value that is not finite.
 */
export function readPlain(b: Buffer, s: number, e: number, reading: NumberReading): number {
  let value = plainNumberAt(b, s, e);
  if (Number.isNaN(value)) return value;
  value ||= 0;
  if (reading.type === 'percent') value /= 100;
  else if (reading.type === 'integer') value = Math.round(value);
  else if (reading.convert) value *= reading.rate;
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * Hashes the record id of cell `cell` into keyHashes (id-set.ts) as the sink hashes the mapped
 * text (readText) of it; false when the cell holds no id.
 */
export function hashIdCell(batch: ByteRecords, cell: number): boolean {
  const plain = hashPlainIdCell(batch, cell);
  if (plain !== ID_TEXT) return plain === ID_HASHED;
  const id = readText(batch.text(cell));
  if (id === null) return false;
  hashKey(id);
  return true;
}
