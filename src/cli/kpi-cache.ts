import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestReport } from '../ingest/report.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT } from '../kpi/snapshot-file.ts';
import type { SourceCoverage } from '../model/coverage.ts';
import { AppError } from '../shared/errors.ts';
import { readWholeFile } from '../shared/read-file.ts';
import { writeParts } from '../shared/write-parts.ts';
import type { SourceFreshness } from '../store/imports.ts';
import { type FileIdentity, hashFile, sampleDigest } from './file-hash.ts';

/**
 * The `kpi --data FILES` cache: the snapshot and the ingest reports of a set of files, kept in
 * the user's cache directory (XDG_CACHE_HOME/kpi, else ~/.cache/kpi) so asking again about
 * unchanged files reads one file instead of ingesting them again.
 *
 * An entry's key is a hash of each file's resolved path, size, mtime and SHA-256 of its
 * content, of the settings that change the numbers (zone, currency, rates, date order) and of
 * the code itself (every source file's size and mtime): a changed file, setting or program
 * is a different key, so an answer from an older version of a file is never served. Entries
 * are written to a temporary name and renamed (a reader never sees half of one); the cache is
 * bounded (KPI_CACHE_MAX_MB, default 2 048 MB) and the least recently used entries go first.
 *
 * Asking again about the same files does not read them all again to hash them (224 MB: about a
 * quarter of a second): each entry also keeps, per file, the identity of the version it hashed
 * (files.json: inode, mtime and ctime to the nanosecond, when the hash began, a digest of 16
 * sampled blocks), and that hash is reused while the identity holds (`trustedIdentity`).
 */

export interface FileFingerprint {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  /** The version hashed (file-hash.ts), when known: lets the next call reuse `sha256`. */
  identity?: FileIdentity;
}

/** What a cache entry holds beside the snapshot. */
export interface CachedSession {
  snapshot: Snapshot;
  sources: SourceFreshness[];
  coverage: SourceCoverage[];
  reports: IngestReport[];
}

const DEFAULT_MAX_MB = 2048;

/** The cache directory for an environment. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.cache');
  return join(base, 'kpi');
}

function maxBytes(env: NodeJS.ProcessEnv): number {
  const mb = Number(env.KPI_CACHE_MAX_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_MB) * 1024 * 1024;
}

/** The error of a file that changed while it was being read: that run is refused. */
export function fileChanged(path: string): AppError {
  return new AppError('file_unreadable', 'command.cli.file_changed', { params: { file: path } });
}

/** Size and mtime as one comparable text. */
const statKey = (s: { size: number; mtimeMs: number }): string => `${s.size}:${s.mtimeMs}`;

/** The file's current size and mtime. */
export async function statOf(path: string): Promise<{ size: number; mtimeMs: number }> {
  const s = await stat(path);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

/**
 * Size, mtime and content hash of a file; throws fileChanged when its size or mtime moved
 * while it was hashed.
 */
export async function fingerprint(path: string): Promise<FileFingerprint> {
  const hashed = await hashFile(path);
  if (hashed.changed) throw fileChanged(path);
  return hashed;
}

/** Resolved path, size and mtime of a file (no content hash yet: `sha256` is empty). */
export async function statFingerprint(path: string): Promise<FileFingerprint> {
  return { path: resolve(path), ...(await statOf(path)), sha256: '' };
}

/** Whether two fingerprints of a file have the same size and mtime. */
export const sameStat = (a: FileFingerprint, b: FileFingerprint): boolean => statKey(a) === statKey(b);

/** Throws fileChanged when a file's size or mtime is not what its fingerprint says. */
export async function assertUnchanged(fingerprints: readonly FileFingerprint[]): Promise<void> {
  for (const f of fingerprints) {
    const now = await statOf(f.path).catch(() => null);
    if (!now || statKey(now) !== statKey(f)) throw fileChanged(f.path);
  }
}

let stamp: string | null = null;

/**
 * A hash of the program's own files (size and mtime): a new version of the code misses the cache.
 * Read with synchronous calls: every call of the CLI with --data pays for it before anything else
 * runs (no other work to overlap), and ~350 stats awaited one by one through the thread pool cost
 * about 4 times as long as the same stats made in a row.
 */
function codeStamp(): string {
  if (stamp !== null) return stamp;
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|js|sql)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    const s = statSync(file);
    hash.update(`${file}\t${s.size}\t${s.mtimeMs}\n`);
  }
  stamp = hash.digest('hex');
  return stamp;
}

