import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeChange, formatSignedPercent } from '../../src/kpi/change.ts';
import { formatCompact } from '../../src/kpi/format.ts';
import { layoutAnswer } from '../../src/kpi/layout.ts';
import { NaNotes } from '../../src/kpi/notes.ts';
import { buildPeriod } from '../../src/kpi/periods.ts';
import type { MetricId, Query } from '../../src/kpi/query.ts';
import { type MetricValue, metricValue, type QueryResult, type ResultRow } from '../../src/kpi/result.ts';
import { presentationSort, sortRows } from '../../src/kpi/sort.ts';
import { datesInWords, metricsInWords, periodInWords, questionInWords } from '../../src/kpi/words.ts';

const value = (v: number | null): MetricValue => metricValue(v, 'no_spend');
const row = (label: string, values: Partial<Record<MetricId, number | null>>): ResultRow => ({
  key: label === '(none)' ? null : label,
  label,
  values: Object.fromEntries(Object.entries(values).map(([id, v]) => [id, value(v ?? null)])) as Record<
    MetricId,
    MetricValue
  >,
});

const QUERY: Query = {
  metrics: ['cpl', 'roi'],
  filters: [],
  by: { kind: 'dimension', dimension: 'campaign' },
  period: { kind: 'month', year: 2026, month: 10 },
  compare: null,
  view: 'flow',
};

function result(rows: ResultRow[], query: Partial<Query> = {}): QueryResult {
  return {
    query: { ...QUERY, ...query },
    period: buildPeriod('2026-10-01', '2026-10-31', 'Europe/Paris', '2026-10'),
    previousPeriod: null,
    total: row('total', { cpl: 1, roi: 1 }),
    rows,
    currency: 'EUR',
    view: 'flow',
    dataVersion: '1',
    generatedAt: 0,
  };
}

describe('sortRows', () => {
  const rowsArb = fc.array(
    fc.record({
      label: fc.string({ minLength: 1, maxLength: 6 }),
      cpl: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }),
    }),
    { maxLength: 30 },
  );

  it('orders by value in either direction, n/a last, and loses no row (property)', () => {
    fc.assert(
      fc.property(rowsArb, fc.constantFrom<'asc' | 'desc'>('asc', 'desc'), (raw, direction) => {
        const rows = raw.map((r) => row(r.label, { cpl: r.cpl }));
        const sorted = sortRows(rows, { by: 'cpl', direction });
        expect(sorted).toHaveLength(rows.length);
        expect(new Set(sorted)).toEqual(new Set(rows));
        const values = sorted.map((r) => r.values.cpl.value);
        const firstNa = values.indexOf(null);
        if (firstNa >= 0) expect(values.slice(firstNa).every((v) => v === null)).toBe(true);
        const numbers = values.filter((v): v is number => v !== null);
        for (let i = 1; i < numbers.length; i++) {
          const [a, b] = [numbers[i - 1] ?? 0, numbers[i] ?? 0];
          expect(direction === 'asc' ? a <= b : a >= b).toBe(true);
        }
      }),
    );
  });

  it('sorts labels naturally and keeps "(none)" last', () => {
    const rows = ['Campaign 10', '(none)', 'campaign 2', 'Été'].map((l) => row(l, { cpl: 1 }));
    expect(sortRows(rows, { by: 'label', direction: 'asc' }).map((r) => r.label)).toEqual([
      'campaign 2',
      'Campaign 10',
      'Été',
      '(none)',
    ]);
    expect(sortRows(rows, { by: 'label', direction: 'desc' }).map((r) => r.label)).toEqual([
      'Été',
      'Campaign 10',
      'campaign 2',
      '(none)',
    ]);
  });

  it('shows the largest first by default: the worst cost, the best return', () => {
    expect(presentationSort(QUERY)).toEqual({ by: 'cpl', direction: 'desc' });
    expect(presentationSort({ ...QUERY, metrics: ['roi'] })).toEqual({ by: 'roi', direction: 'desc' });
    expect(presentationSort({ ...QUERY, by: { kind: 'time', grain: 'week' } })).toBeNull();
    expect(presentationSort({ ...QUERY, sort: { by: 'label', direction: 'asc' } })).toEqual({
      by: 'label',
      direction: 'asc',
    });
  });
});

describe('layoutAnswer', () => {
  const rows = [
    row('A', { cpl: 10, roi: 1 }),
    row('B', { cpl: 30, roi: null }),
    row('C', { cpl: null, roi: 5 }),
    row('D', { cpl: null, roi: null }),
    row('E', { cpl: null, roi: null }),
    row('F', { cpl: 20, roi: 2 }),
  ];

  it('sorts, cuts to the top rows, folds groups with no number and finds the extremes', () => {
    const layout = layoutAnswer(result(rows), 2);
    expect(layout.rows.map((r) => r.label)).toEqual(['B', 'F']);
    expect(layout.more).toBe(2);
    expect(layout.empty).toEqual({ count: 2, reason: 'no_spend' });
    expect(layout.extremes?.highest.label).toBe('B');
    expect(layout.extremes?.lowest.label).toBe('A');
  });

  it('keeps the latest buckets of a trend it has to cut', () => {
    const weeks = ['2026-W40', '2026-W41', '2026-W42', '2026-W43'].map((w, i) => row(w, { cpl: i, roi: 1 }));
    const layout = layoutAnswer(result(weeks, { by: { kind: 'time', grain: 'week' } }), 2);
    expect(layout.rows.map((r) => r.label)).toEqual(['2026-W42', '2026-W43']);
    expect(layout.more).toBe(2);
  });

  it('never folds time buckets, and has no extremes with one valued group', () => {
    const layout = layoutAnswer(result(rows.slice(2, 5), { by: { kind: 'time', grain: 'week' } }));
    expect(layout.rows).toHaveLength(3);
    expect(layout.empty.count).toBe(0);
    expect(layout.extremes).toBeNull();
  });
});

