import { campaignKey } from '../model/campaign.ts';
import type { Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import type { RecordKind } from './preset.ts';

/**
 * Where ingest writes canonical rows. Writes are awaited (backpressure): the reader does not
 * parse the next batch before the sink has taken the previous one. A row whose `origin` +
 * `recordId` is already stored replaces it (later wins), so re-importing never duplicates.
 */
export interface IngestSink {
  writeLeads(rows: readonly Lead[]): Promise<void>;
  writeCosts(rows: readonly Cost[]): Promise<void>;
  /** Campaign keys (model/campaign.ts `campaignKey`) of the rows of this kind already stored. */
  knownCampaignKeys(kind: RecordKind): Promise<ReadonlySet<string>>;
}

/** An in-memory sink for tests, dry runs and previews. Upserts on origin + recordId. */
export class MemorySink implements IngestSink {
  readonly leads = new Map<string, Lead>();
  readonly costs = new Map<string, Cost>();
  /** How many write calls were made (batches). */
  batches = 0;

  async writeLeads(rows: readonly Lead[]): Promise<void> {
    this.batches += 1;
    for (const row of rows) this.leads.set(`${row.origin}\u0000${row.recordId}`, row);
  }

  async writeCosts(rows: readonly Cost[]): Promise<void> {
    this.batches += 1;
    for (const row of rows) this.costs.set(`${row.origin}\u0000${row.recordId}`, row);
  }

  async knownCampaignKeys(kind: RecordKind): Promise<ReadonlySet<string>> {
    const keys = new Set<string>();
    const rows: Iterable<Lead | Cost> = kind === 'lead' ? this.leads.values() : this.costs.values();
    for (const row of rows) {
      const key = campaignKey(row.campaign);
      if (key !== null) keys.add(key);
    }
    return keys;
  }

  leadList(): Lead[] {
    return [...this.leads.values()];
  }

  costList(): Cost[] {
    return [...this.costs.values()];
  }
}
