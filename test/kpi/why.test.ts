import { describe, expect, it } from 'vitest';
import { runQuery, type Targets } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { explainChange, type WhyDriver, type WhyRequest, type WhyResult } from '../../src/kpi/why.ts';
import { whyView } from '../../src/kpi/why-text.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { cost, lead, times } from './rows.ts';

// 2026-W40 is Monday 28 Sep .. Sunday 4 Oct; 2026-W41 is 5 .. 11 Oct.
const W41 = { kind: 'iso-week', year: 2026, week: 41 } as const;
const now = new Date('2026-10-20T12:00:00Z');
const before = Date.UTC(2026, 8, 29, 10); // Tue 29 Sep
const after = Date.UTC(2026, 9, 6, 10); // Tue 6 Oct
const BEFORE = '2026-09-29';
const AFTER = '2026-10-06';

function explain(
  leads: Lead[],
  costs: Cost[],
  request: Partial<WhyRequest> & Pick<WhyRequest, 'metric'>,
  targets: Targets = { ltvCacRatio: 3 },
): WhyResult {
  const snapshot = buildSnapshot(leads, costs, { timeZone: 'UTC', currency: 'EUR', dataVersion: 't' });
  const result = explainChange(
    snapshot,
    { filters: [], period: W41, against: 'previous', by: null, view: 'flow', ...request },
    { now, targets },
  );
  if (!result.ok) throw result.error;
  return result.value;
}

const byLabel = (r: WhyResult, label: string): WhyDriver | undefined =>
  r.drivers.find((d) => d.label === label);
const cents = (x: number | null | undefined): number | null =>
  x === null || x === undefined ? null : Math.round(x * 100);
/** Every part and its contribution, to the cent; and all of them add up to the change. */
function expectExact(r: WhyResult): void {
  const parts = [...r.drivers, ...(r.others ? [r.others] : [])];
  const total = parts.reduce((s, p) => s + p.contribution, 0);
  expect(total).toBeCloseTo(r.change ?? Number.NaN, 9);
  for (const p of parts)
    if (p.mix !== null && p.rate !== null) expect(p.mix + p.rate).toBeCloseTo(p.contribution, 9);
}

/** Leads of one campaign on a day. */
const leadsOf = (n: number, createdAt: number, campaign: string | null, over: Partial<Lead> = {}) =>
  times(n, () => lead({ createdAt, campaign, ...over }));

