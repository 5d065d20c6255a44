import type { Digest, HeadlineItem, StageItem } from '../../src/digest/types.ts';
import { HEADLINE_METRICS, STAGE_IDS } from '../../src/digest/types.ts';

const STEPS = ['leads', 'valid', 'mql', 'sql', 'customers'] as const;

/** A hand-written digest for the renderers' tests; `campaign` names every campaign row. */
export function digestFixture(
  campaign: (i: number) => string = (i) => `Campaign ${i}`,
  campaigns = 3,
): Digest {
  const headline: HeadlineItem[] = HEADLINE_METRICS.map((metric, i) => ({
    metric,
    value: 100 + i,
    previous: 90 + i,
    baseline: 95 + i,
    deltaAbs: 10,
    deltaRel: 10 / (90 + i),
    stale: metric === 'spend',
  }));
  const stages: StageItem[] = STAGE_IDS.map((id, i) => ({
    id,
    from: STEPS[i] ?? 'leads',
    to: STEPS[i + 1] ?? 'customers',
    rate: 0.3,
    previousRate: 0.5,
    baselineRate: 0.5,
    volume: 400,
    converted: 120,
    lagDays: i === 0 ? 0 : 14,
    observedDays: 30,
    drop: id === 'mql_to_sql' ? { relative: -0.4, pValue: 0.0001, against: 'baseline' } : null,
    flagged: id === 'mql_to_sql',
    stale: false,
  }));
  const check = {
    cost: 5000,
    customers: 4,
    cac: 1250,
    clv: 3000,
    ratio: 2.4,
    target: 3,
    maxCac: 1000,
    flagged: true,
  };
  const names = Array.from({ length: campaigns }, (_, i) => campaign(i));
  const perf = names.map((name, i) => ({
    campaign: name,
    stale: false,
    leads: 100 - i,
    customers: 5,
    revenue: 1000,
    cost: 800 + i * 100,
    profit: 200 - i * 100,
    roi: (200 - i * 100) / (800 + i * 100),
  }));
  return {
    week: { year: 2026, week: 46, from: '2026-11-09', to: '2026-11-15' },
    baselineWeeks: 4,
    baselinePeriod: { from: '2026-10-05', to: '2026-11-01' },
    previousPeriod: { from: '2026-11-02', to: '2026-11-08' },
    currency: 'EUR',
    generatedAt: Date.UTC(2026, 10, 16, 8),
    partial: false,
    headline,
    stages,
    cacVsClv: {
      period: { from: '2026-08-17', to: '2026-11-15', weeks: 13 },
      overall: check,
      byChannel: [{ ...check, channel: 'paid_social' }],
      byCampaign: names.map((name) => ({ ...check, campaign: name })),
      clvMissing: false,
    },
    campaigns: {
      period: { from: '2026-10-19', to: '2026-11-15', weeks: 4 },
      best: perf.slice(0, 3),
      worst: [...perf].reverse().slice(0, 3),
    },
    dataQuality: {
      leads: 500,
      invalidLeads: 150,
      invalidShare: 0.3,
      unattributedLeads: 12,
      unattributedSpend: 340,
      staleSources: [{ origin: names[0] ?? 'sheet', lastImportAt: null, ageHours: null }],
    },
    trend: Array.from({ length: 8 }, (_, i) => ({
      year: 2026,
      week: 39 + i,
      from: '2026-09-21',
      leads: 500 + i * 10,
      valid: 400,
      mql: 160,
      sql: i === 7 ? 30 : 60,
      customers: 12,
      cpl: 40,
      cac: 1100,
    })),
    flags: [
      {
        kind: 'stage_drop',
        stage: 'mql_to_sql',
        rate: 0.3,
        reference: 0.5,
        relative: -0.4,
        pValue: 0.0001,
        against: 'baseline',
        volume: 400,
      },
      {
        kind: 'cac_over_target',
        scope: 'overall',
        key: null,
        cac: 1250,
        clv: 3000,
        maxCac: 1000,
        ratio: 2.4,
        target: 3,
      },
      ...names.map((name) => ({
        kind: 'cac_over_target' as const,
        scope: 'campaign' as const,
        key: name,
        cac: 1250,
        clv: 3000,
        maxCac: 1000,
        ratio: 2.4,
        target: 3,
      })),
      { kind: 'stale_source', origin: names[0] ?? 'sheet', lastImportAt: null, ageHours: null },
      { kind: 'invalid_leads', share: 0.3, invalidLeads: 150, leads: 500 },
      { kind: 'unattributed', leads: 12, spend: 340, leadShare: 0.02, spendShare: 0.05 },
    ],
    nothingNotable: false,
  };
}
