import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/file.ts';
import { ingestRows } from '../../src/ingest/rows.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Cost } from '../../src/model/cost.ts';
import { FIXTURE_OPTIONS, FIXTURES, ingestFixture } from '../fixtures/load.ts';
import { balance, options, tmpDir, writeFile } from './support.ts';

const cents = (costs: readonly Cost[]): number => Math.round(costs.reduce((s, c) => s + c.amount, 0) * 100);
const sum = (costs: readonly Cost[], f: (c: Cost) => number | null): number =>
  costs.reduce((s, c) => s + (f(c) ?? 0), 0);

describe('a Meta export by ad, age and gender', () => {
  const file = 'meta-ads/meta-age-gender.csv';

  it('keeps every row, those with identical metrics included: its sums are the export’s', async () => {
    const { report, costs } = await ingestFixture(file);
    expect(report.error).toBeNull();
    expect(report.preset?.id).toBe('meta-ads');
    expect(report).toMatchObject({ rowsRead: 16, accepted: 16, merged: 0, skipped: 0 });
    expect(report.mergedExamples).toEqual([]);
    // Expected sums, computed apart from the code (test/fixtures/README.md): 80.55 EUR, 5 552 impressions, 72 clicks.
    expect(cents(costs)).toBe(8055);
    expect(sum(costs, (c) => c.impressions)).toBe(5552);
    expect(sum(costs, (c) => c.clicks)).toBe(72);
    const sameMetrics = costs.filter((c) => c.amount === 4.1 && c.impressions === 210 && c.clicks === 3);
    expect(sameMetrics).toHaveLength(6);
    expect(new Set(sameMetrics.map((c) => `${c.audience}|${c.age}|${c.gender}|${c.date}`)).size).toBe(6);
    expect(costs[0]).toMatchObject({
      campaign: 'Lead Gen - Nov',
      audience: 'FR 25-44 interests',
      ad: 'Video A',
      age: '25-34',
      gender: 'female',
      date: '2026-11-16',
    });
  });

  it('appended to itself, merges exactly the repeated rows and names them', async () => {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const body = text.split('\n').slice(1).join('\n');
    const path = writeFile(tmpDir(), 'twice.csv', text + body);
    const sink = new MemorySink();
    const report = await ingestFile(path, FIXTURE_OPTIONS, sink);
    expect(report).toMatchObject({ rowsRead: 32, accepted: 16, merged: 16 });
    expect(balance(report)).toBe(report.rowsRead);
    // Row 18 (the first repeated row, after the header and 16 rows) repeats row 2.
    expect(report.mergedExamples.slice(0, 2)).toEqual([
      { row: 18, firstRow: 2 },
      { row: 19, firstRow: 3 },
    ]);
    expect(cents(sink.costList())).toBe(8055);
  });

  it('answers spend by age and by gender; lead metrics per bracket are n/a, the total keeps them', async () => {
    const { costs } = await ingestFixture(file);
    const snapshot = buildSnapshot([], costs, {
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      dataVersion: 't',
    });
    const query = (dimension: 'age' | 'gender'): Query => ({
      metrics: ['spend', 'leads', 'cpl'],
      filters: [],
      by: { kind: 'dimension', dimension },
      period: { kind: 'month', year: 2026, month: 11 },
      compare: null,
      view: 'flow',
    });
    const ctx = { now: new Date('2026-12-01T00:00:00Z'), targets: DEFAULT_TARGETS };
    const byAge = runQuery(snapshot, query('age'), ctx);
    if (!byAge.ok) throw byAge.error;
    const spend = Object.fromEntries(byAge.value.rows.map((r) => [r.label, r.values.spend.value]));
    expect(spend).toEqual({ '18-24': 8.2, '25-34': 52, '35-44': 16.4, '45-54': 2.75, '65+': 1.2 });
    expect(byAge.value.total.values.spend.value).toBeCloseTo(80.55, 9);
    expect(byAge.value.rows[0]?.values.cpl.na?.code).toBe('no_lead_dimension');
    expect(byAge.value.total.values.leads.value).toBe(0);
    const byGender = runQuery(snapshot, query('gender'), ctx);
    if (!byGender.ok) throw byGender.error;
    const gender = Object.fromEntries(byGender.value.rows.map((r) => [r.label, r.values.spend.value]));
    expect(gender.female).toBeCloseTo(46.7, 9);
    expect(gender.male).toBeCloseTo(33.4, 9);
    expect(gender.unknown).toBeCloseTo(0.45, 9);
  });
});

