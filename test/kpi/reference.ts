import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Targets } from '../../src/kpi/derive.ts';
import type { MetricId, Query } from '../../src/kpi/query.ts';
import { campaignKey } from '../../src/model/campaign.ts';
import { foldLabel, MARKETING_CHANNELS } from '../../src/model/channel.ts';
import type { Cost } from '../../src/model/cost.ts';
import { COST_DIMENSIONS, type Dimension, LEAD_DIMENSIONS } from '../../src/model/dimension.ts';
import type { Lead } from '../../src/model/lead.ts';

/**
 * A plain reference for the engine: loops over Lead and Cost objects with the SPEC's
 * formulas, written without the engine's columns, codes or accumulators.
 */
export const keyOf = (dimension: Dimension, value: string | null): string | null => {
  if (value === null) return null;
  const key = dimension === 'campaign' ? campaignKey(value) : foldLabel(value);
  return key === '' ? null : key;
};

export interface RefPeriod {
  from: string;
  to: string;
}

/**
 * A group: which leads and costs belong (time groups pass the event's day); null for a side
 * whose rows do not carry the group's dimension (its metrics are then unknown).
 */
export type Member = {
  lead: ((l: Lead, day: string) => boolean) | null;
  cost: ((c: Cost) => boolean) | null;
};

const localDay = (ms: number, zone: string): string => format(ms, 'yyyy-MM-dd', { in: tz(zone) });
const daysBetween = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;

/**
 * The last day a cohort of `period` is observed when compared with the cohort of `current` at the
 * same age: today for the current one, today minus the shift between their starts for an older one.
 */
export function observedTo(now: number, zone: string, current: RefPeriod, period: RefPeriod): string {
  const shift = daysBetween(period.from, current.from);
  return new Date(Date.parse(localDay(now, zone)) - shift * 86_400_000).toISOString().slice(0, 10);
}

