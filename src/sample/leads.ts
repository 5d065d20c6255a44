import type { Channel } from '../model/channel.ts';
import { isoWeekday } from '../shared/iso-week.ts';
import { lastFullWeekStart } from './calendar.ts';
import { dealAmount, MQL_RATE, person } from './people.ts';
import {
  CAMPAIGNS,
  CHANNEL_MIX,
  EXACT_CAMPAIGNS,
  MQL_TO_SQL,
  ORIGINAL_SOURCE,
  type Platform,
  type SampleCampaign,
} from './plan.ts';
import { createRng, type Rng } from './prng.ts';

/** A generated lead. Stamps are workspace-local minutes since 1970-01-01 (day × 1440 + minute). */
export interface SampleLead {
  id: number;
  createdAt: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  valid: boolean;
  channel: Channel;
  originalSource: string;
  platform: Platform;
  /** The campaign's name in its ad platform (null for leads without a campaign). */
  campaign: string | null;
  /** The campaign as the CRM spells it (UTM). */
  utmCampaign: string | null;
  form: string;
  owner: string;
  country: string;
  segment: string;
  product: string;
  mqlAt: number | null;
  sqlAt: number | null;
  opportunityAt: number | null;
  customerAt: number | null;
  amount: number | null;
}

export interface LeadPlanOptions {
  seed: number;
  /** First day not in the data ("today"), workspace-local. */
  anchorDay: number;
  months: number;
  /** About how many leads in total. */
  leads: number;
}

export interface Timeline {
  startDay: number;
  anchorDay: number;
  dropWeekStart: number;
  window(from: number, to: number): [number, number];
}

export function timeline(anchorDay: number, months: number): Timeline {
  const startDay = anchorDay - Math.round(months * 30.44);
  const span = anchorDay - 1 - startDay;
  return {
    startDay,
    anchorDay,
    dropWeekStart: lastFullWeekStart(anchorDay),
    window: (from, to) => [startDay + Math.round(from * span), startDay + Math.round(to * span)],
  };
}

// Monday (0) … Sunday (6).
const WEEKDAY = [1.15, 1.15, 1.1, 1.1, 1.0, 0.5, 0.4];

function dayWeight(t: Timeline, day: number): number {
  const x = (day - t.startDay) / (t.anchorDay - t.startDay);
  const md = new Date(day * 86_400_000).toISOString().slice(5, 10);
  const season = md >= '12-20' || md <= '01-02' ? 0.6 : md.startsWith('08') ? 0.75 : 1;
  return (0.6 + 0.8 * x) * (WEEKDAY[isoWeekday(day)] ?? 1) * season;
}

/** Per-day counts and customer picks of the campaigns whose numbers are planted exactly. */
interface ExactPlan {
  campaign: (typeof EXACT_CAMPAIGNS)[number];
  counts: Map<number, number>;
  customers: Set<number>;
  seen: number;
}

