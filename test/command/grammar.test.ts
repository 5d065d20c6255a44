import { describe, expect, it } from 'vitest';
import { FUNNEL_METRICS } from '../../src/command/metrics.ts';
import { t } from '../../src/i18n/catalogue.ts';
import { DEFAULT_PERIOD } from '../../src/kpi/query.ts';
import { failure, parse, query } from './support.ts';

describe('metrics', () => {
  it('reads one or several metrics, with spaces or commas', () => {
    expect(query('cpl').metrics).toEqual(['cpl']);
    expect(query('cpl cac').metrics).toEqual(['cpl', 'cac']);
    expect(query('cpl,cac').metrics).toEqual(['cpl', 'cac']);
    expect(query('CPL, cac').metrics).toEqual(['cpl', 'cac']);
  });

  it('reads aliases and French names from the catalogue', () => {
    expect(query('ltv:cac').metrics).toEqual(['ltv_cac']);
    expect(query('LTV/CAC').metrics).toEqual(['ltv_cac']);
    expect(query('"coût par lead"').metrics).toEqual(['cpl']);
    expect(query('mql-to-sql').metrics).toEqual(['mql_to_sql']);
  });

  it('expands funnel to the stage counts and conversions, without duplicates', () => {
    expect(query('funnel').metrics).toEqual(FUNNEL_METRICS);
    expect(query('funnel leads').metrics).toEqual(FUNNEL_METRICS);
    expect(FUNNEL_METRICS).toEqual(
      expect.arrayContaining(['leads', 'valid', 'mql', 'sql', 'customers', 'mql_to_sql', 'sql_to_customer']),
    );
  });

  it('answers headline numbers when only filters are given', () => {
    expect(query('by=campaign').metrics).toEqual(['leads', 'spend', 'cpl', 'customers', 'cac']);
  });

  it('defaults to the last 30 days, flow view, no comparison', () => {
    expect(query('cpl')).toEqual({
      metrics: ['cpl'],
      filters: [],
      by: null,
      period: DEFAULT_PERIOD,
      compare: null,
      view: 'flow',
    });
  });
});

describe('filters', () => {
  it('reads key=value and key:value', () => {
    const expected = [{ dimension: 'source', values: ['google'] }];
    expect(query('cpl source=google').filters).toEqual(expected);
    expect(query('cpl source:google').filters).toEqual(expected);
    expect(query('cpl plateforme=Google').filters).toEqual(expected);
  });

  it.each([
    ['cpl campaign="Spring Sale"'],
    ["cpl campaign='Spring Sale'"],
    ['cpl campaign=“Spring Sale”'],
    ['cpl campaign=‘Spring Sale’'],
    ['cpl campaign=«Spring Sale»'],
    ['cpl campaign:"spring   sale"'],
    ['cpl campagne="SPRING SALE"'],
  ])('resolves quoted values to the canonical display value: %s', (text) => {
    expect(query(text).filters).toEqual([{ dimension: 'campaign', values: ['Spring Sale'] }]);
  });

  it('matches values without regard to accents, apostrophes and case', () => {
    const expected = [{ dimension: 'campaign', values: ['Soldes d’Été'] }];
    expect(query(`cpl campaign="Soldes d'été"`).filters).toEqual(expected);
    expect(query(`cpl campaign='Soldes d'été'`).filters).toEqual(expected);
    expect(query('cpl campaign=“soldes d’ete”').filters).toEqual(expected);
    expect(query('cpl campaign=‘SOLDES D’ÉTÉ’').filters).toEqual(expected);
  });

  it('reads several values', () => {
    const expected = [{ dimension: 'campaign', values: ['Spring Sale', 'Black Friday'] }];
    expect(query('cpl campaign="Spring Sale","Black Friday"').filters).toEqual(expected);
    expect(query('cpl campaign="Spring Sale", "Black Friday"').filters).toEqual(expected);
    expect(query('cpl campaign=Cheap-Leads,black_friday').filters).toEqual([
      { dimension: 'campaign', values: ['Cheap Leads', 'Black Friday'] },
    ]);
    expect(query('cpl campaign="Spring Sale" campaign="Black Friday"').filters).toEqual(expected);
  });

  it('accepts channel taxonomy values and labels even without data', () => {
    expect(query('cpl channel=paid-search').filters).toEqual([
      { dimension: 'channel', values: ['paid_search'] },
    ]);
    expect(query('cpl canal="Google Ads"').filters).toEqual([
      { dimension: 'channel', values: ['paid_search'] },
    ]);
  });

  it('takes a bare value found in exactly one dimension as a filter', () => {
    expect(query('cpl "Spring Sale"').filters).toEqual([{ dimension: 'campaign', values: ['Spring Sale'] }]);
    expect(query('cpl facebook').filters).toEqual([{ dimension: 'source', values: ['facebook'] }]);
    expect(query('leads events').filters).toEqual([{ dimension: 'channel', values: ['events'] }]);
  });

  it('does not check a dimension the vocabulary does not list', () => {
    expect(query('cpl segment="Mid Market"').filters).toEqual([
      { dimension: 'segment', values: ['Mid Market'] },
    ]);
  });

  it('orders filters by dimension, whatever the typing order', () => {
    expect(query('cpl country=fr source=google').filters.map((f) => f.dimension)).toEqual([
      'source',
      'country',
    ]);
  });
});

