import { grainKey, type ReportGrain } from '../ingest/level.ts';
import type { GrainDay, IngestSink } from '../ingest/sink.ts';
import {
  campaignKeys,
  deleteOtherGrains,
  otherGrainDays,
  readOtherGrains,
  type StoredGrainDay,
  upsertCosts,
} from '../store/costs.ts';
import type { Db } from '../store/db.ts';
import {
  type ImportRecord,
  importsOfOrigin,
  newImportId,
  recordImport,
  type StoredImport,
} from '../store/imports.ts';
import { upsertLeads } from '../store/leads.ts';
import { COST_VERSIONS, captureDeleted, captureVersions, LEAD_VERSIONS } from '../store/versions.ts';

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
    async otherGrainDays(grain, range) {
      const days = await otherGrainDays(db, grain, range);
      const names = new Map<string, string>();
      const named: GrainDay[] = [];
      for (const day of days) {
        const key = `${day.origin}\u0000${day.grain}`;
        let name = names.get(key);
        if (name === undefined) {
          name = await importName(db, day);
          names.set(key, name);
        }
        named.push({ ...day, name });
      }
      return named;
    },
    dropOtherGrains(grain, days) {
      if (!id) return deleteOtherGrains(db, grain, days);
      // Kept with the import's versions: undoing it puts the other level's spend back.
      return db.transaction(async (tx) => {
        await captureDeleted(tx, id, COST_VERSIONS, await readOtherGrains(tx, grain, days));
        return deleteOtherGrains(tx, grain, days);
      });
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

/** The file that brought an origin's rows of one grain: its latest import at that grain, else its latest import. */
async function importName(db: Db, day: StoredGrainDay): Promise<string> {
  const imports = await importsOfOrigin(db, day.origin);
  const atGrain = imports.find((i) => {
    const grain = (i.report as { grain?: ReportGrain | null } | null)?.grain;
    return grain != null && grainKey(grain) === day.grain;
  });
  return (atGrain ?? imports[0])?.name ?? day.origin;
}
