import type { Digest, DigestFlag } from './types.ts';

/** The `kpi --json "digest"` document: the whole digest, its flags as objects with their `kind`. */
export interface DigestJson {
  kind: 'digest';
  week: Digest['week'];
  label: string;
  nothingNotable: boolean;
  partial: boolean;
  flagged: DigestFlag[];
  headline: Digest['headline'];
  stages: Digest['stages'];
  cacVsClv: Digest['cacVsClv'];
  campaigns: Digest['campaigns'];
  dataQuality: Digest['dataQuality'];
  trend: Digest['trend'];
  baselineWeeks: number;
  previousPeriod: Digest['previousPeriod'];
  baselinePeriod: Digest['baselinePeriod'];
  currency: string;
  generatedAt: string;
}

/** A JSON-ready copy of the digest (no Date objects, no NaN: every number is finite or null). */
export function digestToJson(digest: Digest): DigestJson {
  return {
    kind: 'digest',
    week: digest.week,
    label: `${digest.week.year}-W${`${digest.week.week}`.padStart(2, '0')}`,
    nothingNotable: digest.nothingNotable,
    partial: digest.partial,
    flagged: digest.flags,
    headline: digest.headline,
    stages: digest.stages,
    cacVsClv: digest.cacVsClv,
    campaigns: digest.campaigns,
    dataQuality: digest.dataQuality,
    trend: digest.trend,
    baselineWeeks: digest.baselineWeeks,
    previousPeriod: digest.previousPeriod,
    baselinePeriod: digest.baselinePeriod,
    currency: digest.currency,
    generatedAt: new Date(digest.generatedAt).toISOString(),
  };
}
