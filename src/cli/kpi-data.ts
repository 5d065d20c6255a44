import { periodSpan } from '../command/period-span.ts';
import type { IngestOptions } from '../ingest/options.ts';
import type { IngestReport } from '../ingest/report.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import type { SourceCoverage } from '../model/coverage.ts';
import { systemClock } from '../shared/clock.ts';
import { isAppError } from '../shared/errors.ts';
import type { SourceFreshness } from '../store/imports.ts';
import { type Hashing, hashOffThread } from './file-hash-off-thread.ts';
import {
  assertUnchanged,
  type CachedSession,
  cacheKey,
  type FileFingerprint,
  fileChanged,
  fingerprint,
  hasProbe,
  knownFingerprints,
  probeKey,
  readCached,
  rememberHashes,
  sameStat,
  statFingerprint,
  statOf,
  writeCached,
} from './kpi-cache.ts';
import type { KpiSettings } from './kpi-settings.ts';

/**
 * The store, ingest and snapshot modules, loaded when data is read from them: an answer from
 * the cache (kpi-cache.ts) never pays for loading them.
 */
async function dataModules() {
  const [load, imports, open, coverage] = await Promise.all([
    import('../data/load.ts'),
    import('../store/imports.ts'),
    import('../store/open.ts'),
    import('../store/coverage.ts'),
  ]);
  return {
    dataCoverage: coverage.dataCoverage,
    loadSnapshot: load.loadSnapshot,
    listSources: imports.listSources,
    openStore: open.openStore,
  };
}

/** The data a command is answered from, and how to let go of it. */
export interface DataSession {
  snapshot: Snapshot;
  sources: SourceFreshness[];
  /** The days each source's rows span (what an answer over later days must say). */
  coverage: SourceCoverage[];
  /** One report per `--data` file (empty without --data). */
  reports: IngestReport[];
  /** Lets go of the data; with --data files, resolves once their cache entry is written. */
  close(): Promise<void>;
}

export interface OpenDataOptions {
  files: readonly string[];
  settings: KpiSettings;
  dateOrder: 'dmy' | 'mdy' | null;
  /** `--preset` and `--period` for the files (as on `npm run ingest`). */
  preset?: string | null;
  period?: string | null;
  env: NodeJS.ProcessEnv;
  /** With files: the cache directory of kpi-cache.ts to read and fill, or null for none. */
  cacheDir?: string | null;
  /** How long after a file's last change its hash may be reused (kpi-cache.ts trustedIdentity; tests pass 0). */
  racyMs?: number;
  /** Called after the files were ingested, before they are checked again (tests change a file here). */
  afterIngest?: () => Promise<void>;
}

/**
 * With files: the cached session of these exact files when `cacheDir` holds one, else they are
 * ingested, presets detected, straight into the snapshot's columns (data/column-sink.ts: the
 * same rows, upserts and report as a store, without writing one); a file whose size or mtime
 * moved while it was read refuses the run (AppError). Without files:
 * the configured store (DATABASE_URL, or the embedded file under DATA_DIR). Then the snapshot
 * the engine answers from.
 */