describe('why: a ratio splits into mix + rate (shift-share with midpoint weights)', () => {
  // Before: A 600 € / 30 leads, B 400 € / 20 leads → CPL 20 €. After: A 1 200 € / 40, B 300 € / 10 → 30 €.
  const leads = [
    ...leadsOf(30, before, 'A'),
    ...leadsOf(20, before, 'B'),
    ...leadsOf(40, after, 'A'),
    ...leadsOf(10, after, 'B'),
  ];
  const costs = [
    cost({ date: BEFORE, amount: 600, campaign: 'A' }),
    cost({ date: BEFORE, amount: 400, campaign: 'B' }),
    cost({ date: AFTER, amount: 1200, campaign: 'A' }),
    cost({ date: AFTER, amount: 300, campaign: 'B' }),
  ];

  it('CPL 20 € → 30 €: A +12 € (mix +5, rate +7), B −2 € (mix −5, rate +3), exactly', () => {
    const r = explain(leads, costs, { metric: 'cpl', by: 'campaign' });
    expect([r.previous, r.value, r.change]).toEqual([20, 30, 10]);
    expect(r.relativeChange).toBeCloseTo(0.5, 12);
    expect(r.method).toBe('shift-share');
    expect(r.dimension).toBe('campaign');
    expect(r.picked).toBe('asked');
    expect(r.drivers.map((d) => d.label)).toEqual(['A', 'B']);
    const a = byLabel(r, 'A');
    const b = byLabel(r, 'B');
    expect([a?.contribution, a?.mix, a?.rate].map(cents)).toEqual([1200, 500, 700]);
    expect([b?.contribution, b?.mix, b?.rate].map(cents)).toEqual([-200, -500, 300]);
    expect([a?.previous, a?.value, b?.previous, b?.value]).toEqual([20, 30, 20, 30]);
    expect(a?.share).toBeCloseTo(1.2, 12);
    expect(b?.share).toBeCloseTo(-0.2, 12);
    expect(r.others).toBeNull();
    expectExact(r);
  });

  it('gives the same value and previous value as the /kpi answer', () => {
    const snapshot = buildSnapshot(leads, costs, { timeZone: 'UTC', currency: 'EUR', dataVersion: 't' });
    const query: Query = {
      metrics: ['cpl'],
      filters: [],
      by: null,
      period: W41,
      compare: 'previous',
      view: 'flow',
    };
    const answer = runQuery(snapshot, query, { now, targets: { ltvCacRatio: 3 } });
    if (!answer.ok) throw answer.error;
    const r = explain(leads, costs, { metric: 'cpl' });
    expect(r.value).toBe(answer.value.total.values.cpl.value);
    expect(r.previous).toBe(answer.value.total.previous?.cpl.value);
    expect(r.period.label).toBe('2026-W41');
    expect(r.previousPeriod.label).toBe('2026-W40');
  });

  it('a new campaign is all mix; organic leads (no campaign) weigh on CPL through their share', () => {
    // Before: A 500 € / 25 leads + 25 organic → 10 €. After: A 500 € / 25, 15 organic, C 300 € / 10 → 16 €.
    const r = explain(
      [
        ...leadsOf(25, before, 'A'),
        ...leadsOf(25, before, null),
        ...leadsOf(25, after, 'A'),
        ...leadsOf(15, after, null),
        ...leadsOf(10, after, 'C'),
      ],
      [
        cost({ date: BEFORE, amount: 500, campaign: 'A' }),
        cost({ date: AFTER, amount: 500, campaign: 'A' }),
        cost({ date: AFTER, amount: 300, campaign: 'C' }),
      ],
      { metric: 'cpl', by: 'campaign' },
    );
    expect([r.previous, r.value, r.change]).toEqual([10, 16, 6]);
    const c = byLabel(r, 'C');
    expect([c?.contribution, c?.mix, c?.rate].map(cents)).toEqual([600, 600, 0]);
    expect(c?.previous).toBeNull();
    // A kept its share and its CPL: it contributes nothing and is not named.
    expect(byLabel(r, 'A')).toBeUndefined();
    expectExact(r);
  });

  it('spend that brought no lead is rate (its cost per lead has no value)', () => {
    // Before: A 400 € / 20 leads → 20 €. After: A 400 € / 20 leads + D 100 € with no lead → 25 €.
    const r = explain(
      [...leadsOf(20, before, 'A'), ...leadsOf(20, after, 'A')],
      [
        cost({ date: BEFORE, amount: 400, campaign: 'A' }),
        cost({ date: AFTER, amount: 400, campaign: 'A' }),
        cost({ date: AFTER, amount: 100, campaign: 'D' }),
      ],
      { metric: 'cpl', by: 'campaign' },
    );
    expect(r.change).toBe(5);
    // D has no lead, so it is under the minimum volume: it is "others", whole.
    expect(r.drivers).toEqual([]);
    expect([r.others?.contribution, r.others?.mix, r.others?.rate].map(cents)).toEqual([500, 0, 500]);
    expectExact(r);
  });

  it('stage conversion MQL → SQL by channel, hand-computed: 40 % → 25 %', () => {
    // Before: search 60 MQL / 30 SQL, social 40 MQL / 10 SQL → 40 %.
    // After: search 40 MQL / 16 SQL, social 60 MQL / 9 SQL → 25 %.
    const stage = (n: number, sql: number, at: number, channel: Lead['channel']) =>
      times(n, (i) => lead({ createdAt: at, mqlAt: at, sqlAt: i < sql ? at : null, channel }));
    const r = explain(
      [
        ...stage(60, 30, before, 'paid_search'),
        ...stage(40, 10, before, 'paid_social'),
        ...stage(40, 16, after, 'paid_search'),
        ...stage(60, 9, after, 'paid_social'),
      ],
      [],
      { metric: 'mql_to_sql', by: 'channel' },
    );
    expect([r.previous, r.value, r.change].map(cents)).toEqual([4000, 2500, -1500]);
    // search: w 0.6 → 0.4, r 50 % → 40 %: mix −0.2 × 45 = −9 pts, rate −10 × 0.5 = −5 pts.
    // social: w 0.4 → 0.6, r 25 % → 15 %: mix +0.2 × 20 = +4 pts, rate −10 × 0.5 = −5 pts.
    const search = byLabel(r, 'paid_search');
    const social = byLabel(r, 'paid_social');
    expect([search?.contribution, search?.mix, search?.rate].map(cents)).toEqual([-1400, -900, -500]);
    expect([social?.contribution, social?.mix, social?.rate].map(cents)).toEqual([-100, 400, -500]);
    expect(r.noise?.within).toBe(false);
    expect(r.noise?.pValue).toBeLessThan(0.05);
    expectExact(r);
  });

  it('ROI by campaign, and a sum (leads) splits directly', () => {
    const won = (n: number, at: number, campaign: string, amount: number) =>
      times(n, () => lead({ createdAt: at, customerAt: at, campaign, amount }));
    const leads = [...won(10, before, 'A', 300), ...won(10, after, 'A', 300), ...won(10, after, 'B', 50)];
    const costs = [
      cost({ date: BEFORE, amount: 1000, campaign: 'A' }),
      cost({ date: AFTER, amount: 1000, campaign: 'A' }),
      cost({ date: AFTER, amount: 1000, campaign: 'B' }),
    ];
    // ROI: before (3 000 − 1 000) / 1 000 = 200 %; after (3 500 − 2 000) / 2 000 = 75 %.
    const roi = explain(leads, costs, { metric: 'roi', by: 'campaign' });
    expect([roi.previous, roi.value, roi.change]).toEqual([200, 75, -125]);
    // A: w 1 → 0.5, r 200 % both: mix −0.5 × 200 = −100 pts. B: new, r −50 %: mix 0.5 × −50 = −25 pts.
    expect([byLabel(roi, 'A')?.mix, byLabel(roi, 'A')?.rate].map(cents)).toEqual([-10_000, 0]);
    expect(byLabel(roi, 'B')?.contribution).toBeCloseTo(-25, 9);
    expectExact(roi);

    const count = explain(leads, costs, { metric: 'leads', by: 'campaign' });
    expect(count.method).toBe('direct');
    expect(count.change).toBe(10);
    expect(count.drivers.map((d) => [d.label, d.contribution, d.mix, d.rate])).toEqual([
      ['B', 10, null, null],
    ]);
  });
});

