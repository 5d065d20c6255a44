import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestRows } from '../../src/ingest/rows.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import type { Cost } from '../../src/model/cost.ts';

const cents = (costs: Iterable<Cost>): number => {
  let sum = 0;
  for (const c of costs) sum += Math.round(c.amount * 100);
  return sum;
};
const OPTIONS = { timeZone: 'Europe/Paris', currency: 'EUR' };
const CAMPAIGNS = ['Spring Sale', 'Brand - FR', 'Retargeting'] as const;

// One campaign-day of spend: at campaign level one row, at ad-group level split over ad groups.
const dayArb = fc.record({
  campaign: fc.constantFrom(...CAMPAIGNS),
  day: fc.integer({ min: 1, max: 9 }),
  parts: fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 1, maxLength: 3 }),
});
type Day = { campaign: string; day: number; parts: number[] };
const key = (d: Day) => `${d.campaign}|${d.day}`;
const iso = (d: Day) => `2026-03-0${d.day}`;
const money = (c: number) => (c / 100).toFixed(2);

describe('never double count (property)', () => {
  it('a campaign report and an ad-group report add up only when they share no campaign-day', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(dayArb, { selector: key, maxLength: 8 }),
        fc.uniqueArray(dayArb, { selector: key, maxLength: 8 }),
        fc.boolean(),
        async (campaignDays, adGroupDays, adGroupsFirst) => {
          const campaignFile = () =>
            ingestRows(
              'campaign-report.csv',
              ['Campaign', 'Day', 'Cost'],
              campaignDays.map((d) => [d.campaign, iso(d), money(d.parts.reduce((s, p) => s + p, 0))]),
              OPTIONS,
              sink,
            );
          const adGroupFile = () =>
            ingestRows(
              'ad-group-report.csv',
              ['Ad group', 'Campaign', 'Day', 'Cost'],
              adGroupDays.flatMap((d) => d.parts.map((p, i) => [`Group ${i}`, d.campaign, iso(d), money(p)])),
              OPTIONS,
              sink,
            );
          const sink = new MemorySink();
          const first = await (adGroupsFirst ? adGroupFile() : campaignFile());
          const second = await (adGroupsFirst ? campaignFile() : adGroupFile());
          const firstDays = adGroupsFirst ? adGroupDays : campaignDays;
          const secondDays = adGroupsFirst ? campaignDays : adGroupDays;
          const total = (days: readonly Day[]) =>
            days.reduce((s, d) => s + d.parts.reduce((a, p) => a + p, 0), 0);
          expect(first.error).toBeNull();
          const firstKeys = new Set(firstDays.map(key));
          const shared = secondDays.some((d) => firstKeys.has(key(d)));
          if (shared) {
            expect(second.error?.code).toBe('double_count');
            expect(cents(sink.costs.values())).toBe(total(firstDays));
          } else {
            expect(second.error).toBeNull();
            expect(cents(sink.costs.values())).toBe(total(firstDays) + total(secondDays));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a Meta export by age and gender keeps every distinct row, however often metrics repeat', async () => {
    const header = [
      'Day',
      'Campaign name',
      'Ad set name',
      'Age',
      'Gender',
      'Amount spent (EUR)',
      'Impressions',
    ];
    // Few metric values, so that many distinct rows carry identical metrics.
    const rowArb = fc.record({
      day: fc.integer({ min: 1, max: 3 }),
      adSet: fc.constantFrom('FR 25-44', 'Lookalike 1%'),
      age: fc.constantFrom('18-24', '25-34', '35-44', '65+'),
      gender: fc.constantFrom('female', 'male', 'unknown'),
      metrics: fc.constantFrom([410, 210], [0, 0], [1240, 980]),
    });
    type Row = { day: number; adSet: string; age: string; gender: string; metrics: readonly number[] };
    const cells = (r: Row) => [
      `2026-11-0${r.day}`,
      'Lead Gen',
      r.adSet,
      r.age,
      r.gender,
      money(r.metrics[0] ?? 0),
      String(r.metrics[1]),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(rowArb, {
          selector: (r) => `${r.day}|${r.adSet}|${r.age}|${r.gender}`,
          maxLength: 30,
        }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (distinct, repeats) => {
          const rows = distinct.map(cells);
          for (const [k, r] of repeats.entries()) {
            if (distinct.length > 0)
              rows.splice(k % (rows.length + 1), 0, cells(distinct[r % distinct.length] as Row));
          }
          const sink = new MemorySink();
          const report = await ingestRows('meta-age-gender.csv', header, rows, OPTIONS, sink);
          expect(report.preset?.id).toBe('meta-ads');
          expect(report).toMatchObject({ accepted: distinct.length, merged: rows.length - distinct.length });
          expect(cents(sink.costs.values())).toBe(distinct.reduce((s, r) => s + (r.metrics[0] ?? 0), 0));
          for (const age of ['18-24', '25-34', '35-44', '65+']) {
            const stored = [...sink.costs.values()].filter((c) => c.age === age);
            const expected = distinct
              .filter((r) => r.age === age)
              .reduce((s, r) => s + (r.metrics[0] ?? 0), 0);
            expect(cents(stored)).toBe(expected);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
