import type { Digest, DigestFlag, DigestSettings } from './types.ts';

export interface QualityShares {
  paidLeads: number;
  mediaSpend: number;
}

/**
 * What needs attention, in the order the summary lists it: stage drops, CAC overruns (overall,
 * channels, campaigns), stale sources, invalid leads, unattributed leads and spend.
 */
export function digestFlags(digest: Digest, settings: DigestSettings, shares: QualityShares): DigestFlag[] {
  const flags: DigestFlag[] = [];
  for (const stage of digest.stages) {
    if (!stage.flagged || !stage.drop || stage.rate === null) continue;
    flags.push({
      kind: 'stage_drop',
      stage: stage.id,
      rate: stage.rate,
      reference: stage.rate / (1 + stage.drop.relative),
      relative: stage.drop.relative,
      pValue: stage.drop.pValue,
      against: stage.drop.against,
      volume: stage.volume,
    });
  }
  const cac = digest.cacVsClv;
  const overrun = (scope: 'overall' | 'channel' | 'campaign', key: string | null, c: typeof cac.overall) => {
    if (!c.flagged || c.cac === null || c.clv === null || c.maxCac === null) return;
    flags.push({
      kind: 'cac_over_target',
      scope,
      key,
      cac: c.cac,
      clv: c.clv,
      maxCac: c.maxCac,
      ratio: c.ratio ?? c.clv / c.cac,
      target: c.target,
    });
  };
  overrun('overall', null, cac.overall);
  for (const row of cac.byChannel) overrun('channel', row.channel, row);
  for (const row of cac.byCampaign) overrun('campaign', row.campaign, row);

  const dq = digest.dataQuality;
  for (const source of dq.staleSources) {
    flags.push({
      kind: 'stale_source',
      origin: source.origin,
      lastImportAt: source.lastImportAt,
      ageHours: source.ageHours,
      ...(source.dataEndsOn ? { dataEndsOn: source.dataEndsOn } : {}),
      ...(source.feeds ? { feeds: source.feeds } : {}),
    });
  }
  if (
    dq.invalidShare !== null &&
    dq.invalidShare > settings.invalidShareThreshold &&
    dq.leads >= settings.minVolume
  ) {
    flags.push({
      kind: 'invalid_leads',
      share: dq.invalidShare,
      invalidLeads: dq.invalidLeads,
      leads: dq.leads,
    });
  }
  const leadShare = shares.paidLeads > 0 ? dq.unattributedLeads / shares.paidLeads : null;
  const spendShare = shares.mediaSpend > 0 ? dq.unattributedSpend / shares.mediaSpend : null;
  const threshold = settings.unattributedShareThreshold;
  if ((leadShare ?? 0) > threshold || (spendShare ?? 0) > threshold) {
    flags.push({
      kind: 'unattributed',
      leads: dq.unattributedLeads,
      spend: dq.unattributedSpend,
      leadShare,
      spendShare,
    });
  }
  return flags;
}
