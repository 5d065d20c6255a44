import { describe, expect, it } from 'vitest';
import { dataEndsBefore, expectedLastDay } from '../../src/kpi/coverage.ts';
import type { ResolvedPeriod } from '../../src/kpi/result.ts';
import type { SourceCoverage } from '../../src/model/coverage.ts';

const period = (from: string, to: string): ResolvedPeriod => ({
  from,
  to,
  startMs: Date.parse(`${from}T00:00:00Z`),
  endMs: Date.parse(`${to}T00:00:00Z`) + 86_400_000,
  label: `${from} → ${to}`,
});
const source = (origin: string, lastDay: string): SourceCoverage => ({
  origin,
  side: 'leads',
  firstDay: '2026-06-01',
  lastDay,
});

describe('where the data can be expected to reach', () => {
  const last30 = period('2026-11-03', '2026-12-02');
  const morning = new Date('2026-12-02T08:00:00Z');

  it('is yesterday for a period that runs to today: an export of this morning is not stale', () => {
    expect(expectedLastDay(last30, morning, 'Europe/Paris')).toBe('2026-12-01');
    const fresh = [source('hubspot', '2026-12-01')];
    expect(dataEndsBefore(fresh, expectedLastDay(last30, morning, 'Europe/Paris'))).toEqual([]);
    // Data that stopped days ago is still named.
    const stale = [source('hubspot', '2026-11-22')];
    expect(dataEndsBefore(stale, expectedLastDay(last30, morning, 'Europe/Paris'))).toEqual([
      { side: 'leads', lastDay: '2026-11-22', origins: ['hubspot'] },
    ]);
  });

  it('is the last day of a period that ended before today', () => {
    expect(expectedLastDay(period('2026-10-01', '2026-10-31'), morning, 'Europe/Paris')).toBe('2026-10-31');
  });

  it('counts today in the workspace zone', () => {
    // 23:30 UTC on Dec 1 is already Dec 2 in Paris: yesterday there is Dec 1, in UTC Nov 30.
    const late = new Date('2026-12-01T23:30:00Z');
    expect(expectedLastDay(last30, late, 'Europe/Paris')).toBe('2026-12-01');
    expect(expectedLastDay(last30, late, 'UTC')).toBe('2026-11-30');
  });
});