describe('only true duplicates merge', () => {
  // A column the preset does not read (TEST_SPEND has no region) still tells rows apart.
  const header = ['Day', 'Campaign', 'Region', 'Cost'];

  it('rows equal in every mapped field but apart in an unmapped one are all kept', async () => {
    const rows = [
      ['2026-03-01', 'Spring', 'Île-de-France', '10.00'],
      ['2026-03-01', 'Spring', 'Bretagne', '10.00'],
      ['2026-03-01', 'Spring', 'Bretagne', '10.00'],
    ];
    const sink = new MemorySink();
    const report = await ingestRows('regions', header, rows, options(), sink);
    expect(report).toMatchObject({ accepted: 2, merged: 1 });
    expect(report.mergedExamples).toEqual([{ row: 4, firstRow: 3 }]);
    expect(cents(sink.costList())).toBe(2000);
  });

  it('any multiset of distinct rows keeps the sums of the distinct rows exactly', async () => {
    const rowArb = fc.record({
      day: fc.integer({ min: 1, max: 9 }),
      campaign: fc.constantFrom('Spring', 'spring', 'Brand', 'Été 2026'),
      region: fc.constantFrom('', 'Bretagne', 'Occitanie', 'Île-de-France', '25-34', 'female'),
      cents: fc.integer({ min: 0, max: 500_000 }),
    });
    const cells = (r: { day: number; campaign: string; region: string; cents: number }) => [
      `2026-03-0${r.day}`,
      r.campaign,
      r.region,
      (r.cents / 100).toFixed(2),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(rowArb, { selector: (r) => cells(r).join('\u0000'), maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        async (distinct, repeats) => {
          // Each distinct row once, then repeats of some of them, spread through the file.
          const multiset = distinct.map(cells);
          for (const [k, r] of repeats.entries()) {
            if (distinct.length === 0) break;
            multiset.splice(k % (multiset.length + 1), 0, cells(distinct[r % distinct.length]!));
          }
          const sink = new MemorySink();
          const report = await ingestRows('multiset', header, multiset, options(), sink);
          expect(report.accepted).toBe(distinct.length);
          expect(report.merged).toBe(multiset.length - distinct.length);
          expect(cents(sink.costList())).toBe(distinct.reduce((s, r) => s + r.cents, 0));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Meta delivery and time breakdowns', () => {
  it('reads platform and placement as one placement, the time of day as an hour, the device', async () => {
    const header = [
      'Reporting starts',
      'Reporting ends',
      'Day',
      'Campaign name',
      'Platform',
      'Placement',
      'Impression device',
      'Time of day (ad account time zone)',
      'Amount spent (EUR)',
    ];
    const rows = [
      [
        '2026-11-16',
        '2026-11-16',
        '2026-11-16',
        'Lead Gen',
        'instagram',
        'Stories',
        'iphone',
        '09:00:00 - 09:59:59',
        '3.10',
      ],
      [
        '2026-11-16',
        '2026-11-16',
        '2026-11-16',
        'Lead Gen',
        'facebook',
        'Feed',
        'iphone',
        '09:00:00 - 09:59:59',
        '3.10',
      ],
      [
        '2026-11-16',
        '2026-11-16',
        '2026-11-16',
        'Lead Gen',
        'facebook',
        'Feed',
        'desktop',
        '21:00:00 - 21:59:59',
        '3.10',
      ],
      [
        '2026-11-16',
        '2026-11-16',
        '2026-11-16',
        'Lead Gen',
        'audience_network',
        '',
        'android_smartphone',
        '21:00:00 - 21:59:59',
        '0.40',
      ],
    ];
    const sink = new MemorySink();
    const report = await ingestRows('meta-delivery', header, rows, { ...FIXTURE_OPTIONS }, sink);
    expect(report.preset?.id).toBe('meta-ads');
    expect(report).toMatchObject({ accepted: 4, merged: 0 });
    expect(sink.costList().map((c) => [c.placement, c.device, c.hour])).toEqual([
      ['instagram Stories', 'iphone', '09'],
      ['facebook Feed', 'iphone', '09'],
      ['facebook Feed', 'desktop', '21'],
      ['audience_network', 'android_smartphone', '21'],
    ]);
    expect(cents(sink.costList())).toBe(970);
  });
});
