import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodSpan } from '../command/period-span.ts';
import { loadSnapshot } from '../data/load.ts';
import { ingestIntoStore } from '../data/sources.ts';
import type { IngestOptions } from '../ingest/options.ts';
import type { IngestReport } from '../ingest/report.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import type { SourceCoverage } from '../model/coverage.ts';
import { systemClock } from '../shared/clock.ts';
import { dataCoverage } from '../store/coverage.ts';
import type { Db } from '../store/db.ts';
import { listSources, type SourceFreshness } from '../store/imports.ts';
import { openStore } from '../store/open.ts';
import type { KpiSettings } from './kpi-settings.ts';

/** The data a command is answered from, and how to let go of it. */
export interface DataSession {
  db: Db;
  snapshot: Snapshot;
  sources: SourceFreshness[];
  /** The days each source's rows span (what an answer over later days must say). */
  coverage: SourceCoverage[];
  /** One report per `--data` file (empty without --data). */
  reports: IngestReport[];
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
}

/**
 * With files: a temporary embedded store (deleted on close) filled by ingesting them, presets
 * detected. Without: the configured store (DATABASE_URL, or the embedded file under DATA_DIR).
 * Then the snapshot the engine answers from.
 */
export async function openData(options: OpenDataOptions): Promise<DataSession> {
  const temp = options.files.length > 0 ? await mkdtemp(join(tmpdir(), 'kpi-cli-')) : null;
  const cleanup = async (db: Db | null): Promise<void> => {
    await db?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  };
  let db: Db | null = null;
  try {
    db = temp
      ? await openStore({ DATA_DIR: temp })
      : await openStore({ DATABASE_URL: options.env.DATABASE_URL, DATA_DIR: options.env.DATA_DIR });
    const reports = temp ? await ingestAll(db, options) : [];
    const { timeZone, currency } = options.settings;
    const snapshot = await loadSnapshot(db, { timeZone, currency });
    const sources = await listSources(db);
    const coverage = await dataCoverage(db, timeZone);
    const opened = db;
    return { db: opened, snapshot, sources, coverage, reports, close: () => cleanup(opened) };
  } catch (error) {
    await cleanup(db);
    throw error;
  }
}

async function ingestAll(db: Db, options: OpenDataOptions): Promise<IngestReport[]> {
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
  const reports: IngestReport[] = [];
  for (const path of options.files)
    reports.push(await ingestIntoStore(db, { path, options: base }, systemClock));
  return reports;
}
