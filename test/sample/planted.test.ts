import { describe, expect, it } from 'vitest';
import { campaignKey } from '../../src/model/campaign.ts';
import {
  buildSample,
  CAC_OVERRUN_CAMPAIGN,
  CAMPAIGN_A,
  CAMPAIGN_B,
  CAMPAIGNS,
  EXACT_CAMPAIGNS,
  MQL_TO_SQL,
  mondayOf,
  SAMPLE_ANCHOR,
  SAMPLE_CLV_TARGET,
  SAMPLE_SEED,
  SAMPLE_TIME_ZONE,
  type SampleLead,
  SPEND_SPIKE,
} from '../../src/sample/index.ts';

const sample = buildSample({
  seed: SAMPLE_SEED,
  anchor: new Date(`${SAMPLE_ANCHOR}T12:00:00Z`),
  months: 18,
  leads: 20_000,
  timeZone: SAMPLE_TIME_ZONE,
});
const { leads, spend, timeline } = sample;
const dayOf = (stamp: number): number => Math.floor(stamp / 1440);
const weekOf = (stamp: number | null): number | null => (stamp === null ? null : mondayOf(dayOf(stamp)));

function campaignTotals(name: string): { leads: number; customers: number; revenue: number; spend: number } {
  const mine = leads.filter((l) => l.campaign === name);
  const won = mine.filter((l) => l.customerAt !== null);
  return {
    leads: mine.length,
    customers: won.length,
    revenue: won.reduce((s, l) => s + (l.amount ?? 0), 0),
    spend: spend.filter((r) => r.campaign === name).reduce((s, r) => s + r.cents, 0) / 100,
  };
}

describe('the sample timeline', () => {
  it('spans about 18 months of about 20 000 leads, ending the day before the anchor', () => {
    expect(leads.length).toBeGreaterThan(19_000);
    expect(leads.length).toBeLessThan(21_500);
    const last = Math.max(...leads.map((l) => Math.max(l.createdAt, l.customerAt ?? 0, l.sqlAt ?? 0)));
    expect(dayOf(last)).toBeLessThan(timeline.anchorDay);
    expect(timeline.anchorDay - timeline.startDay).toBeGreaterThan(540);
  });
  it('keeps stage dates in funnel order', () => {
    const order = (l: SampleLead): (number | null)[] => [
      l.createdAt,
      l.mqlAt,
      l.sqlAt,
      l.opportunityAt,
      l.customerAt,
    ];
    const outOfOrder = leads.filter((lead) => {
      const stamps = order(lead).filter((s): s is number => s !== null);
      return stamps.some((s, i) => i > 0 && s < (stamps[i - 1] ?? 0));
    });
    expect(outOfOrder.map((l) => l.id)).toEqual([]);
  });
  it('has about 40 campaigns, and every CRM spelling joins its ad-platform name', () => {
    expect(CAMPAIGNS.length + EXACT_CAMPAIGNS.length).toBe(40);
    for (const c of [...CAMPAIGNS, ...EXACT_CAMPAIGNS]) expect(campaignKey(c.utm)).toBe(campaignKey(c.name));
    const spellings = CAMPAIGNS.filter((c) => c.utm !== c.name);
    expect(spellings.length).toBe(CAMPAIGNS.length);
  });
});

describe('planted fact (a): MQL→SQL drops in the last full ISO week', () => {
  const drop = timeline.dropWeekStart;
  const flow = (week: number): { mql: number; sql: number } => ({
    mql: leads.filter((l) => weekOf(l.mqlAt) === week).length,
    sql: leads.filter((l) => weekOf(l.sqlAt) === week).length,
  });
  it('is the week Monday 2026-11-16 .. Sunday 2026-11-22 for the anchor 2026-11-23', () => {
    expect(new Date(drop * 86_400_000).toISOString().slice(0, 10)).toBe('2026-11-16');
  });
  it('falls from ~40 % to ~15 % on at least 150 MQLs, significantly (events in the week)', () => {
    const week = flow(drop);
    const before = [1, 2, 3, 4].map((k) => flow(drop - 7 * k));
    const base = { mql: before.reduce((s, w) => s + w.mql, 0), sql: before.reduce((s, w) => s + w.sql, 0) };
    expect(week.mql).toBeGreaterThanOrEqual(MQL_TO_SQL.minMqlsInDropWeek);
    const p1 = week.sql / week.mql;
    const p0 = base.sql / base.mql;
    expect(p0).toBeGreaterThan(0.33);
    expect(p0).toBeLessThan(0.47);
    expect(p1).toBeLessThan(0.22);
    for (const w of before) expect(w.sql / w.mql).toBeGreaterThan(0.3);
    // Two-proportion z-test.
    const pooled = (week.sql + base.sql) / (week.mql + base.mql);
    const z = (p0 - p1) / Math.sqrt(pooled * (1 - pooled) * (1 / week.mql + 1 / base.mql));
    expect(z).toBeGreaterThan(4);
  });
  it('shows in the cohort view too (MQLs of the week that became SQL)', () => {
    const cohort = (week: number): number => {
      const mqls = leads.filter((l) => weekOf(l.mqlAt) === week);
      return mqls.filter((l) => l.sqlAt !== null).length / mqls.length;
    };
    expect(cohort(drop)).toBeLessThan(0.2);
    expect(cohort(drop - 14)).toBeGreaterThan(0.33);
  });
});