function planExact(t: Timeline, rng: Rng): ExactPlan[] {
  return EXACT_CAMPAIGNS.map((campaign) => {
    const r = rng.fork(`exact:${campaign.name}`);
    const [from, to] = t.window(campaign.from, campaign.to);
    const counts = new Map<number, number>();
    for (let i = 0; i < campaign.leads; i++) {
      const day = r.int(from, to);
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
    // Customers among leads old enough to have closed before the anchor.
    let eligible = 0;
    for (const [day, n] of counts) if (day <= t.anchorDay - 75) eligible += n;
    const customers = new Set<number>();
    while (customers.size < Math.min(campaign.customers, eligible)) customers.add(r.int(0, eligible - 1));
    return { campaign, counts, customers, seen: 0 };
  });
}

/** A stamp on `day` no earlier than `after` (same day), in business-ish hours. */
function stampOn(rng: Rng, day: number, after: number | null): number {
  const min = after !== null && Math.floor(after / 1440) === day ? (after % 1440) + 1 : 0;
  const lo = Math.max(min, 480);
  const minute = lo >= 1140 ? Math.min(1439, lo + rng.int(0, 20)) : rng.int(lo, 1140);
  return day * 1440 + minute;
}

interface Outcome {
  customer: 'never' | 'force' | 'random';
  amount: number | null;
}

function funnel(rng: Rng, t: Timeline, lead: SampleLead, outcome: Outcome): void {
  const day = Math.floor(lead.createdAt / 1440);
  const forced = outcome.customer === 'force';
  if (!lead.valid || !(forced || rng.chance(MQL_RATE[lead.channel]))) return;
  const mqlDay = day + (rng.chance(0.6) ? 0 : rng.int(1, 5));
  if (mqlDay >= t.anchorDay) return;
  lead.mqlAt = stampOn(rng, mqlDay, lead.createdAt);
  const decisionDay = mqlDay + rng.int(0, 3);
  if (decisionDay >= t.anchorDay) return;
  const inDrop = decisionDay >= t.dropWeekStart && decisionDay < t.dropWeekStart + 7;
  if (!(forced || rng.chance(inDrop ? MQL_TO_SQL.dropWeek : MQL_TO_SQL.baseline))) return;
  lead.sqlAt = stampOn(rng, decisionDay, lead.mqlAt);
  if (!(forced || rng.chance(0.7))) return;
  const oppDay = decisionDay + rng.int(1, 5);
  if (oppDay >= t.anchorDay) return;
  lead.opportunityAt = stampOn(rng, oppDay, lead.sqlAt);
  if (outcome.customer === 'never' || !(forced || rng.chance(0.5 / 0.7))) return;
  const customerDay = oppDay + rng.int(5, 40);
  if (customerDay >= t.anchorDay) return;
  lead.customerAt = stampOn(rng, customerDay, lead.opportunityAt);
  lead.amount = outcome.amount ?? dealAmount(rng, lead.segment);
}

function newLead(
  rng: Rng,
  id: number,
  day: number,
  channel: Channel,
  platform: Platform,
  campaign: { name: string; utm: string } | null,
  forceValid: boolean,
): SampleLead {
  const p = person(rng, id, channel, forceValid);
  const createdAt = stampOn(rng, day, day * 1440 + rng.int(0, 480));
  return {
    id,
    createdAt,
    ...p,
    channel,
    originalSource: ORIGINAL_SOURCE[channel],
    platform,
    campaign: campaign?.name ?? null,
    utmCampaign: campaign?.utm ?? null,
    mqlAt: null,
    sqlAt: null,
    opportunityAt: null,
    customerAt: null,
    amount: null,
  };
}

/**
 * Leads day by day, oldest first, never holding more than a day in memory: the committed
 * sample and the million-lead benchmark file come from the same generator.
 */
export function* generateLeadDays(options: LeadPlanOptions): Generator<SampleLead[]> {
  const t = timeline(options.anchorDay, options.months);
  const root = createRng(options.seed);
  const rng = root.fork('leads');
  const exact = planExact(t, root);
  const windows = CAMPAIGNS.map((c) => ({ c, w: t.window(c.from, c.to) }));
  const exactTotal = EXACT_CAMPAIGNS.reduce((s, c) => s + c.leads, 0);
  let weightSum = 0;
  for (let d = t.startDay; d < t.anchorDay; d++) weightSum += dayWeight(t, d);
  const base = Math.max(0, options.leads - exactTotal) / weightSum;
  let nextId = 100_001;
  for (let day = t.startDay; day < t.anchorDay; day++) {
    const rows: SampleLead[] = [];
    const mu = base * dayWeight(t, day);
    const count = Math.max(0, Math.round(rng.normal(mu, Math.sqrt(mu))));
    const live = windows.filter(({ w }) => day >= w[0] && day <= w[1]);
    const activeByMix = new Map(
      CHANNEL_MIX.map((m) => [
        m,
        live.filter(({ c }) => c.channel === m.channel && c.platform === m.platform),
      ]),
    );
    for (let i = 0; i < count; i++) {
      const mix = rng.weighted(CHANNEL_MIX, (m) => m.share);
      const active = activeByMix.get(mix) ?? [];
      const needsCampaign = mix.platform !== 'none' || mix.channel === 'email' || mix.channel === 'events';
      const withCampaign = active.length > 0 && (needsCampaign || rng.chance(0.5));
      const campaign: SampleCampaign | null = withCampaign ? rng.weighted(active, (a) => a.c.weight).c : null;
      // A paid lead whose platform has no live campaign that day arrives as organic search.
      const channel = mix.platform !== 'none' && !campaign ? 'organic_search' : mix.channel;
      const lead = newLead(rng, nextId++, day, channel, campaign ? mix.platform : 'none', campaign, false);
      funnel(rng, t, lead, { customer: 'random', amount: null });
      rows.push(lead);
    }
    for (const plan of exact) {
      for (let i = 0; i < (plan.counts.get(day) ?? 0); i++) {
        const { campaign } = plan;
        const isCustomer = plan.customers.has(plan.seen++);
        const lead = newLead(rng, nextId++, day, campaign.channel, campaign.platform, campaign, isCustomer);
        const perSale = 'revenuePerSale' in campaign ? campaign.revenuePerSale : null;
        if (perSale !== null) lead.product = 'Starter';
        funnel(rng, t, lead, { customer: isCustomer ? 'force' : 'never', amount: perSale });
        rows.push(lead);
      }
    }
    rows.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    yield rows;
  }
}

/** HubSpot's lifecycle stage label for the furthest stage a lead reached. */
export function lifecycleStage(lead: SampleLead): string {
  if (lead.customerAt !== null) return 'Customer';
  if (lead.opportunityAt !== null) return 'Opportunity';
  if (lead.sqlAt !== null) return 'Sales Qualified Lead';
  if (lead.mqlAt !== null) return 'Marketing Qualified Lead';
  return lead.channel === 'email' ? 'Subscriber' : 'Lead';
}
