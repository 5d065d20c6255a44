import { describe, expect, it } from 'vitest';
import { digestSettings } from '../../src/digest/settings.ts';
import { weekCosts, weekLeads } from './rows.ts';
import { digestOf, steady } from './scenario.ts';

describe('computeDigest data quality', () => {
  it('flags a high share of invalid leads without calling it a drop when it is usual', () => {
    const digest = digestOf((m) => ({ ...steady(m), valid: 200 }));
    expect(digest.dataQuality).toMatchObject({ leads: 400, invalidLeads: 200, invalidShare: 0.5 });
    expect(digest.flags.map((f) => f.kind)).toEqual(['invalid_leads']);
  });

  it('reports paid leads and spend that do not join a campaign', () => {
    const digest = digestOf(steady, {
      extra: (monday) => ({
        leads: weekLeads({ monday, leads: 100, valid: 100, mql: 0, sql: 0, customers: 0, campaign: 'Ghost' }),
        costs: weekCosts(monday, 2000, 'Orphan campaign'),
      }),
    });
    expect(digest.dataQuality.unattributedLeads).toBe(100);
    expect(digest.dataQuality.unattributedSpend).toBeCloseTo(2000);
    const flag = digest.flags.find((f) => f.kind === 'unattributed');
    expect(flag).toMatchObject({ leads: 100, leadShare: 0.2 });
    if (flag?.kind === 'unattributed') expect(flag.spend).toBeCloseTo(2000);
  });

  it('does not count organic leads without a campaign as unattributed', () => {
    const digest = digestOf(steady, {
      extra: (monday) => ({
        leads: weekLeads({
          monday,
          leads: 50,
          valid: 50,
          mql: 0,
          sql: 0,
          customers: 0,
          campaign: '',
          channel: 'organic_search',
        }),
        costs: [],
      }),
    });
    expect(digest.dataQuality.unattributedLeads).toBe(0);
    expect(digest.flags.some((f) => f.kind === 'unattributed')).toBe(false);
  });
});

describe('digestSettings', () => {
  it('fills what the config leaves out with the defaults', () => {
    const settings = digestSettings({ minVolume: 50, targets: { clv: 2400, ltvCacRatio: undefined } });
    expect(settings).toMatchObject({ minVolume: 50, dropThreshold: 0.2, alpha: 0.05, baselineWeeks: 4 });
    expect(settings.targets).toEqual({ clv: 2400, ltvCacRatio: 3 });
  });
});
