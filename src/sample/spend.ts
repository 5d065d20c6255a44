import type { SampleLead, Timeline } from './leads.ts';
import { CAMPAIGNS, EXACT_CAMPAIGNS, type Platform, SPEND_SPIKE } from './plan.ts';
import type { Rng } from './prng.ts';

/** One day of one campaign's spend. Amounts in cents so totals are exact. */
export interface SpendRow {
  day: number;
  campaign: string;
  platform: Exclude<Platform, 'none'>;
  cents: number;
  impressions: number;
  clicks: number;
  /** Leads the platform reports for the day (its own pixel count). */
  conversions: number;
}

const CPC: Readonly<Record<SpendRow['platform'], [number, number]>> = {
  google: [1.5, 3.2],
  bing: [1.0, 2.2],
  facebook: [0.5, 1.2],
  linkedin: [4, 8],
};
const CTR: Readonly<Record<SpendRow['platform'], number>> = {
  google: 0.045,
  bing: 0.03,
  facebook: 0.012,
  linkedin: 0.006,
};

/** Splits `cents` over the days by weight, exactly (the remainder goes to the heaviest days). */
function split(cents: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const parts = weights.map((w) => Math.floor((cents * w) / total));
  let rest = cents - parts.reduce((s, p) => s + p, 0);
  const order = weights.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) {
    const i = order[k]?.[1] ?? 0;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

interface CampaignStats {
  leads: Map<number, number>;
  customers: number;
  total: number;
}

/**
 * Daily spend per paid campaign, following its leads. Regular campaigns cost 150-450 € per
 * customer (below CLV / 3) and at least 6 € per lead; the planted campaigns cost exactly
 * what the plan says, and SPEND_SPIKE's campaign spends 4× in the last full week.
 */
export function buildSpend(t: Timeline, leads: Iterable<SampleLead>, rng: Rng): SpendRow[] {
  const stats = new Map<string, CampaignStats>();
  for (const lead of leads) {
    if (!lead.campaign || lead.platform === 'none') continue;
    const s = stats.get(lead.campaign) ?? { leads: new Map(), customers: 0, total: 0 };
    const day = Math.floor(lead.createdAt / 1440);
    s.leads.set(day, (s.leads.get(day) ?? 0) + 1);
    s.total++;
    if (lead.customerAt !== null) s.customers++;
    stats.set(lead.campaign, s);
  }
  const paid = [
    ...EXACT_CAMPAIGNS.map((c) => ({
      name: c.name,
      platform: c.platform,
      from: c.from,
      to: c.to,
      spend: c.spend as number | null,
    })),
    ...CAMPAIGNS.filter((c) => c.platform !== 'none').map((c) => ({ ...c, spend: null })),
  ];
  const rows: SpendRow[] = [];
  for (const campaign of paid) {
    if (campaign.platform === 'none') continue;
    const platform = campaign.platform;
    const r = rng.fork(`spend:${campaign.name}`);
    const s = stats.get(campaign.name) ?? { leads: new Map<number, number>(), customers: 0, total: 0 };
    const [from, to] = t.window(campaign.from, campaign.to);
    const days: number[] = [];
    for (let d = from; d <= Math.min(to, t.anchorDay - 1); d++) days.push(d);
    if (days.length === 0) continue;
    const euros = campaign.spend ?? Math.max(s.customers * r.int(150, 450), s.total * 6, 50);
    const weights = days.map((d) => (s.leads.get(d) ?? 0) + 0.5 + r.next());
    const parts = split(Math.round(euros * 100), weights);
    const [lo, hi] = CPC[platform];
    // The planted spike: the same leads, four times the spend (and the clicks it buys).
    const spiked = (day: number): boolean =>
      campaign.name === SPEND_SPIKE.name && day >= t.dropWeekStart && day < t.dropWeekStart + 7;
    days.forEach((day, i) => {
      const cents = (parts[i] ?? 0) * (spiked(day) ? SPEND_SPIKE.factor : 1);
      const clicks = Math.max(0, Math.round(cents / 100 / (lo + r.next() * (hi - lo))));
      const impressions = Math.round((clicks / CTR[platform]) * (0.8 + 0.4 * r.next()));
      rows.push({
        day,
        campaign: campaign.name,
        platform,
        cents,
        impressions,
        clicks,
        conversions: s.leads.get(day) ?? 0,
      });
    });
  }
  rows.sort((a, b) => a.day - b.day || a.campaign.localeCompare(b.campaign));
  return rows;
}
