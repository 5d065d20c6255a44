import type { ByteRecords } from './byte-records.ts';
import { hashKeyBytes } from './id-set.ts';

/** hashPlainIdCell's answers. */
export const ID_EMPTY = 0;
export const ID_HASHED = 1;
/** The id is not plain ASCII as it stands: its text decides (byte-cells.ts hashIdCell). */
export const ID_TEXT = 2;

/**
 * The plain case of byte-cells.ts hashIdCell, in a module the scan thread loads (key-check.ts)
 * without the row mapper's: an id cell of ASCII bytes with no blank at either end and not '--'
 * is the id as it stands, hashed into keyHashes (id-set.ts) as the sink hashes its text;
 * ID_EMPTY for an empty cell, ID_TEXT for any other.
 */
export function hashPlainIdCell(batch: ByteRecords, cell: number): number {
  const bytes = batch.bytes;
  const s = batch.starts[cell]!;
  const e = batch.ends[cell]!;
  if (s === e) return ID_EMPTY;
  let or = 0;
  for (let j = s; j < e; j++) or |= bytes[j]!;
  if (
    or < 0x80 &&
    bytes[s]! > 0x20 &&
    bytes[e - 1]! > 0x20 &&
    !(e - s === 2 && bytes[s] === 45 && bytes[s + 1] === 45)
  ) {
    hashKeyBytes(bytes, s, e);
    return ID_HASHED;
  }
  return ID_TEXT;
}
