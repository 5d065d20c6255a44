import { dayRange } from '../kpi/order.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import { MEDIA_KIND } from '../kpi/snapshot.ts';
import { dayFromIso } from '../shared/days.ts';
import type { DataQuality, DigestSettings, SourceFreshness, StaleSource } from './types.ts';

const HOUR_MS = 3_600_000;
/** Channels that are bought: their leads should join a campaign with spend. */
const PAID_CHANNELS: ReadonlySet<string> = new Set(['paid_search', 'paid_social']);

export interface Staleness {
  sources: StaleSource[];
  /** A source feeding leads is stale: lead-based KPIs are marked stale, not judged. */
  leads: boolean;
  /** A source feeding spend is stale. */
  spend: boolean;
}

/**
 * Which sources are stale for the week. Where a source's last day of data is known, that
 * decides: stale when its data stops before the week's last day (`weekTo`), fresh otherwise,
 * whenever it was imported. Else: never imported, not imported for `staleAfterHours`, or
 * last imported before the week ended.
 */
export function staleness(
  sources: readonly SourceFreshness[],
  now: number,
  week: { endMs: number; to: string },
  settings: DigestSettings,
): Staleness {
  const out: Staleness = { sources: [], leads: false, spend: false };
  for (const source of sources) {
    const at = source.lastImportAt;
    const ageHours = at === null ? null : Math.max(0, (now - at) / HOUR_MS);
    const lastDataDay = source.lastDataDay;
    const known = lastDataDay !== undefined;
    const ends = lastDataDay !== undefined && (lastDataDay === null || lastDataDay < week.to);
    const stale = known ? ends : at === null || (ageHours ?? 0) > settings.staleAfterHours || at < week.endMs;
    if (!stale) continue;
    out.sources.push({
      origin: source.origin,
      lastImportAt: at,
      ageHours,
      ...(ends && lastDataDay ? { dataEndsOn: lastDataDay } : {}),
      ...(source.feeds ? { feeds: source.feeds } : {}),
    });
    const feeds = source.feeds ?? 'both';
    if (feeds !== 'spend') out.leads = true;
    if (feeds !== 'leads') out.spend = true;
  }
  return out;
}

/**
 * Data quality of the week, read from the snapshot's columns (these are not KPIs of the
 * catalogue): invalid leads, paid leads whose campaign never had spend, and media spend on
 * campaigns that no lead ever carries. Campaign spellings already meet in the snapshot's
 * dictionary (campaignKey), so what does not join here really does not join.
 */
export function dataQuality(
  snapshot: Snapshot,
  week: { from: string; to: string },
  counts: { leads: number; valid: number },
  stale: StaleSource[],
): { quality: DataQuality; paidLeads: number; mediaSpend: number } {
  const fromDay = dayFromIso(week.from) ?? 0;
  const toDay = dayFromIso(week.to) ?? 0;
  const campaigns = snapshot.dictionaries.campaign.size;
  const hasSpend = new Uint8Array(campaigns);
  const hasLead = new Uint8Array(campaigns);
  const leads = snapshot.leads;
  const costs = snapshot.costs;
  const leadCampaign = leads.codes.campaign;
  const costCampaign = costs.codes.campaign;
  for (let i = 0; i < costs.count; i++) if (costs.kind[i] === MEDIA_KIND) hasSpend[costCampaign[i]!] = 1;
  hasSpend[0] = 0;

  // Which campaigns any lead carries (all time), then the week's rows only: leads and costs
  // are sorted by day in the snapshot.
  for (let i = 0; i < leads.count; i++) hasLead[leadCampaign[i]!] = 1;
  hasLead[0] = 0;
  const paid = Uint8Array.from(snapshot.dictionaries.channel.labels, (label) =>
    PAID_CHANNELS.has(label) ? 1 : 0,
  );
  const leadChannel = leads.codes.channel;
  const [leadFrom, leadTo] = dayRange(leads.created, fromDay, toDay);
  let paidLeads = 0;
  let unattributedLeads = 0;
  for (let i = leadFrom; i < leadTo; i++) {
    if (paid[leadChannel[i]!] !== 1) continue;
    paidLeads++;
    if (hasSpend[leadCampaign[i]!] !== 1) unattributedLeads++;
  }
  // A campaign grid's row spans days: it counts for the share of its days in the week.
  const [costFrom, costTo] = dayRange(costs.day, fromDay - (costs.maxSpan - 1), toDay);
  let mediaSpend = 0;
  let unattributedSpend = 0;
  for (let i = costFrom; i < costTo; i++) {
    if (costs.kind[i] !== MEDIA_KIND) continue;
    const d = costs.day[i]!;
    const e = costs.endDay[i]!;
    if (e < fromDay) continue;
    const share = e === d ? 1 : (Math.min(e, toDay) - Math.max(d, fromDay) + 1) / (e - d + 1);
    const amount = costs.amount[i]! * share;
    mediaSpend += amount;
    if (hasLead[costCampaign[i]!] !== 1) unattributedSpend += amount;
  }
  const invalidLeads = Math.max(0, counts.leads - counts.valid);
  const quality: DataQuality = {
    leads: counts.leads,
    invalidLeads,
    invalidShare: counts.leads > 0 ? invalidLeads / counts.leads : null,
    unattributedLeads,
    unattributedSpend,
    staleSources: stale,
  };
  return { quality, paidLeads, mediaSpend };
}
