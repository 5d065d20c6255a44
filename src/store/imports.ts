import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';
import { bumpDataVersion } from './version.ts';
import { versionCounts } from './versions.ts';

export interface ImportRecord {
  /** Where the rows came from: a preset id or a configured source name (the rows' `origin`). */
  origin: string;
  /** What was imported: a file name, a sheet, an upload. */
  name: string;
  kind: 'lead' | 'cost' | 'mixed';
  startedAt: number;
  finishedAt: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsSkipped: number;
  /** The full ingest report, stored as JSON. */
  report: unknown;
}

/** An import whose sink kept the rows' previous versions (row_versions) under `id`: it can be undone. */
export interface KeptVersions {
  id: string;
}

export interface StoredImport extends ImportRecord {
  id: string;
  dataVersion: number;
  /** Rows the import added and stored rows whose values it changed (known when versions were kept). */
  rowsAdded: number | null;
  rowsUpdated: number | null;
}

/** A short id people can type (`/kpi import undo 3f9a1c2e`). */
export const newImportId = (): string => randomUUID().replace(/-/g, '').slice(0, 10);

export interface SourceFreshness {
  origin: string;
  lastName: string;
  lastImportId: string;
  lastImportAt: number;
  leadRows: number;
  costRows: number;
  /** Rows skipped by the last import of this origin. */
  rejectedRows: number;
  imports: number;
}

/**
 * Records an import, bumps the data version and refreshes the origin's freshness row, all in
 * one transaction: readers see the new version only with the import that caused it.
 */
export async function recordImport(db: Db, record: ImportRecord, kept?: KeptVersions): Promise<StoredImport> {
  return db.transaction(async (tx) => {
    const id = kept?.id ?? newImportId();
    const dataVersion = await bumpDataVersion(tx, record.finishedAt);
    const counts = kept ? await versionCounts(tx, id) : null;
    await tx.execute(
      `INSERT INTO imports (id, origin, name, kind, started_at, finished_at, rows_read, rows_accepted,
        rows_skipped, data_version, report, versions, rows_added, rows_updated)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id,
        record.origin,
        record.name,
        record.kind,
        record.startedAt,
        record.finishedAt,
        record.rowsRead,
        record.rowsAccepted,
        record.rowsSkipped,
        dataVersion,
        JSON.stringify(record.report ?? null),
        kept ? 1 : 0,
        counts?.added ?? null,
        counts?.updated ?? null,
      ],
    );
    await tx.execute(
      `INSERT INTO sources (origin, last_name, last_import_id, last_import_at, lead_rows, cost_rows,
        rejected_rows, imports)
       VALUES ($1, $2, $3, $4, (SELECT COUNT(*) FROM leads WHERE origin = $1),
        (SELECT COUNT(*) FROM costs WHERE origin = $1), $5, 1)
       ON CONFLICT (origin) DO UPDATE SET last_name = EXCLUDED.last_name,
        last_import_id = EXCLUDED.last_import_id, last_import_at = EXCLUDED.last_import_at,
        lead_rows = EXCLUDED.lead_rows, cost_rows = EXCLUDED.cost_rows,
        rejected_rows = EXCLUDED.rejected_rows, imports = sources.imports + 1`,
      [record.origin, record.name, id, record.finishedAt, record.rowsSkipped],
    );
    return {
      ...record,
      id,
      dataVersion,
      rowsAdded: counts?.added ?? null,
      rowsUpdated: counts?.updated ?? null,
    };
  });
}

type Row = Record<string, string | number | null>;

/** Every origin with its last import, stored row counts and rejected rows, stalest first. */
export async function listSources(db: Db): Promise<SourceFreshness[]> {
  const rows = await db.query<Row>(
    `SELECT origin, last_name, last_import_id, last_import_at, lead_rows, cost_rows, rejected_rows, imports
     FROM sources ORDER BY last_import_at, origin`,
  );
  return rows.map((r) => ({
    origin: String(r.origin),
    lastName: String(r.last_name),
    lastImportId: String(r.last_import_id),
    lastImportAt: Number(r.last_import_at),
    leadRows: Number(r.lead_rows),
    costRows: Number(r.cost_rows),
    rejectedRows: Number(r.rejected_rows),
    imports: Number(r.imports),
  }));
}

/** The most recent imports, newest first (default 20). */
export async function listImports(db: Db, limit = 20): Promise<StoredImport[]> {
  const rows = await db.query<Row>(
    `SELECT id, origin, name, kind, started_at, finished_at, rows_read, rows_accepted, rows_skipped,
      data_version, report, rows_added, rows_updated FROM imports ORDER BY data_version DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    origin: String(r.origin),
    name: String(r.name),
    kind: String(r.kind) as StoredImport['kind'],
    startedAt: Number(r.started_at),
    finishedAt: Number(r.finished_at),
    rowsRead: Number(r.rows_read),
    rowsAccepted: Number(r.rows_accepted),
    rowsSkipped: Number(r.rows_skipped),
    dataVersion: Number(r.data_version),
    report: JSON.parse(String(r.report)) as unknown,
    rowsAdded: r.rows_added == null ? null : Number(r.rows_added),
    rowsUpdated: r.rows_updated == null ? null : Number(r.rows_updated),
  }));
}

/** The latest imports of an origin, newest first, with their reports (to tell which file brought which rows). */
export async function importsOfOrigin(
  db: Db,
  origin: string,
  limit = 50,
): Promise<{ name: string; report: unknown }[]> {
  const rows = await db.query<Row>(
    'SELECT name, report FROM imports WHERE origin = $1 ORDER BY data_version DESC LIMIT $2',
    [origin, limit],
  );
  return rows.map((r) => ({ name: String(r.name), report: JSON.parse(String(r.report)) as unknown }));
}