describe('NaNotes', () => {
  it('numbers each reason once, in order of appearance', () => {
    const notes = new NaNotes('en');
    expect(notes.cell(metricValue(null, 'no_spend'))).toBe('n/a¹');
    expect(notes.cell(metricValue(null, 'no_customers'))).toBe('n/a²');
    expect(notes.cell(metricValue(null, 'no_spend'))).toBe('n/a¹');
    expect(notes.cell(metricValue(3, 'no_spend'))).toBeNull();
    expect(notes.notes().map((n) => n.text)).toEqual([
      '¹ n/a: no media spend in the period',
      '² n/a: no customers in the period',
    ]);
  });

  it('never shows a share above 100 % without saying why; a return may pass 100 %', () => {
    const notes = new NaNotes('en');
    expect(notes.flag('sql_to_customer', metricValue(128.6, 'no_sql'))).toBe('¹');
    expect(notes.flag('mql_to_sql', metricValue(140, 'no_mql'))).toBe('¹');
    expect(notes.flag('mql_to_sql', metricValue(100, 'no_mql'))).toBe('');
    expect(notes.flag('roi', metricValue(312, 'no_cost'))).toBe('');
    expect(notes.flag('cpl', metricValue(312, 'no_leads'))).toBe('');
    expect(notes.notes()).toHaveLength(1);
    expect(notes.notes()[0]?.text).toMatch(/^¹ over 100 %: the flow view counts .* view=cohort/);
  });
});

describe('changes', () => {
  it('reads a change against the better direction, as the digest does', () => {
    expect(describeChange(0.25, 'down', 'en')).toEqual({
      arrow: '▲',
      signed: '+25%',
      tone: 'bad',
      warn: true,
    });
    expect(describeChange(-0.045, 'down', 'en')).toEqual({
      arrow: '▼',
      signed: '−4.5%',
      tone: 'good',
      warn: false,
    });
    expect(describeChange(0.3, 'neutral', 'fr')).toMatchObject({ signed: '+30\u00a0%', tone: 'neutral' });
    expect(describeChange(0, 'up', 'en')).toMatchObject({ arrow: '=', tone: 'neutral' });
    expect(formatSignedPercent(-0.19, 'en')).toBe('−19%');
  });
});

describe('compact numbers', () => {
  const v = (n: number) => metricValue(n, 'no_spend');
  it('drops cents from 100 up and writes millions short', () => {
    expect(formatCompact('cpl', v(52.1), 'en', 'EUR')).toBe('€52.10');
    expect(formatCompact('cac', v(1204.4), 'en', 'EUR')).toBe('€1,204');
    expect(formatCompact('spend', v(2_345_678), 'en', 'EUR')).toBe('€2.3M');
    expect(formatCompact('cac', v(1204.4), 'fr', 'EUR')).toBe('1\u00a0204\u00a0€');
    expect(formatCompact('roi', v(312.4), 'en', 'EUR')).toBe('312%');
    expect(formatCompact('conv', v(2.34), 'en', 'EUR')).toBe('2.3%');
    expect(formatCompact('leads', v(1_500_000), 'en', 'EUR')).toBe('1.5M');
    expect(formatCompact('cycle', v(12.4), 'fr', 'EUR')).toBe('12\u00a0j');
    expect(formatCompact('cpl', metricValue(null, 'no_leads'), 'fr', 'EUR')).toBe('n/d');
  });
});

describe('words', () => {
  it('says the question and its period in words, in English and French', () => {
    const r = result([], { metrics: ['cpl', 'cac', 'roi'] });
    expect(questionInWords(r, 'en')).toBe('CPL, CAC and ROI by campaign · October 2026');
    expect(questionInWords(r, 'fr')).toBe('CPL, CAC et ROI par campagne · octobre 2026');
    expect(metricsInWords(['leads', 'valid', 'mql', 'sql', 'customers', 'cpl', 'cac'], 'en')).toBe(
      'Leads, Valid, MQL, SQL and 3 more',
    );
  });

  it('names relative periods with their dates', () => {
    const week = buildPeriod('2026-10-26', '2026-11-01', 'Europe/Paris', '2026-W44');
    expect(periodInWords(week, 'en', { kind: 'relative', name: 'last-week' })).toBe(
      'last week (Oct 26 – Nov 1, 2026)',
    );
    expect(periodInWords(week, 'fr')).toBe('semaine 44 de 2026');
    const days = buildPeriod('2026-10-03', '2026-11-01', 'Europe/Paris');
    expect(periodInWords(days, 'fr', { kind: 'last-days', days: 30 })).toBe(
      '30 derniers jours (3 oct. – 1 nov. 2026)',
    );
    const one = buildPeriod('2026-11-01', '2026-11-01', 'Europe/Paris');
    expect(periodInWords(one, 'fr', { kind: 'last-days', days: 1 })).toBe('dernier jour (1 nov. 2026)');
    expect(periodInWords(one, 'en', { kind: 'last-days', days: 1 })).toBe('last day (Nov 1, 2026)');
    expect(periodInWords(buildPeriod('2026-07-01', '2026-09-30', 'UTC', '2026-Q3'), 'fr')).toBe('T3 2026');
    expect(datesInWords('2026-11-02', '2026-11-02', 'en')).toBe('Nov 2, 2026');
  });
});