/**
 * The first part of an entry's key: the code, the settings and each file's path, size and mtime,
 * without the content. No entry starting with it means a certain miss, known before hashing
 * (the files are then hashed while they are ingested, kpi-data.ts); one means hash and compare.
 */
export async function probeKey(files: readonly FileFingerprint[], settings: unknown): Promise<string> {
  const hash = createHash('sha256');
  hash.update(codeStamp());
  hash.update(JSON.stringify(settings));
  for (const f of files) hash.update(`\n${f.path}\t${f.size}\t${f.mtimeMs}`);
  return hash.digest('hex').slice(0, 16);
}

/** Whether the cache holds an entry whose key starts with `probe` (probeKey). */
export async function hasProbe(dir: string, probe: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((n) => n.startsWith(`${probe}-`));
}

/** The entry key for these files and settings: probeKey, then a hash of the contents too. */
export async function cacheKey(fingerprints: readonly FileFingerprint[], settings: unknown): Promise<string> {
  const hash = createHash('sha256');
  hash.update(codeStamp());
  hash.update(JSON.stringify(settings));
  for (const f of fingerprints) hash.update(`\n${f.path}\t${f.size}\t${f.mtimeMs}\t${f.sha256}`);
  return `${await probeKey(fingerprints, settings)}-${hash.digest('hex').slice(0, 40)}`;
}

/**
 * Whether a file's hash taken at `identity` still holds for the file as `now` stats it (bigint),
 * without reading it: same device and inode, same size, same mtime and ctime to the nanosecond,
 * and the hash began at least `racyMs` after that ctime.
 *
 * Why this is safe: every change to a file's bytes (write, truncate, a write through a mapping)
 * sets its mtime and ctime to the current time, and putting the mtime back (utimes, touch -d,
 * cp -p, tar, rsync -t) sets the ctime to the current time again: no program can set a ctime
 * (short of moving the system clock back or editing the disk). A file replaced by another
 * (rename, a new copy) is another inode. So an unchanged (dev, ino, size, mtime, ctime) means
 * unchanged bytes, except for one race: the clock the kernel stamps files with moves in ticks
 * (a few ms on Linux; 1 or 2 s on file systems that keep whole seconds, e.g. FAT or ext3), so a
 * change made in the same tick as the one stamped before the hash could leave both times as
 * they were. A hash that began less than one tick after the file's ctime is therefore never
 * reused (`racyMs`: 2 s when the ctime has no fraction of a second, else 50 ms); that file is
 * hashed again at the next call. Sampled blocks (sampleDigest, 16 reads) are compared as well,
 * a second check for file systems whose times cannot be trusted (some network mounts).
 */
export function trustedIdentity(
  identity: FileIdentity,
  size: number,
  now: { dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint },
  racyMs?: number,
): boolean {
  if (
    identity.dev !== String(now.dev) ||
    identity.ino !== String(now.ino) ||
    size !== Number(now.size) ||
    identity.mtimeNs !== String(now.mtimeNs) ||
    identity.ctimeNs !== String(now.ctimeNs)
  )
    return false;
  const margin = racyMs ?? (now.ctimeNs % 1_000_000_000n === 0n ? 2000 : 50);
  return Number(now.ctimeNs / 1_000_000n) + margin <= identity.hashedAtMs;
}

/** The file in each entry that remembers the versions of its files it hashed. */
const HASHES_FILE = 'files.json';

/**
 * The fingerprints of `paths` known without reading them: from an entry whose key starts with
 * `probe` (the same code, settings, paths, sizes and mtimes) and whose remembered hashes are all
 * still trusted (trustedIdentity, and the sampled blocks unchanged). Null when any file would
 * have to be hashed again.
 */
export async function knownFingerprints(
  dir: string,
  probe: string,
  paths: readonly string[],
  racyMs?: number,
): Promise<FileFingerprint[] | null> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith(`${probe}-`));
  for (const name of names) {
    const known = await readFile(join(dir, name, HASHES_FILE), 'utf8')
      .then((text) => JSON.parse(text) as FileFingerprint[])
      .catch(() => null);
    if (!Array.isArray(known) || known.length !== paths.length) continue;
    let all = true;
    for (const [i, path] of paths.entries()) {
      const f = known[i];
      const now = await stat(path, { bigint: true }).catch(() => null);
      if (
        !f?.identity ||
        !now ||
        f.path !== resolve(path) ||
        !trustedIdentity(f.identity, f.size, now, racyMs)
      ) {
        all = false;
        break;
      }
      if (sampleOf(path, f.size) !== f.identity.sample) {
        all = false;
        break;
      }
    }
    if (all) return known;
  }
  return null;
}

