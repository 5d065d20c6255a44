import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { dayFromIso, isoFromDay } from '../../src/shared/days.ts';

export const TZ = 'Europe/Paris';
const HOUR = 3_600_000;

export interface WeekPlan {
  /** Monday, YYYY-MM-DD. */
  monday: string;
  leads: number;
  valid: number;
  mql: number;
  sql: number;
  customers: number;
  campaign?: string;
  channel?: Lead['channel'];
  /** Won amount per customer. */
  amount?: number;
}

let next = 0;

/** Leads of one week with exact stage counts; every stage happens the day the lead is created. */
export function weekLeads(plan: WeekPlan): Lead[] {
  const start = dayFromIso(plan.monday) ?? 0;
  const rows: Lead[] = [];
  for (let i = 0; i < plan.leads; i++) {
    const day = start + (i % 7);
    // Noon UTC is the same calendar day in Paris.
    const at = day * 24 * HOUR + 12 * HOUR;
    const stage = (n: number): number | null => (i < n ? at + HOUR : null);
    rows.push({
      origin: 'crm',
      recordId: `L${next++}`,
      createdAt: at,
      channel: plan.channel ?? 'paid_search',
      source: 'google',
      campaign: plan.campaign ?? 'Brand',
      ad: null,
      audience: null,
      form: null,
      keyword: null,
      owner: null,
      segment: null,
      product: null,
      country: null,
      email: i < plan.valid ? `x${i}@example.com` : null,
      phone: null,
      valid: i < plan.valid,
      mqlAt: stage(plan.mql),
      sqlAt: stage(plan.sql),
      opportunityAt: null,
      customerAt: stage(plan.customers),
      lostAt: null,
      activatedAt: null,
      amount: i < plan.customers ? (plan.amount ?? 1000) : null,
      pipelineAmount: null,
      currency: 'EUR',
      customerId: null,
    });
  }
  return rows;
}

/** Media spend of one week for a campaign, spread over its seven days. */
export function weekCosts(
  monday: string,
  amount: number,
  campaign = 'Brand',
  channel: Cost['channel'] = 'paid_search',
): Cost[] {
  const start = dayFromIso(monday) ?? 0;
  return Array.from({ length: 7 }, (_, d) => ({
    origin: 'ads',
    recordId: `C${next++}`,
    date: isoFromDay(start + d),
    channel,
    source: 'google',
    campaign,
    ad: null,
    audience: null,
    keyword: null,
    country: null,
    amount: amount / 7,
    currency: 'EUR',
    kind: 'media' as const,
    impressions: null,
    clicks: null,
  }));
}

/** The Mondays of `count` weeks ending with the week starting `lastMonday`, oldest first. */
export function mondays(lastMonday: string, count: number): string[] {
  const last = dayFromIso(lastMonday) ?? 0;
  return Array.from({ length: count }, (_, i) => isoFromDay(last - 7 * (count - 1 - i)));
}