export function reference(
  leads: readonly Lead[],
  costs: readonly Cost[],
  query: Query,
  period: RefPeriod,
  zone: string,
  member: Member,
  targets: Targets,
  totalRevenue: number | null,
  /** Cohort view: the last day a stage event counts (see observedTo); null: every event counts. */
  cohortObservedTo: string | null = null,
): Record<MetricId, number | null> {
  const inP = (d: string | null): boolean => d !== null && d >= period.from && d <= period.to;
  const day = (ms: number | null): string | null => (ms === null ? null : localDay(ms, zone));
  const passes = (l: Lead | Cost): boolean =>
    query.filters.every((f) => {
      const v = (l as Record<string, unknown>)[f.dimension];
      const k = keyOf(f.dimension, typeof v === 'string' ? v : null);
      return f.values.some((value) => keyOf(f.dimension, value) === k);
    });
  const costsNarrowable = query.filters.every((f) =>
    (COST_DIMENSIONS as readonly string[]).includes(f.dimension),
  );
  const leadKnown =
    member.lead !== null &&
    query.filters.every((f) => (LEAD_DIMENSIONS as readonly string[]).includes(f.dimension));
  const inGroup = member.lead ?? (() => false);
  let leadsN = 0,
    valid = 0,
    mql = 0,
    sql = 0,
    act = 0,
    cust = 0,
    lost = 0,
    revenue = 0,
    pipeline = 0;
  const customerIds = new Set<string>();
  const cycles: number[] = [];
  for (const l of leads) {
    if (!leadKnown || !passes(l)) continue;
    const created = day(l.createdAt)!;
    const cohort = query.view === 'cohort';
    if (cohort && !inP(created)) continue;
    const seen = (d: string | null): boolean =>
      d !== null && (cohortObservedTo === null || d <= cohortObservedTo);
    const counts = (d: string | null): boolean =>
      cohort ? seen(d) && inGroup(l, created) : inP(d) && inGroup(l, d!);
    if (inP(created) && inGroup(l, created)) {
      leadsN++;
      if (l.valid) valid++;
    }
    if (counts(day(l.mqlAt))) mql++;
    if (counts(day(l.sqlAt))) sql++;
    if (counts(day(l.activatedAt))) act++;
    if (counts(day(l.lostAt))) lost++;
    const won = day(l.customerAt);
    if (counts(won)) {
      cust++;
      revenue += l.amount ?? 0;
      customerIds.add(l.customerId?.trim() ? `c:${l.customerId.trim()}` : `l:${l.recordId}`);
      cycles.push(daysBetween(created, won!));
    }
    if (MARKETING_CHANNELS.has(l.channel) && l.pipelineAmount !== null && l.pipelineAmount !== 0) {
      const opened = day(l.opportunityAt) ?? created;
      const lostDay = day(l.lostAt);
      const open = cohort
        ? !seen(won) && !seen(lostDay)
        : inP(opened) && (won === null || won > period.to) && (lostDay === null || lostDay > period.to);
      if (open && inGroup(l, cohort ? created : opened)) pipeline += l.pipelineAmount;
    }
  }
  let spend = 0,
    all = 0,
    acq = 0,
    impressions = 0,
    clicks = 0,
    mediaRows = 0,
    costRows = 0,
    platformLeads = 0,
    platformLeadRows = 0,
    platformLeadSpend = 0,
    conversions = 0,
    conversionRows = 0,
    conversionSpend = 0;
  const costKnown = costsNarrowable && member.cost !== null;
  if (costKnown) {
    for (const c of costs) {
      if (!inP(c.date) || !passes(c) || !member.cost!(c)) continue;
      costRows++;
      all += c.amount;
      if (c.kind === 'media') {
        spend += c.amount;
        mediaRows++;
      }
      if (c.kind !== 'other') acq += c.amount;
      impressions += c.impressions ?? 0;
      clicks += c.clicks ?? 0;
      if (c.platformLeads != null) {
        platformLeads += c.platformLeads;
        platformLeadRows++;
        if (c.kind === 'media') platformLeadSpend += c.amount;
      }
      if (c.conversions != null) {
        conversions += c.conversions;
        conversionRows++;
        if (c.kind === 'media') conversionSpend += c.amount;
      }
    }
  }
  const ratio = (a: number, b: number, scale = 1): number | null => (b === 0 ? null : (a / b) * scale);
  const ifCost = (v: () => number | null): number | null => (costKnown ? v() : null);
  const perSpend = (den: number, scale = 1): number | null =>
    ifCost(() => (mediaRows === 0 ? null : ratio(spend, den, scale)));
  const sorted = [...cycles].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const aov = ratio(revenue, cust);
  const arpc = ratio(revenue, customerIds.size);
  let clv: number | null = null;
  if (targets.clv !== undefined) clv = targets.clv;
  else if (targets.clvModel?.kind === 'frequency')
    clv = aov === null ? null : aov * targets.clvModel.purchaseFrequency * targets.clvModel.lifetime;
  else if (targets.clvModel?.kind === 'margin')
    clv = arpc === null ? null : ratio(arpc * targets.clvModel.margin, targets.clvModel.churn);
  const cpl = perSpend(leadsN);
  const rpl = ratio(revenue, leadsN);
  const cac = ifCost(() => (costRows === 0 ? null : ratio(acq, cust)));
  const values: Record<MetricId, number | null> = {
    leads: leadsN,
    valid,
    valid_rate: ratio(valid, leadsN, 100),
    mql,
    sql,
    activations: act,
    customers: cust,
    conv: ratio(cust, leadsN, 100),
    lead_to_valid: ratio(valid, leadsN, 100),
    valid_to_mql: ratio(mql, valid, 100),
    mql_to_sql: ratio(sql, mql, 100),
    sql_to_customer: ratio(cust, sql, 100),
    // No lead with a lost date at all: the data cannot tell losses apart (n/a, not 100 %).
    winrate: leads.some((l) => l.lostAt !== null) ? ratio(cust, cust + lost, 100) : null,
    l2c: ratio(leadsN, cust),
    spend: ifCost(() => spend),
    cost: ifCost(() => all),
    impressions: ifCost(() => impressions),
    clicks: ifCost(() => clicks),
    ctr: ifCost(() => ratio(clicks, impressions, 100)),
    cpc: perSpend(clicks),
    cpm: perSpend(impressions, 1000),
    cpl,
    platform_leads: ifCost(() => (platformLeadRows === 0 ? null : platformLeads)),
    platform_cpl: ifCost(() => (platformLeadRows === 0 ? null : ratio(platformLeadSpend, platformLeads))),
    conversions: ifCost(() => (conversionRows === 0 ? null : conversions)),
    cost_per_conversion: ifCost(() => (conversionRows === 0 ? null : ratio(conversionSpend, conversions))),
    cost_per_mql: perSpend(mql),
    cost_per_sql: perSpend(sql),
    cpa: perSpend(cust),
    cac,
    revenue,
    aov,
    arpc,
    rpl,
    npl: rpl === null || cpl === null ? null : rpl - cpl,
    profit: costKnown ? revenue - all : null,
    roi: costKnown ? ratio(revenue - all, all, 100) : null,
    clv,
    ltv_cac: clv === null || cac === null ? null : ratio(clv, cac),
    cycle: median,
    pipeline,
    contribution: ratio(revenue, totalRevenue ?? revenue, 100),
  };
  // Inputs no lead carries at all: n/a, never 0 (judged only when there are leads).
  if (leads.length > 0) {
    const none = (ids: readonly MetricId[]) => {
      for (const id of ids) values[id] = null;
    };
    if (!leads.some((l) => l.amount !== null)) {
      none(['revenue', 'aov', 'arpc', 'rpl', 'npl', 'profit', 'roi', 'contribution']);
      if (targets.clv === undefined) none(['clv', 'ltv_cac']);
    }
    if (!leads.some((l) => l.mqlAt !== null)) none(['mql', 'valid_to_mql', 'mql_to_sql', 'cost_per_mql']);
    if (!leads.some((l) => l.sqlAt !== null)) none(['sql', 'mql_to_sql', 'sql_to_customer', 'cost_per_sql']);
  }
  if (!leadKnown) {
    // Leads cannot be narrowed by the group or a filter: only the metrics of spend alone are known.
    const spendOnly: readonly MetricId[] = [
      'spend',
      'cost',
      'impressions',
      'clicks',
      'ctr',
      'cpc',
      'cpm',
      'platform_leads',
      'platform_cpl',
      'conversions',
      'cost_per_conversion',
    ];
    for (const id of Object.keys(values) as MetricId[]) if (!spendOnly.includes(id)) values[id] = null;
  }
  return values;
}
