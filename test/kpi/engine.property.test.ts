import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Targets } from '../../src/kpi/derive.ts';
import { runQuery } from '../../src/kpi/engine.ts';
import { METRIC_IDS, type MetricId, type PeriodSpec, type Query } from '../../src/kpi/query.ts';
import type { ResultRow } from '../../src/kpi/result.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { CHANNELS } from '../../src/model/channel.ts';
import { COST_KINDS, type Cost } from '../../src/model/cost.ts';
import { COST_DIMENSIONS, type Dimension, isLeadDimension } from '../../src/model/dimension.ts';
import type { Lead } from '../../src/model/lead.ts';
import { isoWeekLabel } from '../../src/shared/iso-week.ts';
import { keyOf, type Member, observedTo, reference } from './reference.ts';
import { cost, lead } from './rows.ts';

const START = Date.UTC(2026, 8, 1);
const SPAN_DAYS = 120;
const HOUR = 3_600_000;
const now = new Date(START + 100 * 86_400_000);

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const campaigns = ['Spring Sale', 'spring_sale', 'Brand', 'Été 2026', 'ete 2026'];
const owners = ['Ann', 'Bob', 'ann'];
const countries = ['FR', 'US'];
const sources = ['google', 'facebook', 'Google'];
// Breakdowns only spend carries (an age-bracket export); leads never have them.
const ages = ['18-24', '25-34', '65+'];

const stage = (created: number) => maybe(fc.integer({ min: 0, max: 60 * 24 }).map((h) => created + h * HOUR));

const leadArb: fc.Arbitrary<Lead> = fc
  .integer({ min: 0, max: SPAN_DAYS * 24 - 1 })
  .chain((h) => {
    const created = START + h * HOUR + 17 * 60_000;
    return fc.record({
      createdAt: fc.constant(created),
      channel: pick(CHANNELS),
      source: maybe(pick(sources)),
      campaign: maybe(pick(campaigns)),
      owner: maybe(pick(owners)),
      country: maybe(pick(countries)),
      valid: fc.boolean(),
      mqlAt: stage(created),
      sqlAt: stage(created),
      opportunityAt: stage(created),
      customerAt: stage(created),
      lostAt: stage(created),
      activatedAt: stage(created),
      amount: maybe(fc.integer({ min: 0, max: 5000 })),
      pipelineAmount: maybe(fc.integer({ min: 0, max: 9000 })),
      customerId: maybe(pick(['c1', 'c2', 'c3', 'c4'])),
    });
  })
  .map((over) => lead(over));

const costArb: fc.Arbitrary<Cost> = fc
  .record({
    day: fc.integer({ min: 0, max: SPAN_DAYS - 1 }),
    channel: pick(CHANNELS),
    source: maybe(pick(sources)),
    campaign: maybe(pick(campaigns)),
    country: maybe(pick(countries)),
    age: maybe(pick(ages)),
    amount: fc.integer({ min: 0, max: 2000 }),
    kind: pick(COST_KINDS),
    impressions: maybe(fc.integer({ min: 0, max: 10000 })),
    clicks: maybe(fc.integer({ min: 0, max: 500 })),
    platformLeads: maybe(fc.integer({ min: 0, max: 40 })),
    conversions: maybe(fc.integer({ min: 0, max: 40 })),
  })
  .map(({ day, ...over }) =>
    cost({ ...over, date: new Date(START + day * 86_400_000).toISOString().slice(0, 10) }),
  );

const periodArb: fc.Arbitrary<PeriodSpec> = fc.oneof(
  fc.integer({ min: 9, max: 12 }).map((month) => ({ kind: 'month', year: 2026, month }) as const),
  fc.integer({ min: 36, max: 52 }).map((week) => ({ kind: 'iso-week', year: 2026, week }) as const),
  fc.integer({ min: 1, max: 90 }).map((days) => ({ kind: 'last-days', days }) as const),
  fc.tuple(fc.integer({ min: 0, max: SPAN_DAYS }), fc.integer({ min: 0, max: 40 })).map(([a, n]) => {
    const iso = (d: number) => new Date(START + d * 86_400_000).toISOString().slice(0, 10);
    return { kind: 'range', from: iso(a), to: iso(a + n) } as const;
  }),
);