export async function openData(options: OpenDataOptions): Promise<DataSession> {
  if (options.files.length === 0) return openStoreSession(options);
  const { timeZone, currency } = options.settings;
  let fingerprints: FileFingerprint[] | null = null;
  let stats: FileFingerprint[] | null = null;
  let key: string | null = null;
  let hashing: Hashing | null = null;
  const base = ingestBase(options);
  if (options.cacheDir) {
    // A missing or unreadable file is not cached: ingest reports it as today.
    stats = await Promise.all(options.files.map(statFingerprint)).catch(() => null);
    const probe = stats ? await probeKey(stats, base) : null;
    if (stats && probe && (await hasProbe(options.cacheDir, probe))) {
      // An entry for these sizes and mtimes: its hashes of the files when they still hold
      // (kpi-cache.ts trustedIdentity), else hash them; answer from it if the contents match.
      const known = await knownFingerprints(options.cacheDir, probe, options.files, options.racyMs);
      fingerprints =
        known ??
        (await Promise.all(options.files.map(fingerprint)).catch((error: unknown) => {
          if (isAppError(error)) throw error;
          return null;
        }));
      if (fingerprints) {
        // Everything that changes the rows: the ingest options (a relative --period resolved).
        key = await cacheKey(fingerprints, base);
        const hit = await readCached(options.cacheDir, key);
        if (hit && !known) await rememberHashes(options.cacheDir, key, fingerprints);
        if (hit) return { ...hit, close: async () => {} };
      }
    } else if (stats) {
      // No entry can match (none for these sizes and mtimes): the files are hashed for the key on
      // another thread (the second core) while this one ingests them, instead of before.
      hashing = hashOffThread(options.files);
    }
  }
  const seen: FileFingerprint[] =
    fingerprints ??
    stats ??
    (await Promise.all(
      options.files.map(async (path) => {
        const s = await statOf(path).catch(() => null);
        return s ? { path, ...s, sha256: '' } : null;
      }),
    ).then((all) => all.filter((f) => f !== null)));
  try {
    const { ColumnSink, ingestFile } = await columnModules();
    // The rows go straight from the compiled row mapper into the snapshot's column builders: no
    // temporary store written and read back (what the store would tell, the sink keeps beside).
    // A large lead file may be mapped in byte ranges on worker threads (data/lead-parts.ts,
    // by default from 3 cores on); KPI_INGEST_THREADS sets the threads (1: this thread only).
    const sink = new ColumnSink({ timeZone, currency, parts: partsOptions(options.env) });
    const reports: IngestReport[] = [];
    for (const path of options.files) {
      sink.startFile(path);
      const report = await ingestFile(path, base, sink);
      // The origin the store would record the import under (data/sources.ts ingestIntoStore).
      sink.recordImport(report, base.origin ?? report.preset?.id ?? path, systemClock.now().getTime());
      reports.push(report);
    }
    await options.afterIngest?.();
    await assertUnchanged(seen);
    if (hashing) {
      const hashes = await hashing.result;
      const moved = hashes?.find((h) => h.changed);
      if (moved) throw fileChanged(moved.path);
      // The key only when each hash is of the version ingested (same size and mtime throughout).
      const hashed = hashes as FileFingerprint[] | null;
      if (hashed && stats && hashed.every((h, i) => stats[i] !== undefined && sameStat(h, stats[i]))) {
        key = await cacheKey(hashed, base);
        fingerprints = hashed;
      }
    }
    const coverage = sink.coverage();
    const sources = sink.sources();
    const snapshot = sink.build();
    const session: CachedSession = { snapshot, sources, coverage, reports };
    // The entry is written (on the thread pool) while the caller answers from the snapshot, and
    // waited for by close(): the answer does not wait for 100 MB to be written.
    const written =
      options.cacheDir && key && reports.every((r) => r.error === null)
        ? writeCached(options.cacheDir, key, session, options.env, fingerprints ?? [])
        : Promise.resolve();
    return { ...session, close: () => written };
  } finally {
    hashing?.stop();
  }
}

/** The threads a large lead file may be mapped on: KPI_INGEST_THREADS when a positive integer. */
function partsOptions(env: NodeJS.ProcessEnv): { threads?: number } {
  const threads = Number(env.KPI_INGEST_THREADS);
  return Number.isInteger(threads) && threads > 0 ? { threads } : {};
}

/** The column sink and the file ingest, loaded when files are read (not on a cached answer). */
async function columnModules() {
  const [sink, file] = await Promise.all([import('../data/column-sink.ts'), import('../ingest/file.ts')]);
  return { ColumnSink: sink.ColumnSink, ingestFile: file.ingestFile };
}

/** The configured store's session (DATABASE_URL, or the embedded store under DATA_DIR). */
async function openStoreSession(options: OpenDataOptions): Promise<DataSession> {
  const { dataCoverage, loadSnapshot, listSources, openStore } = await dataModules();
  const db = await openStore({ DATABASE_URL: options.env.DATABASE_URL, DATA_DIR: options.env.DATA_DIR });
  try {
    const { timeZone, currency } = options.settings;
    const snapshot = await loadSnapshot(db, { timeZone, currency });
    const sources = await listSources(db);
    const coverage = await dataCoverage(db, timeZone);
    return { snapshot, sources, coverage, reports: [], close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** The ingest options every --data file gets. */
function ingestBase(options: OpenDataOptions): IngestOptions {
  const base: IngestOptions = {
    timeZone: options.settings.timeZone,
    currency: options.settings.currency,
    ...(options.settings.rates ? { rates: options.settings.rates } : {}),
    ...(options.settings.keepLevel ? { keepLevel: options.settings.keepLevel } : {}),
    ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    ...(options.preset ? { preset: options.preset } : {}),
  };
  const span = options.period
    ? periodSpan(options.period, 'en', new Date(), options.settings.timeZone)
    : null;
  if (span) base.period = span;
  return base;
}
