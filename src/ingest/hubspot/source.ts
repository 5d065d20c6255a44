import { type AppError, isAppError } from '../../shared/errors.ts';
import type { IngestOptions } from '../options.ts';
import { emptyReport, type IngestReport } from '../report.ts';
import { ingestRows } from '../rows.ts';
import type { IngestSink } from '../sink.ts';
import type { HubSpotApi } from './client.ts';
import { CONTACT_HEADER, CONTACT_PROPERTIES, contactRow, hubspotApiContacts } from './contacts.ts';
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
    for await (const page of pullRecords(deps.api, 'contacts', CONTACT_PROPERTIES, { since, until }, stats)) {
      for (const record of page) rows.push(contactRow(record, { owners }));
    }
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