const filterDims: Dimension[] = ['campaign', 'owner', 'country', 'source', 'channel', 'age'];
const values: Record<string, string[]> = {
  age: ages,
  campaign: campaigns,
  owner: owners,
  country: countries,
  source: sources,
  channel: [...CHANNELS],
};
const filterArb = pick(filterDims).chain((dimension) =>
  fc.subarray(values[dimension]!, { minLength: 1, maxLength: 2 }).map((vs) => ({ dimension, values: vs })),
);
const byArb = fc.oneof(
  fc.constant(null),
  pick(filterDims).map((dimension) => ({ kind: 'dimension', dimension }) as const),
  pick(['day', 'week', 'month'] as const).map((grain) => ({ kind: 'time', grain }) as const),
);
const targetsArb: fc.Arbitrary<Targets> = fc.oneof(
  fc.constant({ ltvCacRatio: 3 }),
  fc.constant({ clv: 1200, ltvCacRatio: 3 }),
  fc.constant({
    ltvCacRatio: 3,
    clvModel: { kind: 'frequency', purchaseFrequency: 2, lifetime: 3 },
  } as const),
  fc.constant({ ltvCacRatio: 3, clvModel: { kind: 'margin', margin: 0.4, churn: 0.1 } } as const),
);

const bucketOf = (grain: 'day' | 'week' | 'month', day: string): string => {
  if (grain === 'day') return day;
  if (grain === 'month') return day.slice(0, 7);
  return isoWeekLabel(Math.round(Date.parse(day) / 86_400_000));
};

function expectRow(
  row: ResultRow,
  expected: Record<string, number | null>,
  where: string,
  ids: readonly MetricId[] = METRIC_IDS,
): void {
  for (const id of ids) {
    const got = row.values[id].value;
    const want = expected[id];
    if (want === null || want === undefined) expect(got, `${where} ${id}`).toBeNull();
    else {
      expect(got, `${where} ${id}`).not.toBeNull();
      expect(got!, `${where} ${id}`).toBeCloseTo(want, 6);
    }
  }
}

describe('engine against a plain reference implementation', () => {
  it('agrees on every metric, view, filter, breakdown and period', () => {
    fc.assert(
      fc.property(
        fc.array(leadArb, { maxLength: 60 }),
        fc.array(costArb, { maxLength: 40 }),
        periodArb,
        fc.array(filterArb, { maxLength: 2 }),
        byArb,
        pick(['flow', 'cohort'] as const),
        pick(['Europe/Paris', 'America/New_York', 'UTC']),
        targetsArb,
        fc.option(fc.subarray([...METRIC_IDS], { minLength: 1, maxLength: 3 }), { nil: null }),
        (leads, costs, period, filters, by, view, zone, targets, only) => {
          const ids = only ?? METRIC_IDS;
          const snapshot = buildSnapshot(leads, costs, { timeZone: zone, currency: 'EUR', dataVersion: 'p' });
          const query: Query = { metrics: [...ids], filters, by, period, compare: 'previous', view };
          const result = runQuery(snapshot, query, { now, targets, onlyRequested: only !== null });
          if (!result.ok) throw result.error;
          const r = result.value;
          const all: Member = { lead: () => true, cost: () => true };
          const seenTo = observedTo(now.getTime(), zone, r.period, r.period);
          const total = reference(leads, costs, query, r.period, zone, all, targets, null, seenTo);
          expectRow(r.total, total, 'total', ids);
          if (r.previousPeriod && r.total.previous) {
            const prevSeenTo = observedTo(now.getTime(), zone, r.period, r.previousPeriod);
            const prev = reference(
              leads,
              costs,
              query,
              r.previousPeriod,
              zone,
              all,
              targets,
              null,
              prevSeenTo,
            );
            expectRow({ ...r.total, values: r.total.previous }, prev, 'previous', ids);
          }
          if (by?.kind === 'dimension') {
            const d = by.dimension;
            const onCosts = (COST_DIMENSIONS as readonly string[]).includes(d);
            for (const row of r.rows) {
              const key = keyOf(d, row.key);
              const member: Member = {
                lead: isLeadDimension(d) ? (l) => keyOf(d, l[d]) === key : null,
                cost: onCosts
                  ? (c) => keyOf(d, (c as Record<string, unknown>)[d] as string | null) === key
                  : null,
              };
              const want = reference(
                leads,
                costs,
                query,
                r.period,
                zone,
                member,
                targets,
                total.revenue,
                seenTo,
              );
              expectRow(row, want, `row ${row.label}`, ids);
            }
          }
          if (by?.kind === 'time') {
            for (const row of r.rows) {
              const key = row.label;
              const member: Member = {
                lead: (_l, day) => bucketOf(by.grain, day) === key,
                cost: (c) => bucketOf(by.grain, c.date) === key,
              };
              const want = reference(
                leads,
                costs,
                query,
                r.period,
                zone,
                member,
                targets,
                total.revenue,
                seenTo,
              );
              expectRow(row, want, `bucket ${key}`, ids);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
