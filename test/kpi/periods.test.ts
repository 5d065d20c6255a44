import { describe, expect, it } from 'vitest';
import { resolvePeriod, timeBuckets } from '../../src/kpi/periods.ts';
import type { PeriodSpec } from '../../src/kpi/query.ts';

const HOUR = 3_600_000;
const resolve = (spec: PeriodSpec, now: string, zone = 'Europe/Paris') => {
  const r = resolvePeriod(spec, new Date(now), zone);
  if (!r.ok) throw r.error;
  return r.value;
};
const span = (spec: PeriodSpec, now: string, zone = 'Europe/Paris') => {
  const { current, previous } = resolve(spec, now, zone);
  return [current.from, current.to, previous?.from, previous?.to];
};

describe('periods in the workspace time zone', () => {
  it('today follows the zone, not UTC', () => {
    // 23:30 UTC on 31 Oct is already 1 Nov in Paris, still 31 Oct in New York.
    expect(span({ kind: 'relative', name: 'today' }, '2026-10-31T23:30:00Z')).toEqual([
      '2026-11-01',
      '2026-11-01',
      '2026-10-31',
      '2026-10-31',
    ]);
    expect(span({ kind: 'relative', name: 'today' }, '2026-10-31T23:30:00Z', 'America/New_York')[0]).toBe(
      '2026-10-31',
    );
  });

  it('handles DST changes: 23- and 25-hour days in Paris and New York', () => {
    const spring = resolve(
      { kind: 'range', from: '2026-03-29', to: '2026-03-29' },
      '2026-04-10T10:00:00Z',
    ).current;
    expect(spring.endMs - spring.startMs).toBe(23 * HOUR);
    expect(spring.startMs).toBe(Date.UTC(2026, 2, 28, 23));
    const autumn = resolve(
      { kind: 'range', from: '2026-10-25', to: '2026-10-25' },
      '2026-11-10T10:00:00Z',
    ).current;
    expect(autumn.endMs - autumn.startMs).toBe(25 * HOUR);
    const ny = 'America/New_York';
    const nySpring = resolve(
      { kind: 'range', from: '2026-03-08', to: '2026-03-08' },
      '2026-04-10T10:00:00Z',
      ny,
    ).current;
    expect(nySpring.endMs - nySpring.startMs).toBe(23 * HOUR);
    const nyAutumn = resolve(
      { kind: 'range', from: '2026-11-01', to: '2026-11-01' },
      '2026-11-10T10:00:00Z',
      ny,
    ).current;
    expect(nyAutumn.endMs - nyAutumn.startMs).toBe(25 * HOUR);
    expect(nyAutumn.startMs).toBe(Date.UTC(2026, 10, 1, 4));
    // A whole ISO week across the change is still Monday to Sunday.
    expect(span({ kind: 'relative', name: 'this-week' }, '2026-03-29T20:00:00Z')).toEqual([
      '2026-03-23',
      '2026-03-29',
      '2026-03-16',
      '2026-03-22',
    ]);
  });

  it('knows ISO week 53 of 2026 and rejects week 53 of 2027', () => {
    expect(span({ kind: 'iso-week', year: 2026, week: 53 }, '2027-02-01T10:00:00Z')).toEqual([
      '2026-12-28',
      '2027-01-03',
      '2026-12-21',
      '2026-12-27',
    ]);
    expect(resolve({ kind: 'iso-week', year: 2026, week: 53 }, '2027-02-01T10:00:00Z').current.label).toBe(
      '2026-W53',
    );
    expect(span({ kind: 'iso-week', year: 2027, week: 1 }, '2027-02-01T10:00:00Z')[2]).toBe('2026-12-28');
    expect(span({ kind: 'relative', name: 'last-week' }, '2027-01-06T10:00:00Z').slice(0, 2)).toEqual([
      '2026-12-28',
      '2027-01-03',
    ]);
    expect(resolvePeriod({ kind: 'iso-week', year: 2027, week: 53 }, new Date(), 'UTC').ok).toBe(false);
  });

  it('handles the leap day', () => {
    expect(span({ kind: 'range', from: '2028-02-29', to: '2028-02-29' }, '2028-03-05T10:00:00Z')).toEqual([
      '2028-02-29',
      '2028-02-29',
      '2028-02-28',
      '2028-02-28',
    ]);
    expect(resolvePeriod({ kind: 'range', from: '2027-02-29', to: '2027-03-01' }, new Date(), 'UTC').ok).toBe(
      false,
    );
    expect(span({ kind: 'month', year: 2028, month: 2 }, '2028-03-05T10:00:00Z')).toEqual([
      '2028-02-01',
      '2028-02-29',
      '2028-01-01',
      '2028-01-31',
    ]);
    // mtd on 31 March against February: clamped to February's end.
    expect(span({ kind: 'relative', name: 'mtd' }, '2028-03-31T10:00:00Z')).toEqual([
      '2028-03-01',
      '2028-03-31',
      '2028-02-01',
      '2028-02-29',
    ]);
  });

  it('compares mtd, qtd and ytd with the same number of days', () => {
    expect(span({ kind: 'relative', name: 'mtd' }, '2026-05-10T10:00:00Z')).toEqual([
      '2026-05-01',
      '2026-05-10',
      '2026-04-01',
      '2026-04-10',
    ]);
    expect(span({ kind: 'relative', name: 'mtd' }, '2026-05-31T10:00:00Z').slice(2)).toEqual([
      '2026-04-01',
      '2026-04-30',
    ]);
    expect(span({ kind: 'relative', name: 'qtd' }, '2026-08-15T10:00:00Z')).toEqual([
      '2026-07-01',
      '2026-08-15',
      '2026-04-01',
      '2026-05-16', // 46 days each
    ]);
    expect(span({ kind: 'relative', name: 'ytd' }, '2026-03-01T10:00:00Z')).toEqual([
      '2026-01-01',
      '2026-03-01',
      '2025-01-01',
      '2025-03-01',
    ]);
  });

  it('resolves months, quarters, years and windows with their previous periods', () => {
    expect(span({ kind: 'quarter', year: 2026, quarter: 3 }, '2026-11-01T10:00:00Z')).toEqual([
      '2026-07-01',
      '2026-09-30',
      '2026-04-01',
      '2026-06-30',
    ]);
    expect(span({ kind: 'quarter', year: 2026, quarter: 1 }, '2026-11-01T10:00:00Z').slice(2)).toEqual([
      '2025-10-01',
      '2025-12-31',
    ]);
    expect(span({ kind: 'month', year: 2026, month: 1 }, '2026-11-01T10:00:00Z').slice(2)).toEqual([
      '2025-12-01',
      '2025-12-31',
    ]);
    expect(span({ kind: 'relative', name: 'last-month' }, '2026-03-31T10:00:00Z')).toEqual([
      '2026-02-01',
      '2026-02-28',
      '2026-01-01',
      '2026-01-31',
    ]);
    expect(span({ kind: 'last-days', days: 7 }, '2026-11-02T10:00:00Z')).toEqual([
      '2026-10-27',
      '2026-11-02',
      '2026-10-20',
      '2026-10-26',
    ]);
    expect(
      span({ kind: 'range', from: '2026-10-01', to: '2026-10-10' }, '2026-11-02T10:00:00Z').slice(2),
    ).toEqual(['2026-09-21', '2026-09-30']);
    expect(resolve({ kind: 'relative', name: 'all' }, '2026-11-02T10:00:00Z').previous).toBeNull();
  });

  it('rejects impossible periods with a typed error', () => {
    for (const spec of [
      { kind: 'month', year: 2026, month: 13 },
      { kind: 'quarter', year: 2026, quarter: 5 },
      { kind: 'iso-week', year: 2026, week: 0 },
      { kind: 'range', from: '2026-10-10', to: '2026-10-01' },
      { kind: 'last-days', days: 0 },
    ] as PeriodSpec[]) {
      const r = resolvePeriod(spec, new Date('2026-11-02T10:00:00Z'), 'UTC');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('period_invalid');
    }
  });

  it('cuts periods into day, ISO week and month buckets', () => {
    const q = resolve({ kind: 'quarter', year: 2026, quarter: 4 }, '2027-01-10T10:00:00Z').current;
    expect(timeBuckets(q, 'month').keys).toEqual(['2026-10', '2026-11', '2026-12']);
    const weeks = timeBuckets(q, 'week');
    expect(weeks.labels[0]).toBe('2026-W40');
    expect(weeks.labels.at(-1)).toBe('2026-W53');
    expect(timeBuckets(q, 'day').keys).toHaveLength(92);
  });
});
