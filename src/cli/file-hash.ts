import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A file's size, mtime and SHA-256, or `changed` when its size or mtime moved while it was read. */
export type FileHash =
  | { path: string; size: number; mtimeMs: number; sha256: string; changed?: undefined }
  | { path: string; changed: true };

/**
 * Size, mtime and SHA-256 of a file's content (no imports beyond Node's own: the hashing worker,
 * file-hash-worker.ts, loads only this).
 */
export async function hashFile(path: string): Promise<FileHash> {
  const before = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk);
  const after = await stat(path);
  if (before.size !== after.size || before.mtimeMs !== after.mtimeMs) return { path, changed: true };
  return { path: resolve(path), size: before.size, mtimeMs: before.mtimeMs, sha256: hash.digest('hex') };
}