/** sampleDigest of a file, or null when it cannot be read. */
function sampleOf(path: string, size: number): string | null {
  try {
    return sampleDigest(path, size);
  } catch {
    return null;
  }
}

/** Remembers the versions hashed for an entry (HASHES_FILE), when every file's identity is known. */
export async function rememberHashes(
  dir: string,
  key: string,
  fingerprints: readonly FileFingerprint[],
): Promise<void> {
  if (!fingerprints.every((f) => f.identity)) return;
  const temp = join(dir, key, `.${HASHES_FILE}.${process.pid}.tmp`);
  await writeFile(temp, JSON.stringify(fingerprints))
    .then(() => rename(temp, join(dir, key, HASHES_FILE)))
    .catch(() => rm(temp, { force: true }).catch(() => {}));
}

/** The entry for `key`, or null (missing, or unreadable: then it is dropped). */
export async function readCached(dir: string, key: string): Promise<CachedSession | null> {
  const entry = join(dir, key);
  try {
    const [bytes, meta] = await Promise.all([
      readWholeFile(join(entry, 'snapshot.bin')),
      readFile(join(entry, 'meta.json'), 'utf8'),
    ]);
    const { sources, coverage, reports } = JSON.parse(meta) as Omit<CachedSession, 'snapshot'>;
    if (!bytes) throw new Error('no snapshot in the entry');
    if (!Array.isArray(coverage)) throw new Error('an entry of an older layout');
    const snapshot = decodeSnapshot(bytes);
    // Marks the entry as used now: eviction drops the least recently used first.
    const now = new Date();
    await utimes(entry, now, now).catch(() => {});
    return { snapshot, sources, coverage, reports };
  } catch {
    await rm(entry, { recursive: true, force: true }).catch(() => {});
    return null;
  }
}

/**
 * Stores an entry (written under a temporary name, then renamed), then evicts the least
 * recently used entries until the cache fits its bound. Failing to write only costs the cache:
 * never rejects (kpi-data.ts lets it run while the answer is computed).
 */
export async function writeCached(
  dir: string,
  key: string,
  session: CachedSession,
  env: NodeJS.ProcessEnv,
  fingerprints: readonly FileFingerprint[] = [],
): Promise<void> {
  const entry = join(dir, key);
  const temp = join(dir, `.${key}.${process.pid}.tmp`);
  try {
    // Up to the snapshot's write queued on the thread pool without awaiting (writeParts): the
    // 100 MB of a 1M-lead snapshot are written while the caller answers, not after.
    mkdirSync(temp, { recursive: true });
    const { parts } = encodeSnapshot(session.snapshot);
    await writeParts(join(temp, 'snapshot.bin'), parts);
    const meta = { sources: session.sources, coverage: session.coverage, reports: session.reports };
    await writeFile(join(temp, 'meta.json'), JSON.stringify(meta));
    if (fingerprints.length > 0 && fingerprints.every((f) => f.identity))
      await writeFile(join(temp, HASHES_FILE), JSON.stringify(fingerprints));
    await rm(entry, { recursive: true, force: true });
    await rename(temp, entry);
  } catch {
    await rm(temp, { recursive: true, force: true }).catch(() => {});
    return;
  }
  await evict(dir, maxBytes(env), key).catch(() => {});
}

/** Drops the least recently used entries (never `keep`) until the total size is within `limit`. */
async function evict(dir: string, limit: number, keep: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.'));
  const entries: { name: string; used: number; bytes: number }[] = [];
  for (const name of names) {
    const at = join(dir, name);
    const info = await stat(at).catch(() => null);
    if (!info?.isDirectory()) continue;
    let bytes = 0;
    for (const file of await readdir(at).catch(() => []))
      bytes += (await stat(join(at, file)).catch(() => null))?.size ?? 0;
    entries.push({ name, used: info.mtimeMs, bytes });
  }
  let total = entries.reduce((s, e) => s + e.bytes, 0);
  for (const e of entries.sort((a, b) => a.used - b.used)) {
    if (total <= limit) break;
    if (e.name === keep) continue;
    await rm(join(dir, e.name), { recursive: true, force: true });
    total -= e.bytes;
  }
}
