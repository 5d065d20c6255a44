import type { Snapshot } from '../kpi/snapshot.ts';
import { decodeSnapshot } from '../kpi/snapshot-file.ts';

/** The shared bytes each snapshot decoded by decodeShared is a view of. */
const sharedBytes = new WeakMap<Snapshot, SharedArrayBuffer>();

/**
 * decodeSnapshot, remembering the SharedArrayBuffer the snapshot's columns are views of when the
 * bytes fill one: the query threads (src/data/query-pool.ts) are then handed those same bytes,
 * instead of a second copy of the snapshot encoded again at the first question.
 */
export function decodeShared(bytes: Uint8Array): Snapshot {
  const snapshot = decodeSnapshot(bytes);
  const buffer = bytes.buffer;
  if (buffer instanceof SharedArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength)
    sharedBytes.set(snapshot, buffer);
  return snapshot;
}

/** The SharedArrayBuffer holding `snapshot`'s encoded bytes, when it was decoded from one. */
export function sharedBytesOf(snapshot: Snapshot): SharedArrayBuffer | null {
  return sharedBytes.get(snapshot) ?? null;
}
