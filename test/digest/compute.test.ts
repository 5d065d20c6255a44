import { describe, expect, it } from 'vitest';
import { computeDigest } from '../../src/digest/compute.ts';
import type { SourceFreshness } from '../../src/digest/types.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Lead } from '../../src/model/lead.ts';
import { isAppError } from '../../src/shared/errors.ts';
import { TZ, type WeekPlan, weekLeads } from './rows.ts';
import { digestOf, NOW, SETTINGS, steady, WEEK } from './scenario.ts';

describe('computeDigest', () => {
  it('reports the last full ISO week against the previous week and the 4-week baseline', () => {
    const digest = digestOf(steady);
    expect(digest.week).toEqual({ year: 2026, week: 46, from: '2026-11-09', to: '2026-11-15' });
    expect(digest.previousPeriod).toEqual({ from: '2026-11-02', to: '2026-11-08' });
    expect(digest.baselinePeriod).toEqual({ from: '2026-10-05', to: '2026-11-01' });
    const leads = digest.headline.find((h) => h.metric === 'leads');
    expect(leads).toMatchObject({
      value: 400,
      previous: 400,
      baseline: 400,
      deltaAbs: 0,
      deltaRel: 0,
      stale: false,
    });
    const cac = digest.headline.find((h) => h.metric === 'cac');
    expect(cac?.value).toBeCloseTo(500);
    expect(digest.headline.find((h) => h.metric === 'roi')?.value).toBeCloseTo((18_000 - 9000) / 9000);
    expect(digest.stages.map((s) => [s.id, s.rate, s.volume])).toEqual([
      ['lead_to_valid', 0.9, 400],
      ['valid_to_mql', 0.5, 360],
      ['mql_to_sql', 0.4, 180],
      ['sql_to_customer', 0.25, 72],
    ]);
    expect(digest.trend).toHaveLength(8);
    expect(digest.trend.at(-1)).toMatchObject({ week: 46, leads: 400, mql: 180, sql: 72, customers: 18 });
  });

  it('says nothing notable when nothing changed', () => {
    const digest = digestOf(steady);
    expect(digest.flags).toEqual([]);
    expect(digest.nothingNotable).toBe(true);
    expect(digest.cacVsClv.overall).toMatchObject({ flagged: false, maxCac: 1000 });
  });

  it('flags a large, significant MQL→SQL drop above the minimum volume, and nothing else', () => {
    const digest = digestOf((m) => (m === WEEK ? { ...steady(m), sql: 30, customers: 8 } : steady(m)));
    const drops = digest.flags.filter((f) => f.kind === 'stage_drop');
    expect(drops).toHaveLength(1);
    expect(drops[0]).toMatchObject({
      kind: 'stage_drop',
      stage: 'mql_to_sql',
      against: 'baseline',
      volume: 180,
    });
    const stage = digest.stages.find((s) => s.id === 'mql_to_sql');
    expect(stage?.flagged).toBe(true);
    expect(stage?.drop?.relative).toBeCloseTo(30 / 180 / 0.4 - 1);
    expect(stage?.drop?.pValue).toBeLessThan(0.01);
    expect(digest.nothingNotable).toBe(false);
  });

  it('does not flag a large drop under the minimum volume', () => {
    // 20 MQLs a week: even 40 % → 10 % is not enough entries to judge.
    const small = (m: string): WeekPlan => ({
      monday: m,
      leads: 60,
      valid: 50,
      mql: 20,
      sql: m === WEEK ? 2 : 8,
      customers: 2,
    });
    const digest = digestOf(small, { spend: () => 500 });
    const stage = digest.stages.find((s) => s.id === 'mql_to_sql');
    expect(stage?.drop?.relative).toBeCloseTo(-0.75);
    expect(stage?.flagged).toBe(false);
    expect(digest.flags.some((f) => f.kind === 'stage_drop')).toBe(false);
  });

  it('does not flag a large but insignificant drop', () => {
    // 40 MQLs: 40 % → 30 % is a 25 % fall, but well within chance (p ≈ 0.2).
    const plan = (m: string): WeekPlan => ({
      monday: m,
      leads: 100,
      valid: 80,
      mql: 40,
      sql: m === WEEK ? 12 : 16,
      customers: 4,
    });
    const digest = digestOf(plan, { spend: () => 1000 });
    const stage = digest.stages.find((s) => s.id === 'mql_to_sql');
    expect(stage?.drop?.relative).toBeCloseTo(-0.25);
    expect(stage?.drop?.pValue).toBeGreaterThan(0.05);
    expect(stage?.flagged).toBe(false);
    expect(digest.flags.some((f) => f.kind === 'stage_drop')).toBe(false);
  });

  it('marks KPIs of a stale source stale instead of reporting a drop', () => {
    const stale: SourceFreshness[] = [
      { origin: 'crm', lastImportAt: NOW - 100 * 3_600_000, feeds: 'leads' },
      { origin: 'ads', lastImportAt: NOW - 3_600_000, feeds: 'spend' },
    ];
    const digest = digestOf((m) => (m === WEEK ? { ...steady(m), sql: 30 } : steady(m)), { sources: stale });
    const stage = digest.stages.find((s) => s.id === 'mql_to_sql');
    expect(stage).toMatchObject({ stale: true, flagged: false });
    expect(digest.flags.map((f) => f.kind)).toEqual(['stale_source']);
    expect(digest.flags[0]).toMatchObject({ origin: 'crm', ageHours: 100 });
    expect(digest.headline.find((h) => h.metric === 'sql')?.stale).toBe(true);
    expect(digest.headline.find((h) => h.metric === 'spend')?.stale).toBe(false);
    expect(digest.dataQuality.staleSources.map((s) => s.origin)).toEqual(['crm']);
  });

  it('counts a source last imported before the week ended as stale', () => {
    const early: SourceFreshness[] = [{ origin: 'sheet', lastImportAt: Date.parse('2026-11-15T12:00:00Z') }];
    const digest = digestOf(steady, { sources: early, settings: { ...SETTINGS, staleAfterHours: 72 } });
    expect(digest.flags.map((f) => f.kind)).toEqual(['stale_source']);
    expect(digest.headline.every((h) => h.stale)).toBe(true);
  });

  it('flags CAC above CLV / target overall, per channel and per campaign', () => {
    // 18 customers for 21 600 € a week is a CAC of 1 200 € > 3 000 € / 3.
    const digest = digestOf(steady, { spend: () => 21_600 });
    const cac = digest.flags.filter((f) => f.kind === 'cac_over_target');
    expect(cac.map((f) => (f.kind === 'cac_over_target' ? [f.scope, f.key] : null))).toEqual([
      ['overall', null],
      ['channel', 'paid_search'],
      ['campaign', 'Brand'],
    ]);
    const first = cac[0];
    if (first?.kind !== 'cac_over_target') throw new Error('no CAC flag');
    expect(first).toMatchObject({ clv: 3000, maxCac: 1000, target: 3 });
    expect(first.cac).toBeCloseTo(1200);
    expect(first.ratio).toBeCloseTo(2.5);
  });
});