describe('breakdowns, comparison and view', () => {
  it('reads by= on dimensions and on time', () => {
    expect(query('cpl by=campaign').by).toEqual({ kind: 'dimension', dimension: 'campaign' });
    expect(query('cpl by=week').by).toEqual({ kind: 'time', grain: 'week' });
    expect(query('cpl par=mois').by).toEqual({ kind: 'time', grain: 'month' });
    expect(query('cpl by=day').by).toEqual({ kind: 'time', grain: 'day' });
    // Ad-platform breakdowns and their spellings; ad set and ad group are the audience.
    expect(query('spend by=age').by).toEqual({ kind: 'dimension', dimension: 'age' });
    expect(query('spend par=sexe').by).toEqual({ kind: 'dimension', dimension: 'gender' });
    expect(query('spend by=appareil').by).toEqual({ kind: 'dimension', dimension: 'device' });
    expect(query('spend by=emplacement').by).toEqual({ kind: 'dimension', dimension: 'placement' });
    expect(query('spend by="hour of day"').by).toEqual({ kind: 'dimension', dimension: 'hour' });
    expect(query('spend by=adset').by).toEqual({ kind: 'dimension', dimension: 'audience' });
    expect(query('spend by=ad-group').by).toEqual({ kind: 'dimension', dimension: 'audience' });
    expect(query('funnel by channel').by).toEqual({ kind: 'dimension', dimension: 'channel' });
    expect(query('cpl par=campagnes').by).toEqual({ kind: 'dimension', dimension: 'campaign' });
  });

  it('reads vs=previous and its spellings', () => {
    for (const text of ['cpl vs=previous', 'cpl vs=prev', 'cpl compare', 'cpl vs', 'cpl vs=précédent']) {
      expect(query(text).compare).toBe('previous');
    }
  });

  it('reads view=cohort|flow', () => {
    expect(query('mql_to_sql view=cohort').view).toBe('cohort');
    expect(query('mql_to_sql vue=cohorte').view).toBe('cohort');
    expect(query('mql_to_sql view=flow').view).toBe('flow');
    expect(query('mql_to_sql cohort').view).toBe('cohort');
  });
});

