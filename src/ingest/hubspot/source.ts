import { type AppError, isAppError } from '../../shared/errors.ts';
import type { IngestOptions } from '../options.ts';
import { emptyReport, type IngestReport } from '../report.ts';
import { ingestRows } from '../rows.ts';
import type { IngestSink } from '../sink.ts';
import type { HubSpotApi, HubSpotRecord } from './client.ts';
import {
  addDeal,
  CONTACT_HEADER,
  CONTACT_PROPERTIES,
  contactRow,
  DEAL_PROPERTIES,
  type DealTotals,
  hubspotApiContacts,
} from './contacts.ts';
import { type PullStats, pullRecords } from './pull.ts';

/** Where the last pull of a HubSpot source stopped: records modified before `syncedUntil` are in. */
export interface HubSpotCursor {
  syncedUntil: number;
}

export interface HubSpotPullResult {
  report: IngestReport;
  /** The cursor to keep for the next pull (unchanged when the pull failed). */
  cursor: HubSpotCursor | null;
  stats: PullStats;
}

/** A HubSpot source as ingest reads it (config `sources[]` of type `hubspot` satisfies it). */
export interface HubSpotSourceSpec {
  name: string;
  /** Milliseconds an incremental pull goes back before the last sync. */
  overlap: number;
  currency?: string | undefined;
  /** Also read deals (won amounts, open pipeline). */
  deals?: boolean | undefined;
}

const chunks = <T>(list: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

/**
 * The deal totals of the pulled contacts. Contacts whose deals changed since the last pull (a
 * deal won, an amount edited) are read again even when the contact itself did not change, so
 * their revenue and pipeline follow their deals.
 */
async function withDeals(
  api: HubSpotApi,
  contacts: Map<string, HubSpotRecord>,
  plan: { since: number | null; until: number },
  stats: PullStats,
): Promise<Map<string, DealTotals>> {
  if (plan.since !== null) {
    const changed: string[] = [];
    for await (const page of pullRecords(api, 'deals', ['hs_object_id'], plan, stats)) {
      for (const deal of page) changed.push(deal.id);
    }
    const missing = new Set<string>();
    for (const ids of chunks(changed, 1000)) {
      for (const contactIds of (await api.associations('deals', 'contacts', ids)).values()) {
        for (const id of contactIds) if (!contacts.has(id)) missing.add(id);
      }
    }
    for (const ids of chunks([...missing], 100)) {
      for (const record of await api.read('contacts', ids, CONTACT_PROPERTIES))
        contacts.set(record.id, record);
    }
  }
  const dealsOf = new Map<string, string[]>();
  for (const ids of chunks([...contacts.keys()], 1000)) {
    for (const [contact, deals] of await api.associations('contacts', 'deals', ids))
      dealsOf.set(contact, deals);
  }
  const dealIds = [...new Set([...dealsOf.values()].flat())];
  const deals = new Map<string, HubSpotRecord>();
  for (const ids of chunks(dealIds, 100)) {
    for (const deal of await api.read('deals', ids, DEAL_PROPERTIES)) deals.set(deal.id, deal);
  }
  const totals = new Map<string, DealTotals>();
  for (const [contact, ids] of dealsOf) {
    const sum: DealTotals = { won: 0, open: 0, wonAt: null };
    for (const id of ids) {
      const deal = deals.get(id);
      if (deal) addDeal(sum, deal);
    }
    totals.set(contact, sum);
  }
  return totals;
}

/** A HubSpot source as ingest reads it (config `sources[]` of type `hubspot` satisfies it). */
export interface HubSpotSourceSpec {
  name: string;
  /** Milliseconds an incremental pull goes back before the last sync. */
  overlap: number;
  currency?: string | undefined;
}

export type HubSpotIngestBase = Omit<IngestOptions, 'preset' | 'dateOrder' | 'origin'>;

async function ownerNames(api: HubSpotApi, report: IngestReport): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  try {
    let after: string | null = null;
    do {
      const page = await api.owners(after);
      for (const [id, name] of page.owners) names.set(id, name);
      after = page.after;
    } while (after !== null);
  } catch (error) {
    // Owner names are a nicety: without the owners scope, contacts keep the owner's id.
    if (!(isAppError(error) && error.code === 'api_forbidden')) throw error;
    report.warnings.push({ key: 'api.warn.owners', params: {} });
  }
  return names;
}

/**
 * Pulls a HubSpot source's contacts (everything the first time, then what changed since the
 * cursor minus the overlap) and ingests them as rows, keyed by HubSpot id: a contact pulled
 * again replaces its row. Returns the ingest report (the error of a failed pull included)
 * and the next cursor.
 */
export async function ingestHubSpotSource(
  source: HubSpotSourceSpec,
  base: HubSpotIngestBase,
  sink: IngestSink,
  deps: { api: HubSpotApi; now: number; cursor: HubSpotCursor | null },
): Promise<HubSpotPullResult> {
  const name = `${source.name} (HubSpot contacts)`;
  const stats: PullStats = { requests: 0, windows: 0 };
  const since = deps.cursor ? Math.max(0, deps.cursor.syncedUntil - source.overlap) : null;
  const until = deps.now;
  const failed = (error: AppError): HubSpotPullResult => {
    const report = emptyReport(name, base.currency);
    report.error = error;
    return { report, cursor: deps.cursor, stats };
  };
  const rows: string[][] = [];
  const preliminary = emptyReport(name, base.currency);
  try {
    const owners = await ownerNames(deps.api, preliminary);
    const contacts = new Map<string, HubSpotRecord>();
    for await (const page of pullRecords(deps.api, 'contacts', CONTACT_PROPERTIES, { since, until }, stats)) {
      for (const record of page) contacts.set(record.id, record);
    }
    const deals = source.deals ? await withDeals(deps.api, contacts, { since, until }, stats) : undefined;
    for (const record of contacts.values())
      rows.push(contactRow(record, { owners, ...(deals ? { deals } : {}) }));
  } catch (error) {
    if (isAppError(error)) return failed(error);
    throw error;
  }
  const options: IngestOptions = {
    ...base,
    origin: source.name,
    preset: hubspotApiContacts,
    ...(source.currency ? { sourceCurrency: source.currency } : {}),
  };
  const report = await ingestRows(name, CONTACT_HEADER, rows, options, sink);
  report.warnings.unshift(...preliminary.warnings);
  if (since !== null) {
    report.warnings.push({
      key: 'api.warn.window',
      params: { count: rows.length, since: new Date(since).toISOString() },
    });
  }
  return { report, cursor: report.error ? deps.cursor : { syncedUntil: until }, stats };
}