describe('why: naming drivers', () => {
  it('keeps the top 3 by |contribution| and folds the rest and the small groups into "others"', () => {
    // Five campaigns with 20 leads each, each spending more after; E has only 5 leads.
    const names = ['A', 'B', 'C', 'D'];
    const leads = names.flatMap((n) => [...leadsOf(20, before, n), ...leadsOf(20, after, n)]);
    leads.push(...leadsOf(5, before, 'E'), ...leadsOf(5, after, 'E'));
    const costs = [
      ...names.map((n) => cost({ date: BEFORE, amount: 200, campaign: n })),
      ...names.map((n, i) => cost({ date: AFTER, amount: 200 + 50 * (i + 1), campaign: n })),
      cost({ date: BEFORE, amount: 50, campaign: 'E' }),
      cost({ date: AFTER, amount: 2000, campaign: 'E' }),
    ];
    const r = explain(leads, costs, { metric: 'cpl', by: 'campaign' });
    // E moved most, but 5 leads are under the minimum volume: it is not named.
    expect(r.drivers.map((d) => d.label)).toEqual(['D', 'C', 'B']);
    expect(r.others?.groups).toBe(2);
    expectExact(r);
  });

  it('without by=, picks the dimension whose top group explains most, and says what it tried', () => {
    // Campaign "Brand" (channel paid_search) quadruples its spend; another search campaign is flat;
    // owners are spread evenly.
    const leads = [
      ...leadsOf(30, before, 'Brand', { channel: 'paid_search', owner: 'Ann' }),
      ...leadsOf(30, after, 'Brand', { channel: 'paid_search', owner: 'Bob' }),
      ...leadsOf(30, before, 'Generic', { channel: 'paid_search', owner: 'Bob' }),
      ...leadsOf(30, after, 'Generic', { channel: 'paid_search', owner: 'Ann' }),
      ...leadsOf(30, before, 'Lookalike', { channel: 'paid_social', owner: 'Ann' }),
      ...leadsOf(30, after, 'Lookalike', { channel: 'paid_social', owner: 'Bob' }),
    ];
    const costs = [
      cost({ date: BEFORE, amount: 300, campaign: 'Brand', channel: 'paid_search' }),
      cost({ date: AFTER, amount: 1200, campaign: 'Brand', channel: 'paid_search' }),
      cost({ date: BEFORE, amount: 300, campaign: 'Generic', channel: 'paid_search' }),
      cost({ date: AFTER, amount: 310, campaign: 'Generic', channel: 'paid_search' }),
      cost({ date: BEFORE, amount: 300, campaign: 'Lookalike', channel: 'paid_social' }),
      cost({ date: AFTER, amount: 290, campaign: 'Lookalike', channel: 'paid_social' }),
    ];
    const r = explain(leads, costs, { metric: 'cpl' });
    expect(r.picked).toBe('auto');
    expect(r.dimension).toBe('campaign');
    expect(r.drivers[0]?.label).toBe('Brand');
    // Spend is not recorded by owner: owner is not tried for CPL.
    expect(r.candidates.map((c) => c.dimension)).toEqual(['campaign', 'channel', 'source']);
    expect(r.candidates[0]?.topShare).toBeCloseTo(1, 9);
    expectExact(r);

    // The channel holds Brand and a bit more (Generic's +€10), so it explains slightly more than
    // Brand; the note says why the campaign is kept, in both languages.
    const channel = r.candidates.find((c) => c.dimension === 'channel');
    expect(channel?.topShare ?? 0).toBeGreaterThan(r.candidates[0]?.topShare ?? 1);
    expect(whyView(r, 'en').notes[0]).toBe(
      'Split by campaign: its top group explains 100% of the change (tried: campaign 100%, channel 101.1%, source n/a); kept over channel because it is more specific and explains at least 80% of what channel does.',
    );
    expect(whyView(r, 'fr').notes[0]).toContain('retenu plutôt que canal car plus précis');

    // Leads are recorded by owner: a count is tried by owner too.
    const count = explain(leads, costs, { metric: 'leads' });
    expect(count.candidates.map((c) => c.dimension)).toEqual(['campaign', 'channel', 'source', 'owner']);
  });

  it('picks the channel when the whole channel moved, not one of its campaigns', () => {
    // Four social campaigns all get 50 % dearer; search is flat. Each campaign holds a quarter
    // of the move, the channel all of it.
    const social = ['S1', 'S2', 'S3', 'S4'];
    const leads = [
      ...social.flatMap((c) => [
        ...leadsOf(20, before, c, { channel: 'paid_social', source: 'facebook' }),
        ...leadsOf(20, after, c, { channel: 'paid_social', source: 'facebook' }),
      ]),
      ...leadsOf(40, before, 'Search', { channel: 'paid_search', source: 'google' }),
      ...leadsOf(40, after, 'Search', { channel: 'paid_search', source: 'google' }),
    ];
    const costs = [
      ...social.flatMap((c) => [
        cost({ date: BEFORE, amount: 200, campaign: c, channel: 'paid_social', source: 'facebook' }),
        cost({ date: AFTER, amount: 300, campaign: c, channel: 'paid_social', source: 'facebook' }),
      ]),
      cost({ date: BEFORE, amount: 400, campaign: 'Search', channel: 'paid_search', source: 'google' }),
      cost({ date: AFTER, amount: 400, campaign: 'Search', channel: 'paid_search', source: 'google' }),
    ];
    const r = explain(leads, costs, { metric: 'cpl' });
    expect(r.candidates[0]?.topShare).toBeCloseTo(0.25, 9);
    expect(r.dimension).toBe('channel');
    expect(r.drivers[0]?.label).toBe('paid_social');
    expectExact(r);
  });

  it('does not try a dimension pinned by a filter (its one group would explain everything)', () => {
    const leads = [...leadsOf(30, before, 'A'), ...leadsOf(40, after, 'A'), ...leadsOf(10, after, 'B')];
    const r = explain(leads, [], {
      metric: 'leads',
      filters: [{ dimension: 'channel', values: ['paid_social'] }],
    });
    expect(r.candidates.map((c) => c.dimension)).toEqual(['campaign', 'source', 'owner']);
    expect(r.dimension).toBe('campaign');
  });
});

