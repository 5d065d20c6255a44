import { open } from 'node:fs/promises';

/** Bytes per read: each read is awaited, so the event loop keeps turning meanwhile. */
const READ_CHUNK = 16 * 1024 * 1024;

/**
 * A whole file in one buffer (a SharedArrayBuffer with `shared`), read in 16 MB reads straight
 * into it: no copy, and about 190 fewer round trips to the thread pool than fs.readFile's 512 KB
 * reads for a 100 MB snapshot. With `size`, null when the file does not hold exactly that many
 * bytes; null when it cannot be opened or read.
 */
export async function readWholeFile(
  path: string,
  options: { shared?: boolean; size?: number } = {},
): Promise<Uint8Array | null> {
  const file = await open(path, 'r').catch(() => null);
  if (!file) return null;
  try {
    const { size } = await file.stat();
    if (options.size !== undefined && size !== options.size) return null;
    const out = new Uint8Array(options.shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await file.read(out, at, Math.min(READ_CHUNK, size - at), at);
      if (bytesRead === 0) return null;
      at += bytesRead;
    }
    return out;
  } catch {
    return null;
  } finally {
    await file.close().catch(() => {});
  }
}