describe('computeDigest edge cases', () => {
  it('works on an empty snapshot', () => {
    const snapshot = buildSnapshot([], [], { timeZone: TZ, currency: 'EUR', dataVersion: 'e' });
    const digest = computeDigest(snapshot, { now: NOW, settings: SETTINGS, sources: [] });
    expect(digest.nothingNotable).toBe(true);
    expect(digest.headline.find((h) => h.metric === 'cpl')?.value).toBeNull();
    expect(digest.headline.find((h) => h.metric === 'leads')?.baseline).toBeNull();
    expect(digest.campaigns.best).toEqual([]);
  });

  it('judges nothing in a week that is not over', () => {
    const digest = digestOf((m) => (m === WEEK ? { ...steady(m), sql: 10 } : steady(m)), {
      settings: SETTINGS,
    });
    expect(digest.partial).toBe(false);
    const leads: Lead[] = weekLeads({ ...steady(WEEK), sql: 10 });
    const snapshot = buildSnapshot(leads, [], { timeZone: TZ, currency: 'EUR', dataVersion: 'p' });
    const midWeek = Date.parse('2026-11-12T12:00:00Z');
    const partial = computeDigest(snapshot, {
      now: midWeek,
      week: { year: 2026, week: 46 },
      settings: SETTINGS,
      sources: [{ origin: 'crm', lastImportAt: midWeek }],
    });
    expect(partial.partial).toBe(true);
    expect(partial.stages.every((s) => s.stale && !s.flagged)).toBe(true);
    expect(partial.flags.some((f) => f.kind === 'stage_drop')).toBe(false);
  });

  it('refuses a week that does not exist', () => {
    const snapshot = buildSnapshot([], [], { timeZone: TZ, currency: 'EUR', dataVersion: 'e' });
    let error: unknown;
    try {
      computeDigest(snapshot, { now: NOW, week: { year: 2026, week: 60 }, settings: SETTINGS, sources: [] });
    } catch (e) {
      error = e;
    }
    expect(isAppError(error) && error.code).toBe('period_invalid');
  });
});