describe('why: noise and edge cases', () => {
  it('names no driver when a rate moved within noise (the digest’s two-proportion test)', () => {
    // 40 % → 38 % on 100 MQLs a side: p ≈ 0.77.
    const stage = (n: number, sql: number, at: number, campaign: string) =>
      times(n, (i) => lead({ createdAt: at, mqlAt: at, sqlAt: i < sql ? at : null, campaign }));
    const r = explain(
      [
        ...stage(50, 20, before, 'A'),
        ...stage(50, 20, before, 'B'),
        ...stage(50, 15, after, 'A'),
        ...stage(50, 23, after, 'B'),
      ],
      [],
      { metric: 'mql_to_sql', by: 'campaign' },
    );
    expect(r.change).toBeCloseTo(-2, 9);
    expect(r.noise?.within).toBe(true);
    expect(r.noise?.pValue).toBeGreaterThan(0.5);
    expect(r.drivers).toEqual([]);
    expect(r.others?.groups).toBe(2);
    expect(r.others?.contribution).toBeCloseTo(-2, 9);
  });

  it('names no driver for a rate on too little volume, however large the move', () => {
    const stage = (n: number, sql: number, at: number) =>
      times(n, (i) => lead({ createdAt: at, mqlAt: at, sqlAt: i < sql ? at : null, campaign: 'A' }));
    const r = explain([...stage(12, 10, before), ...stage(12, 2, after)], [], { metric: 'mql_to_sql' });
    expect(r.noise?.within).toBe(true);
    expect(r.noise?.volume).toBe(12);
    expect(r.drivers).toEqual([]);
  });

  it('a metric n/a in a period has nothing to explain (and says why)', () => {
    const r = explain(leadsOf(10, after, 'A'), [cost({ date: AFTER, amount: 100, campaign: 'A' })], {
      metric: 'cpl',
    });
    expect(r.value).toBe(10);
    expect(r.previous).toBeNull();
    expect(r.previousNa).toBe('no_spend');
    expect(r.change).toBeNull();
    expect(r.drivers).toEqual([]);
  });

  it('refuses what does not split, a cost split by owner, and a period with none before it', () => {
    const snapshot = buildSnapshot(leadsOf(3, after, 'A'), [], {
      timeZone: 'UTC',
      currency: 'EUR',
      dataVersion: 't',
    });
    const base: WhyRequest = {
      metric: 'cycle',
      filters: [],
      period: W41,
      against: 'previous',
      by: null,
      view: 'flow',
    };
    const ctx = { now, targets: { ltvCacRatio: 3 } };
    const cycle = explainChange(snapshot, base, ctx);
    expect(!cycle.ok && cycle.error.messageKey).toBe('why.not_decomposable');
    const owner = explainChange(snapshot, { ...base, metric: 'cpl', by: 'owner' }, ctx);
    expect(!owner.ok && owner.error.messageKey).toBe('why.no_cost_dimension');
    const all = explainChange(
      snapshot,
      { ...base, metric: 'leads', period: { kind: 'relative', name: 'all' } },
      ctx,
    );
    expect(!all.ok && all.error.messageKey).toBe('why.no_previous');
    // LTV:CAC splits with a CLV target, not under the margin model (distinct customers).
    expect(
      explainChange(snapshot, { ...base, metric: 'ltv_cac' }, { now, targets: { clv: 900, ltvCacRatio: 3 } })
        .ok,
    ).toBe(true);
    const margin = {
      now,
      targets: { ltvCacRatio: 3, clvModel: { kind: 'margin', margin: 0.5, churn: 0.1 } },
    } as const;
    expect(explainChange(snapshot, { ...base, metric: 'ltv_cac' }, margin).ok).toBe(false);
  });

  it('compares with any period (vs=<period>)', () => {
    const leads = [...leadsOf(10, Date.UTC(2026, 8, 8, 10), 'A'), ...leadsOf(25, after, 'A')];
    const r = explain(leads, [], {
      metric: 'leads',
      against: { kind: 'iso-week', year: 2026, week: 37 },
    });
    expect(r.previousPeriod.label).toBe('2026-W37');
    expect([r.previous, r.value, r.change]).toEqual([10, 25, 15]);
  });
});
