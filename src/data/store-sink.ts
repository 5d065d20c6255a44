import type { IngestSink } from '../ingest/sink.ts';
import { campaignKeys, upsertCosts } from '../store/costs.ts';
import type { Db } from '../store/db.ts';
import { type ImportRecord, recordImport, type StoredImport } from '../store/imports.ts';
import { upsertLeads } from '../store/leads.ts';

/** The ingest sink (src/ingest/sink.ts) over the store, plus the end-of-import record. */
export interface StoreSink extends IngestSink {
  /** Records the finished import and bumps the data version, in one transaction. */
  finish(record: Omit<ImportRecord, 'rowsAccepted' | 'kind'> & Partial<ImportRecord>): Promise<StoredImport>;
  /** Rows written so far through this sink. */
  readonly written: { leads: number; costs: number };
}

/**
 * A sink writing to the store. Each batch is upserted in its own transaction (memory stays
 * bounded whatever the file size); the import record and the version bump come last.
 */
export function createStoreSink(db: Db): StoreSink {
  const written = { leads: 0, costs: 0 };
  return {
    written,
    async writeLeads(rows) {
      written.leads += await upsertLeads(db, rows);
    },
    async writeCosts(rows) {
      written.costs += await upsertCosts(db, rows);
    },
    async knownCampaignKeys(kind) {
      // The campaign keys of the stored rows of this kind (ingest asks for the other side's).
      return campaignKeys(db, kind === 'lead' ? 'leads' : 'costs');
    },
    finish(record) {
      const kind =
        record.kind ??
        (written.leads > 0 && written.costs > 0 ? 'mixed' : written.costs > 0 ? 'cost' : 'lead');
      return recordImport(db, {
        ...record,
        kind,
        rowsAccepted: record.rowsAccepted ?? written.leads + written.costs,
      });
    },
  };
}
