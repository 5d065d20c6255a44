import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpendRows } from '../../src/data/spend-rows.ts';
import type { GrainDay } from '../../src/ingest/sink.ts';
import { SnapshotBuilder } from '../../src/kpi/snapshot.ts';
import { campaignKey } from '../../src/model/campaign.ts';
import type { Cost } from '../../src/model/cost.ts';
import { COST_DIMENSIONS } from '../../src/model/dimension.ts';
import { cost } from '../kpi/rows.ts';

const opts = { timeZone: 'Europe/Paris', currency: 'EUR' as const, dataVersion: '1' };

/** Spellings that share a dictionary code (folded or campaign keys), so the label chosen depends on the order coded. */
const text = fc.constantFrom(
  null,
  'Brand',
  'brand',
  'BRAND ',
  'Lead Gen US',
  'lead_gen_us',
  'Lead%20Gen%20US',
  'x',
);
const count = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 500 }));

/** A spend row with any of the cost dimensions filled or not, dates that may be impossible or spans. */
const row = fc.record({
  id: fc.integer({ min: 0, max: 40 }),
  dims: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: text }), {
    minLength: COST_DIMENSIONS.length,
    maxLength: COST_DIMENSIONS.length,
  }),
  date: fc.constantFrom('2026-10-05', '2026-10-01', '2026-02-30', '2026-12-31'),
  endDate: fc.constantFrom(null, '2026-10-07', '2026-09-01'),
  amount: fc.double({ min: -50, max: 5000, noNaN: true }),
  impressions: count,
  clicks: count,
  platformLeads: count,
  conversions: count,
  kind: fc.constantFrom('media', 'sales', 'tooling', 'other'),
});

describe('SpendRows.addTo', () => {
  it('gives the snapshot SnapshotBuilder.addCosts gives of the same rows (a record id written again replaces its row in place)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const spend = new SpendRows();
        const byId = new Map<string, Cost>();
        rows.forEach((r, line) => {
          const c = cost({
            recordId: `R${r.id}`,
            ...Object.fromEntries(COST_DIMENSIONS.map((d, i) => [d, r.dims[i]])),
            date: r.date,
            endDate: r.endDate,
            amount: r.amount,
            impressions: r.impressions,
            clicks: r.clicks,
            platformLeads: r.platformLeads,
            conversions: r.conversions,
            kind: r.kind as Cost['kind'],
          });
          spend.put(0, c, 'spend.csv', 1, line + 2);
          byId.set(c.recordId, c);
        });
        const viaRows = new SnapshotBuilder(opts);
        spend.addTo(viaRows);
        const got = viaRows.build();
        const want = new SnapshotBuilder(opts).addCosts(byId.values()).build();
        expect(got.costs).toEqual(want.costs);
        for (const d of COST_DIMENSIONS) {
          expect(got.dictionaries[d].labels).toEqual(want.dictionaries[d].labels);
          expect(got.dictionaries[d].keys).toEqual(want.dictionaries[d].keys);
        }
        expect([got.minDay, got.maxDay]).toEqual([want.minDay, want.maxDay]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('SpendRows.rowsOf', () => {
  it("counts each origin's rows held, as a pass over them would: a key written again counted once, rows the level check drops left out, a dropped key written again counted anew", () => {
    const step = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          put: fc.constant(true),
          origin: fc.integer({ min: 0, max: 2 }),
          id: fc.integer({ min: 0, max: 15 }),
          source: fc.constantFrom('google', 'bing'),
          campaign: fc.constantFrom('Brand', 'brand', null),
          date: fc.constantFrom('2026-10-01', '2026-10-02'),
          grain: fc.constantFrom('ad', 'campaign', null),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          put: fc.constant(false),
          grain: fc.constantFrom('ad', 'campaign'),
          source: fc.constantFrom('google', 'bing'),
          campaign: fc.constantFrom('Brand', null),
          date: fc.constantFrom('2026-10-01', '2026-10-02'),
        }),
      },
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const spend = new SpendRows();
        // The rows held by origin + id, as MemorySink keeps them.
        const held = new Map<string, { origin: number; grain: string | null; day: string }>();
        steps.forEach((s, line) => {
          if (s.put) {
            const c = cost({
              recordId: `R${s.id}`,
              source: s.source,
              campaign: s.campaign,
              date: s.date,
              grain: s.grain,
            });
            spend.put(s.origin, c, 'spend.csv', 1, line + 2);
            const day = `${s.source}|${s.campaign === null ? null : campaignKey(s.campaign)}|${s.date}|null`;
            held.set(`${s.origin}|${s.id}`, { origin: s.origin, grain: s.grain, day });
          } else {
            const days: GrainDay[] = [
              {
                source: s.source,
                campaignKey: s.campaign === null ? null : campaignKey(s.campaign),
                date: s.date,
                endDate: null,
                grain: s.grain,
                origin: 'x',
                name: 'x',
              },
            ];
            spend.dropOtherGrains(s.grain, days);
            const day = `${days[0]!.source}|${days[0]!.campaignKey}|${s.date}|null`;
            for (const [key, row] of held)
              if (row.grain !== null && row.grain !== s.grain && row.day === day) held.delete(key);
          }
        });
        for (let origin = 0; origin <= 3; origin++)
          expect(spend.rowsOf(origin)).toBe([...held.values()].filter((r) => r.origin === origin).length);
      }),
      { numRuns: 400 },
    );
  });
});
