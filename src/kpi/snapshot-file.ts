import { type Dimension, isDimension } from '../model/dimension.ts';
import { Dictionary } from './columns.ts';
import { keyOf, type Snapshot } from './snapshot.ts';

/**
 * A snapshot as bytes, so a data version is built once and then reopened by reading a file or
 * a store row instead of every row of the store. The layout (little-endian, every array
 * 8-byte aligned, so decoding makes views on the bytes and copies nothing):
 *
 *     0   8 bytes   magic "KPISNAP\0"
 *     8   u32       format (SNAPSHOT_FORMAT)
 *     12  u32       H, the header's length in bytes
 *     16  H bytes   header: the snapshot as JSON, each typed array replaced by
 *                   {"$a": "i32" | "f64" | "u8", "o": byte offset, "n": length} and each
 *                   dictionary by {"$d": true, "labels": [...], "keys": [...]}
 *     D   the arrays' bytes, D = 16 + H rounded up to a multiple of 8; an array's offset "o"
 *         counts from D and is a multiple of 8, zero padding between arrays
 *
 * A change of the Snapshot's shape needs a new SNAPSHOT_FORMAT: older files are then rebuilt.
 */
export const SNAPSHOT_FORMAT = 1;

const MAGIC = 'KPISNAP\0';
const PREFIX = 16;

type Typed = Int32Array | Float64Array | Uint8Array;
const TYPE_OF = (a: Typed): 'i32' | 'f64' | 'u8' =>
  a instanceof Int32Array ? 'i32' : a instanceof Float64Array ? 'f64' : 'u8';

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const align = (n: number): number => (n + 7) & ~7;

/** The bytes of a snapshot, as parts to write one after the other (the arrays are not copied). */
export interface EncodedSnapshot {
  parts: Uint8Array[];
  byteLength: number;
}

/** The snapshot as bytes (see the layout above). */
export function encodeSnapshot(snapshot: Snapshot): EncodedSnapshot {
  if (!littleEndian) throw new Error('snapshot files are little-endian only');
  const arrays: Typed[] = [];
  let offset = 0;
  const header = JSON.stringify(snapshot, function (this: unknown, _key, value: unknown) {
    if (value instanceof Int32Array || value instanceof Float64Array || value instanceof Uint8Array) {
      const ref = { $a: TYPE_OF(value), o: offset, n: value.length };
      arrays.push(value);
      offset = align(offset + value.byteLength);
      return ref;
    }
    if (value instanceof Dictionary) return { $d: true, labels: value.labels, keys: value.keys };
    return value;
  });
  const head = Buffer.from(header);
  const start = align(PREFIX + head.length);
  const prefix = new Uint8Array(start);
  prefix.set(Buffer.from(MAGIC, 'latin1'), 0);
  const view = new DataView(prefix.buffer);
  view.setUint32(8, SNAPSHOT_FORMAT, true);
  view.setUint32(12, head.length, true);
  prefix.set(head, PREFIX);
  const parts: Uint8Array[] = [prefix];
  let at = start;
  for (const array of arrays) {
    parts.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    at += array.byteLength;
    const pad = align(at) - at;
    if (pad > 0) parts.push(new Uint8Array(pad));
    at += pad;
  }
  return { parts, byteLength: at };
}

/** Why bytes are not a snapshot this code can open (the caller rebuilds from the store). */
export class SnapshotFileError extends Error {
  override name = 'SnapshotFileError';
}

/**
 * The snapshot held in `bytes`, its arrays as views on them (no copy when the bytes are
 * 8-byte aligned). Throws SnapshotFileError for bytes of another format or cut short.
 */
export function decodeSnapshot(input: Uint8Array): Snapshot {
  if (!littleEndian) throw new SnapshotFileError('snapshot files are little-endian only');
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  if (bytes.length < PREFIX || Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString('latin1') !== MAGIC) {
    throw new SnapshotFileError('not a snapshot file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(8, true);
  if (format !== SNAPSHOT_FORMAT)
    throw new SnapshotFileError(`snapshot format ${format}, expected ${SNAPSHOT_FORMAT}`);
  const length = view.getUint32(12, true);
  if (PREFIX + length > bytes.length) throw new SnapshotFileError('snapshot header cut short');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + PREFIX, length).toString('utf8');
  const data = align(PREFIX + length);
  const ctors = { i32: Int32Array, f64: Float64Array, u8: Uint8Array } as const;
  return JSON.parse(text, function (this: unknown, key, value: unknown) {
    if (value === null || typeof value !== 'object') return value;
    if ('$a' in value) {
      const { $a, o, n } = value as { $a: keyof typeof ctors; o: number; n: number };
      const Ctor = ctors[$a];
      if (!Ctor || o % 8 !== 0 || data + o + n * Ctor.BYTES_PER_ELEMENT > bytes.length) {
        throw new SnapshotFileError('snapshot array out of bounds');
      }
      return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset + data + o, n);
    }
    if ('$d' in value) {
      if (!isDimension(key)) throw new SnapshotFileError(`unknown dimension ${key}`);
      const { labels, keys } = value as unknown as { labels: string[]; keys: string[] };
      return Dictionary.restore(keyOf(key as Dimension), labels, keys);
    }
    return value;
  }) as Snapshot;
}
