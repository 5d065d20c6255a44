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
});