describe('planted fact (b): one campaign whose CAC exceeds CLV / 3', () => {
  const threshold = SAMPLE_CLV_TARGET / 3;
  it(`"${CAC_OVERRUN_CAMPAIGN.name}" costs ${CAC_OVERRUN_CAMPAIGN.cac} € per customer`, () => {
    const t = campaignTotals(CAC_OVERRUN_CAMPAIGN.name);
    expect(t).toMatchObject({ leads: CAC_OVERRUN_CAMPAIGN.leads, customers: CAC_OVERRUN_CAMPAIGN.customers });
    expect(t.spend).toBe(CAC_OVERRUN_CAMPAIGN.spend);
    expect(t.spend / t.customers).toBe(CAC_OVERRUN_CAMPAIGN.cac);
    expect(t.spend / t.customers).toBeGreaterThan(threshold);
  });
  it('is the only paid campaign over the threshold (over the whole sample)', () => {
    const paid = [...new Set(spend.map((r) => r.campaign))];
    const over = paid.filter((name) => {
      const t = campaignTotals(name);
      return t.customers > 0 && t.spend / t.customers > threshold;
    });
    expect(over).toEqual([CAC_OVERRUN_CAMPAIGN.name]);
  });
});

describe("planted fact (c): seed 000's campaign A vs B", () => {
  it('A: many cheap leads, few sales, a loss; B: fewer dearer leads, more sales, a profit', () => {
    const a = campaignTotals(CAMPAIGN_A.name);
    const b = campaignTotals(CAMPAIGN_B.name);
    expect(a).toEqual({ leads: 500, customers: 10, revenue: 2000, spend: 5000 });
    expect(b).toEqual({ leads: 250, customers: 50, revenue: 10_000, spend: 5000 });
    expect(a.revenue - a.spend).toBe(CAMPAIGN_A.profit);
    expect(b.revenue - b.spend).toBe(CAMPAIGN_B.profit);
    expect(a.spend / a.leads).toBeLessThan(b.spend / b.leads);
    // The seed's ratios, ×5: at 200 per sale A loses 600 and B earns 1 000 per 1 000 spent.
    expect(((a.revenue - a.spend) / a.spend) * 1000).toBe(-600);
    expect(((b.revenue - b.spend) / b.spend) * 1000).toBe(1000);
  });
  it('A and B closed well before the drop week, so fact (a) does not touch them', () => {
    const ab = leads.filter((l) => l.campaign === CAMPAIGN_A.name || l.campaign === CAMPAIGN_B.name);
    expect(Math.max(...ab.map((l) => dayOf(l.customerAt ?? l.createdAt)))).toBeLessThan(
      timeline.dropWeekStart - 28,
    );
  });
});

describe('planted fact (d): one campaign spends 4× in the last full week, with no more leads', () => {
  const drop = timeline.dropWeekStart;
  const week = (name: string, monday: number) => ({
    cents: spend
      .filter((r) => r.campaign === name && r.day >= monday && r.day < monday + 7)
      .reduce((s, r) => s + r.cents, 0),
    leads: leads.filter((l) => l.campaign === name && weekOf(l.createdAt) === monday).length,
  });
  const usualWeeks = (name: string) => [1, 2, 3, 4].map((k) => week(name, drop - 7 * k));
  const perLead = (w: { cents: number; leads: number }) => w.cents / Math.max(1, w.leads);

  it(`"${SPEND_SPIKE.name}" costs ${SPEND_SPIKE.factor}× as much per lead as in the four weeks before`, () => {
    const spiked = week(SPEND_SPIKE.name, drop);
    const usual = usualWeeks(SPEND_SPIKE.name);
    const usualPerLead = usual.reduce((s, w) => s + perLead(w), 0) / usual.length;
    const usualLeads = usual.reduce((s, w) => s + w.leads, 0) / usual.length;
    expect(perLead(spiked) / usualPerLead).toBeGreaterThan(3);
    // No more leads than usual: the money bought nothing.
    expect(spiked.leads).toBeGreaterThanOrEqual(10);
    expect(spiked.leads).toBeLessThan(usualLeads * 1.5);
  });

  it('is the only campaign whose weekly spend jumped like that', () => {
    const paid = [...new Set(spend.map((r) => r.campaign))];
    const jumped = paid.filter((name) => {
      const usual = usualWeeks(name).reduce((s, w) => s + w.cents, 0) / 4;
      return usual > 0 && week(name, drop).cents > 2.5 * usual;
    });
    expect(jumped).toEqual([SPEND_SPIKE.name]);
  });
});

describe('leads without spend', () => {
  it('come from organic, email, referral and direct, with no spend row', () => {
    const unpaid = leads.filter((l) => l.platform === 'none');
    const channels = new Set(unpaid.map((l) => l.channel));
    for (const c of ['organic_search', 'email', 'referral', 'direct'] as const) expect(channels).toContain(c);
    const spent = new Set(spend.map((r) => campaignKey(r.campaign)));
    for (const l of unpaid) if (l.utmCampaign) expect(spent.has(campaignKey(l.utmCampaign))).toBe(false);
  });
});
