import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * What identifies the version of a file that was hashed, beside its size and mtime: the inode
 * (device and number), mtime and ctime to the nanosecond, when the hash began, and a digest of
 * a few sampled blocks. kpi-cache.ts trusts the hash again, without reading the file, only
 * while all of these are unchanged (see `trustedIdentity` there for why that is safe).
 */
export interface FileIdentity {
  dev: string;
  ino: string;
  mtimeNs: string;
  ctimeNs: string;
  /** The wall clock (ms) just before the file was first stat'ed for this hash. */
  hashedAtMs: number;
  /** sampleDigest of the file as hashed. */
  sample: string;
}

/** A file's size, mtime and SHA-256, or `changed` when its size or mtime moved while it was read. */
export type FileHash =
  | {
      path: string;
      size: number;
      mtimeMs: number;
      sha256: string;
      /** Absent when the ctime moved while the file was read (the hash is then never reused). */
      identity?: FileIdentity;
      changed?: undefined;
    }
  | { path: string; changed: true };

/** Sampled blocks: how many, and how long each (the first and the last block included). */
const SAMPLES = 16;
const SAMPLE_BYTES = 4096;

/**
 * A SHA-256 of 16 blocks of 4 KB spread evenly over the file, first and last included (the whole
 * file when it is smaller than that): a check of a few reads that a file whose inode, size and
 * times look unchanged still holds the same bytes at those places. Synchronous: a cached answer
 * waits for it with nothing else to do, and 18 calls awaited one by one through the thread pool
 * took ~20 ms where made in a row they take well under 1.
 */
export function sampleDigest(path: string, size: number): string {
  const hash = createHash('sha256').update(`${size}\n`);
  const fd = openSync(path, 'r');
  try {
    const block = new Uint8Array(SAMPLE_BYTES);
    const whole = size <= SAMPLES * SAMPLE_BYTES;
    const count = whole ? Math.ceil(size / SAMPLE_BYTES) : SAMPLES;
    for (let i = 0; i < count; i++) {
      const at = whole ? i * SAMPLE_BYTES : Math.floor((i * (size - SAMPLE_BYTES)) / (SAMPLES - 1));
      const bytesRead = readSync(fd, block, 0, Math.min(SAMPLE_BYTES, size - at), at);
      hash.update(block.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Bytes per read of contentHash. */
const READ_BYTES = 4 * 1024 * 1024;

/**
 * The SHA-256 of a file's content, read with synchronous reads into one reused buffer: it runs on
 * the hashing worker (or in a CLI with nothing else to do meanwhile), and without a stream's
 * buffer per chunk and its callbacks a 224 MB export costs ~280 ms of CPU instead of ~375.
 */
export function contentHash(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const bytesRead = readSync(fd, buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Size, mtime and SHA-256 of a file's content, and the identity of the version hashed (no imports
 * beyond Node's own: the hashing worker, file-hash-worker.ts, loads only this).
 */
export async function hashFile(path: string): Promise<FileHash> {
  const hashedAtMs = Date.now();
  const before = await stat(path);
  const exact = await stat(path, { bigint: true });
  const sha256 = contentHash(path);
  const after = await stat(path);
  const exactAfter = await stat(path, { bigint: true });
  if (before.size !== after.size || before.mtimeMs !== after.mtimeMs) return { path, changed: true };
  const steady =
    exact.ctimeNs === exactAfter.ctimeNs &&
    exact.mtimeNs === exactAfter.mtimeNs &&
    exact.ino === exactAfter.ino;
  const hashed = {
    path: resolve(path),
    size: before.size,
    mtimeMs: before.mtimeMs,
    sha256,
  };
  if (!steady) return hashed;
  const identity: FileIdentity = {
    dev: String(exact.dev),
    ino: String(exact.ino),
    mtimeNs: String(exact.mtimeNs),
    ctimeNs: String(exact.ctimeNs),
    hashedAtMs,
    sample: sampleDigest(path, before.size),
  };
  return { ...hashed, identity };
}
