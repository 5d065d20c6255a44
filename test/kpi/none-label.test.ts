import { describe, expect, it } from 'vitest';
import { runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { explainChange } from '../../src/kpi/why.ts';
import { lead } from './rows.ts';

const now = new Date('2026-11-02T12:00:00Z');
const snapshot = buildSnapshot(
  [
    lead({ campaign: 'Spring Sale' }),
    lead({ campaign: null }),
    lead({ campaign: null }),
    lead({ campaign: null, createdAt: Date.UTC(2026, 8, 5, 10) }),
  ],
  [],
  { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: 'n' },
);
const query: Query = {
  metrics: ['leads'],
  filters: [],
  by: { kind: 'dimension', dimension: 'campaign' },
  period: { kind: 'month', year: 2026, month: 10 },
  compare: null,
  view: 'flow',
};

describe('the group of rows without a value', () => {
  it("is named in the asker's language, keyed null, and counted", () => {
    const labels = (locale?: 'en' | 'fr') => {
      const r = runQuery(snapshot, query, {
        now,
        targets: { ltvCacRatio: 3 },
        ...(locale ? { locale } : {}),
      });
      if (!r.ok) throw r.error;
      return r.value.rows.map((row) => [row.key, row.label, row.values.leads.value]);
    };
    expect(labels('fr')).toEqual([
      ['Spring Sale', 'Spring Sale', 1],
      [null, '(aucun)', 2],
    ]);
    expect(labels('en')).toEqual([
      ['Spring Sale', 'Spring Sale', 1],
      [null, '(none)', 2],
    ]);
    expect(labels()).toEqual(labels('en'));
  });

  it('is named in French in a French `why` too', () => {
    const r = explainChange(
      snapshot,
      {
        metric: 'leads',
        filters: [],
        period: { kind: 'month', year: 2026, month: 10 },
        against: { kind: 'month', year: 2026, month: 9 },
        by: 'campaign',
        view: 'flow',
      },
      { now, targets: { ltvCacRatio: 3 }, locale: 'fr' },
    );
    if (!r.ok) throw r.error;
    expect(r.value.drivers.find((d) => d.key === null)?.label).toBe('(aucun)');
  });
});
