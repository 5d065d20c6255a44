import { computeDigest } from '../../src/digest/compute.ts';
import {
  DEFAULT_DIGEST_SETTINGS,
  type DigestSettings,
  type SourceFreshness,
} from '../../src/digest/types.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { mondays, TZ, type WeekPlan, weekCosts, weekLeads } from './rows.ts';

/** Fourteen weeks of hand-written rows and the digest of the last one. */

// The digest of 2026-W46 (Mon 9 – Sun 15 November), computed on Monday 16 November at 09:00 in Paris.
export const WEEK = '2026-11-09';
export const NOW = Date.parse('2026-11-16T08:00:00Z');
export const FRESH: SourceFreshness[] = [
  { origin: 'crm', lastImportAt: NOW - 3_600_000, feeds: 'leads' },
  { origin: 'ads', lastImportAt: NOW - 3_600_000, feeds: 'spend' },
];
export const SETTINGS: DigestSettings = {
  ...DEFAULT_DIGEST_SETTINGS,
  targets: { clv: 3000, ltvCacRatio: 3 },
};

/** A steady funnel: 400 leads, 360 valid, 180 MQLs, 72 SQLs, 18 customers a week, 9 000 € spend (CAC 500 €). */
export const steady = (monday: string): WeekPlan => ({
  monday,
  leads: 400,
  valid: 360,
  mql: 180,
  sql: 72,
  customers: 18,
});

export function digestOf(
  weeks: (monday: string) => WeekPlan,
  options: {
    spend?: (monday: string) => number;
    sources?: SourceFreshness[];
    settings?: DigestSettings;
    extra?: (monday: string) => { leads: Lead[]; costs: Cost[] };
  } = {},
) {
  const leads: Lead[] = [];
  const costs: Cost[] = [];
  for (const monday of mondays(WEEK, 14)) {
    leads.push(...weekLeads(weeks(monday)));
    costs.push(...weekCosts(monday, options.spend?.(monday) ?? 9000));
    const extra = options.extra?.(monday);
    if (extra) {
      leads.push(...extra.leads);
      costs.push(...extra.costs);
    }
  }
  const snapshot = buildSnapshot(leads, costs, { timeZone: TZ, currency: 'EUR', dataVersion: 't' });
  return computeDigest(snapshot, {
    now: NOW,
    settings: options.settings ?? SETTINGS,
    sources: options.sources ?? FRESH,
  });
}
