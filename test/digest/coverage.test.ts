import { describe, expect, it } from 'vitest';
import { renderDigestText } from '../../src/digest/text.ts';
import { digestOf, NOW, steady, WEEK } from './scenario.ts';

const HOUR = 3_600_000;
const empty = (monday: string) =>
  monday === WEEK ? { ...steady(monday), leads: 0, valid: 0, mql: 0, sql: 0, customers: 0 } : steady(monday);

describe('a digest judges sources by the days their data reaches', () => {
  it('over a week the CRM export stops before: n/a, no −100 %, and it says where the data ends', () => {
    const digest = digestOf(empty, {
      sources: [
        { origin: 'hubspot-contacts', lastImportAt: NOW - HOUR, feeds: 'leads', lastDataDay: '2026-11-08' },
        { origin: 'google-ads', lastImportAt: NOW - HOUR, feeds: 'spend', lastDataDay: '2026-11-15' },
      ],
    });
    const item = (metric: string) => digest.headline.find((h) => h.metric === metric);
    for (const metric of ['leads', 'mql', 'customers', 'cpl', 'cac']) {
      expect(item(metric)?.value, metric).toBeNull();
      expect(item(metric)?.deltaRel, metric).toBeNull();
    }
    // Spend is covered: its number stands and is compared.
    expect(item('spend')?.value).toBeCloseTo(9000, 6);
    // 9 000 € both weeks: compared, and no change.
    expect(item('spend')?.deltaAbs).toBeCloseTo(0, 6);
    expect(digest.flags.filter((f) => f.kind === 'stale_source')).toEqual([
      {
        kind: 'stale_source',
        origin: 'hubspot-contacts',
        lastImportAt: NOW - HOUR,
        ageHours: 1,
        dataEndsOn: '2026-11-08',
        feeds: 'leads',
      },
    ]);
    for (const locale of ['en', 'fr'] as const) {
      const text = renderDigestText(digest, locale);
      expect(text).not.toMatch(/−100\s?%/);
    }
    expect(renderDigestText(digest, 'en')).toContain('No leads after 2026-11-08 in hubspot-contacts');
    expect(renderDigestText(digest, 'fr')).toContain(
      'Pas de leads après le 2026-11-08 dans hubspot-contacts',
    );
  });

  it('data that stops within the week keeps its numbers but compares none of them', () => {
    const digest = digestOf(steady, {
      sources: [
        { origin: 'crm', lastImportAt: NOW - HOUR, feeds: 'leads', lastDataDay: '2026-11-12' },
        { origin: 'ads', lastImportAt: NOW - HOUR, feeds: 'spend', lastDataDay: '2026-11-15' },
      ],
    });
    const leads = digest.headline.find((h) => h.metric === 'leads');
    expect(leads?.value).toBe(400);
    expect(leads?.deltaAbs).toBeNull();
    expect(leads?.stale).toBe(true);
    expect(digest.dataQuality.staleSources.map((s) => [s.origin, s.dataEndsOn])).toEqual([
      ['crm', '2026-11-12'],
    ]);
  });

  it('"fresh" is data to the end of the week, however long ago it was imported', () => {
    const longAgo = NOW - 400 * HOUR;
    const digest = digestOf(steady, {
      sources: [
        { origin: 'crm', lastImportAt: longAgo, feeds: 'leads', lastDataDay: '2026-11-15' },
        { origin: 'ads', lastImportAt: longAgo, feeds: 'spend', lastDataDay: '2026-11-15' },
      ],
    });
    expect(digest.dataQuality.staleSources).toEqual([]);
    expect(digest.headline.every((h) => !h.stale)).toBe(true);
    expect(renderDigestText(digest, 'en')).toContain('Every source has data to the end of the week.');
    // Without the data's days, the import's age still decides (400 h is stale).
    const unknown = digestOf(steady, {
      sources: [{ origin: 'crm', lastImportAt: longAgo, feeds: 'leads' }],
    });
    expect(unknown.dataQuality.staleSources.map((s) => s.origin)).toEqual(['crm']);
  });
});
