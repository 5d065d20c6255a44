import type { IngestSink } from '../ingest/sink.ts';
import { campaignKeys, upsertCosts } from '../store/costs.ts';
import type { Db } from '../store/db.ts';
import { type ImportRecord, newImportId, recordImport, type StoredImport } from '../store/imports.ts';
import { upsertLeads } from '../store/leads.ts';
import { COST_VERSIONS, captureVersions, LEAD_VERSIONS } from '../store/versions.ts';

/** The ingest sink (src/ingest/sink.ts) over the store, plus the end-of-import record. */
export interface StoreSink extends IngestSink {
  /** Records the finished import and bumps the data version, in one transaction. */
  finish(record: Omit<ImportRecord, 'rowsAccepted' | 'kind'> & Partial<ImportRecord>): Promise<StoredImport>;
  /** Rows written so far through this sink. */
  readonly written: { leads: number; costs: number };
  /** The import's id, known from the start when it keeps versions (the rows' previous values). */
  readonly importId?: string;
}

export interface StoreSinkOptions {
  /**
   * Keep each touched row's previous value (row_versions) so the import can be undone exactly:
   * imports made through Slack. Costs a read of the batch's keys before each write.
   */
  keepVersions?: boolean;
}

/**
 * A sink writing to the store. Each batch is upserted in its own transaction (memory stays
 * bounded whatever the file size); the import record and the version bump come last.
 */
export function createStoreSink(db: Db, options: StoreSinkOptions = {}): StoreSink {
  const written = { leads: 0, costs: 0 };
  const id = options.keepVersions ? newImportId() : undefined;
  return {
    written,
    ...(id ? { importId: id } : {}),
    async writeLeads(rows) {
      written.leads += id
        ? await db.transaction(async (tx) => {
            await captureVersions(tx, id, LEAD_VERSIONS, rows);
            return upsertLeads(tx, rows);
          })
        : await upsertLeads(db, rows);
    },
    async writeCosts(rows) {
      written.costs += id
        ? await db.transaction(async (tx) => {
            await captureVersions(tx, id, COST_VERSIONS, rows);
            return upsertCosts(tx, rows);
          })
        : await upsertCosts(db, rows);
    },
    async knownCampaignKeys(kind) {
      // The campaign keys of the stored rows of this kind (ingest asks for the other side's).
      return campaignKeys(db, kind === 'lead' ? 'leads' : 'costs');
    },
    finish(record) {
      const kind =
        record.kind ??
        (written.leads > 0 && written.costs > 0 ? 'mixed' : written.costs > 0 ? 'cost' : 'lead');
      return recordImport(
        db,
        {
          ...record,
          kind,
          rowsAccepted: record.rowsAccepted ?? written.leads + written.costs,
        },
        id ? { id } : undefined,
      );
    },
  };
}
