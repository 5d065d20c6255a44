import { describe, expect, it } from 'vitest';
import { runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import type { QueryResult } from '../../src/kpi/result.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Lead } from '../../src/model/lead.ts';
import { lead } from './rows.ts';

const now = new Date('2026-11-02T12:00:00Z');
const at = (day: number): number => Date.UTC(2026, 9, day, 10);

function winrate(leads: Lead[], q: Partial<Query> = {}): QueryResult {
  const snapshot = buildSnapshot(leads, [], { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: 'w' });
  const query: Query = {
    metrics: ['winrate'],
    filters: [],
    by: null,
    period: { kind: 'month', year: 2026, month: 10 },
    compare: null,
    view: 'flow',
    ...q,
  };
  const r = runQuery(snapshot, query, { now, targets: { ltvCacRatio: 3 } });
  if (!r.ok) throw r.error;
  return r.value;
}

describe('win rate', () => {
  it('is n/a (no_lost_data) when no lead of the data carries a lost date, not 100 %', () => {
    // E.g. a contacts export: wins are dated, losses never are.
    const leads = [lead({ customerAt: at(9) }), lead({ customerAt: at(12) }), lead({})];
    for (const view of ['flow', 'cohort'] as const) {
      const r = winrate(leads, { view, by: { kind: 'dimension', dimension: 'source' } });
      expect(r.total.values.winrate.value).toBeNull();
      expect(r.total.values.winrate.na).toEqual({
        code: 'no_lost_data',
        messageKey: 'kpi.na.no_lost_data',
      });
      expect(r.rows[0]?.values.winrate.na?.code).toBe('no_lost_data');
    }
  });

  it('is a real 100 % for a scope with wins and no losses when the data carries losses elsewhere', () => {
    const leads = [
      lead({ campaign: 'A', customerAt: at(9) }),
      lead({ campaign: 'A', customerAt: at(12) }),
      lead({ campaign: 'B', lostAt: at(14) }),
      lead({ campaign: 'B', customerAt: at(15) }),
    ];
    const total = winrate(leads);
    expect(total.total.values.winrate.value).toBe(75);
    const onA = winrate(leads, { filters: [{ dimension: 'campaign', values: ['A'] }] });
    expect(onA.total.values.winrate).toEqual({ value: 100, na: null });
  });

  it('keeps no_closed when the data has losses but the scope has neither wins nor losses', () => {
    const leads = [lead({ lostAt: at(3) }), lead({ createdAt: Date.UTC(2026, 8, 3, 10) })];
    const r = winrate(leads, { period: { kind: 'month', year: 2026, month: 9 } });
    expect(r.total.values.winrate.na?.code).toBe('no_closed');
  });
});