describe('periods', () => {
  it.each([
    ['today', { kind: 'relative', name: 'today' }],
    ['yesterday', { kind: 'relative', name: 'yesterday' }],
    ['this-week', { kind: 'relative', name: 'this-week' }],
    ['last-week', { kind: 'relative', name: 'last-week' }],
    ['semaine-dernière', { kind: 'relative', name: 'last-week' }],
    ['"semaine dernière"', { kind: 'relative', name: 'last-week' }],
    ['this-month', { kind: 'relative', name: 'this-month' }],
    ['last-month', { kind: 'relative', name: 'last-month' }],
    ['mois-dernier', { kind: 'relative', name: 'last-month' }],
    ['this-quarter', { kind: 'relative', name: 'this-quarter' }],
    ['last-quarter', { kind: 'relative', name: 'last-quarter' }],
    ['mtd', { kind: 'relative', name: 'mtd' }],
    ['qtd', { kind: 'relative', name: 'qtd' }],
    ['ytd', { kind: 'relative', name: 'ytd' }],
    ['last-7d', { kind: 'last-days', days: 7 }],
    ['last-30d', { kind: 'last-days', days: 30 }],
    ['last-90d', { kind: 'last-days', days: 90 }],
    ['last-45d', { kind: 'last-days', days: 45 }],
    ['30j', { kind: 'last-days', days: 30 }],
    ['2026-10', { kind: 'month', year: 2026, month: 10 }],
    ['2026-Q3', { kind: 'quarter', year: 2026, quarter: 3 }],
    ['2026-T3', { kind: 'quarter', year: 2026, quarter: 3 }],
    ['2026-W45', { kind: 'iso-week', year: 2026, week: 45 }],
    ['2026-W53', { kind: 'iso-week', year: 2026, week: 53 }],
    ['2026', { kind: 'year', year: 2026 }],
    ['2026-01-01..2026-03-31', { kind: 'range', from: '2026-01-01', to: '2026-03-31' }],
  ])('period=%s', (text, expected) => {
    expect(query(`cpl period=${text}`).period).toEqual(expected);
    expect(query(`cpl période=${text}`).period).toEqual(expected);
  });

  it('reads bare period words', () => {
    expect(query('cpl last-week').period).toEqual({ kind: 'relative', name: 'last-week' });
    expect(query('cpl 2026-Q3').period).toEqual({ kind: 'quarter', year: 2026, quarter: 3 });
  });

  it('reads from= and to=, months as edges, and from= alone up to today', () => {
    expect(query('cpl from=2026-01-01 to=2026-03-31').period).toEqual({
      kind: 'range',
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(query('cpl from=2026-01 to=2026-02').period).toEqual({
      kind: 'range',
      from: '2026-01-01',
      to: '2026-02-28',
    });
    expect(query('cpl du=2026-11-01').period).toEqual({
      kind: 'range',
      from: '2026-11-01',
      to: '2026-11-23',
    });
    expect(query('cpl from=2024-02-29 to=2024-02-29').period).toEqual({
      kind: 'range',
      from: '2024-02-29',
      to: '2024-02-29',
    });
  });

  it('refuses impossible periods with period_invalid', () => {
    for (const text of [
      'cpl period=2025-W53',
      'cpl period=2026-13',
      'cpl from=2026-02-30',
      'cpl from=2025-02-29',
      'cpl to=2026-01-01',
      'cpl from=2026-03-01 to=2026-01-01',
      'cpl period=mtd from=2026-01-01',
      'cpl period=last-wek',
    ]) {
      expect(failure(text).code, text).toBe('period_invalid');
    }
    expect(failure('cpl period=last-wek').suggestions[0]).toBe('last-week');
    expect(failure('cpl period=last-week period=mtd').messageKey).toBe('command.duplicate_key');
    expect(failure('cpl last-week mtd').messageKey).toBe('command.period_conflict');
  });
});

describe('did you mean', () => {
  it('suggests metrics for an unknown metric, in English and French', () => {
    const error = failure('cpk by=campaign');
    expect(error.code).toBe('unknown_metric');
    expect(error.token).toBe('cpk');
    expect(error.position).toBe(0);
    expect(error.suggestions[0]).toBe('cpl');
    expect(error.suggestions).toContain('cpc');
    expect(error.suggestions.length).toBeLessThanOrEqual(3);
    expect(t('en', error.messageKey, error.params)).toMatch(/^Unknown metric "cpk"\. Did you mean cpl, cpc/);
    expect(t('fr', error.messageKey, error.params)).toMatch(
      /^Indicateur inconnu « cpk »\. Vouliez-vous dire cpl/,
    );
  });

  it('suggests dimensions for an unknown key or breakdown', () => {
    const error = failure('cpl campain="Spring Sale"');
    expect(error.code).toBe('unknown_dimension');
    expect(error.token).toBe('campain');
    expect(error.position).toBe(4);
    expect(error.suggestions).toEqual(['campaign']);
    expect(failure('cpl by=chanel').suggestions).toEqual(['channel']);
  });

  it('suggests values from the data for an unknown value', () => {
    const error = failure('cpl campaign="Sprng Sale"');
    expect(error.code).toBe('unknown_value');
    expect(error.suggestions).toEqual(['Spring Sale']);
    expect(error.position).toBe('cpl campaign='.length);
    expect(t('en', error.messageKey, error.params)).toBe(
      'No campaign "Sprng Sale" in the data. Did you mean Spring Sale?',
    );
    expect(failure('cpl source=gogle').suggestions).toEqual(['google']);
    expect(failure('cpl campaign=blak').suggestions).toEqual(['Black Friday']);
  });

  it('gives no suggestion rather than a far-fetched one', () => {
    const error = failure('xyzzy');
    expect(error.suggestions).toEqual([]);
    expect(t('en', error.messageKey, error.params)).toContain('help');
  });

  it('reports other mistakes as command_invalid', () => {
    expect(failure('cpl by=campaign,channel').code).toBe('command_invalid');
    expect(failure('cpl vs=lastyear').code).toBe('command_invalid');
    expect(failure('cpl view=sideways').code).toBe('command_invalid');
    expect(failure('cpl campaign=').code).toBe('command_invalid');
    expect(failure('cpl campaign!=x').code).toBe('command_invalid');
    expect(failure('cpl by=week by=month').code).toBe('command_invalid');
    expect(failure('x'.repeat(5000)).code).toBe('command_invalid');
  });
});

describe('Slack text', () => {
  it('reads the modal for an empty text', () => {
    expect(parse('')).toEqual({ kind: 'modal' });
    expect(parse('   ')).toEqual({ kind: 'modal' });
  });
});

describe('why: breakdowns and keys as questions take them', () => {
  const whyBy = (text: string) => {
    const command = parse(text);
    if (command.kind !== 'why') throw new Error(`expected why for ${text}, got ${command.kind}`);
    return command.request.by;
  };

  it('takes a dimension written with a space or with =', () => {
    expect(whyBy('why cpl by channel')).toBe('channel');
    expect(whyBy('why cpl par campagne')).toBe('campaign');
    expect(whyBy('why cpl by=source')).toBe('source');
  });

  it('refuses a time grain either way, and names an unknown key like a question does', () => {
    expect(failure('why cpl by week').messageKey).toBe('why.dimension_only');
    expect(failure('why cpl by=week').messageKey).toBe('why.dimension_only');
    const error = failure('why cpl campain="Spring Sale"');
    expect(error.code).toBe('unknown_dimension');
    expect(error.suggestions).toEqual(['campaign']);
  });
});
