import { ingestFile } from '../ingest/file.ts';
import type { IngestSink } from '../ingest/sink.ts';
import type { Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import {
  campaignKeys,
  countCosts,
  otherGrainDays,
  readCostsByKeys,
  readOtherGrains,
  sameCost,
} from '../store/costs.ts';
import type { Db } from '../store/db.ts';
import { countLeads, readLeadsByKeys, STAGE_FIELDS, sameLead } from '../store/leads.ts';
import type { IngestJob } from './sources.ts';

/** What an import would do to the stored rows, found before it writes anything. */
export interface ImportPreview {
  /** Rows the file would add. */
  added: number;
  /** Stored rows whose values it would change (or, for another report level's spend, delete). */
  updated: number;
  /** Stage dates (MQL, SQL, opportunity, customer, lost, activated) it would change or clear. */
  stageDates: number;
  /** Rows stored for the origins the file writes to. */
  existing: number;
}

/**
 * Reads a file through ingest into a sink that only compares: each batch's keys are looked up
 * in the store and counted as new, changed or the same. Nothing is written.
 */
export async function previewImport(db: Db, job: IngestJob): Promise<ImportPreview> {
  const preview: ImportPreview = { added: 0, updated: 0, stageDates: 0, existing: 0 };
  const origins = new Set<string>();
  async function compare<R extends { origin: string; recordId: string }>(
    rows: readonly R[],
    read: (db: Db, origin: string, ids: readonly string[]) => Promise<R[]>,
    same: (a: R, b: R) => boolean,
    stages: (before: R, after: R) => number,
  ): Promise<void> {
    const byOrigin = new Map<string, Map<string, R>>();
    for (const row of rows) {
      origins.add(row.origin);
      let keys = byOrigin.get(row.origin);
      if (!keys) {
        keys = new Map();
        byOrigin.set(row.origin, keys);
      }
      keys.set(row.recordId, row);
    }
    for (const [origin, keys] of byOrigin) {
      const stored = new Map((await read(db, origin, [...keys.keys()])).map((r) => [r.recordId, r]));
      for (const [id, next] of keys) {
        const before = stored.get(id);
        if (!before) preview.added += 1;
        else if (!same(before, next)) {
          preview.updated += 1;
          preview.stageDates += stages(before, next);
        }
      }
    }
  }
  const sink: IngestSink = {
    writeLeads: (rows) =>
      compare<Lead>(rows, readLeadsByKeys, sameLead, (before, after) =>
        STAGE_FIELDS.reduce((n, f) => n + (before[f] != null && before[f] !== after[f] ? 1 : 0), 0),
      ),
    writeCosts: (rows) => compare<Cost>(rows, readCostsByKeys, sameCost, () => 0),
    knownCampaignKeys: (kind) => campaignKeys(db, kind === 'lead' ? 'leads' : 'costs'),
    otherGrainDays: async (grain, range) =>
      (await otherGrainDays(db, grain, range)).map((d) => ({ ...d, name: d.origin })),
    async dropOtherGrains(grain, days) {
      const dropped = (await readOtherGrains(db, grain, days)).length;
      preview.updated += dropped;
      return dropped;
    },
  };
  await ingestFile(job.path, job.options, sink);
  for (const origin of origins)
    preview.existing += (await countLeads(db, origin)) + (await countCosts(db, origin));
  return preview;
}
