import { describe, expect, it } from 'vitest';
import { renderHelpText } from '../../src/command/help.ts';
import { t } from '../../src/i18n/catalogue.ts';
import { failure, parse, query } from './support.ts';

describe('sort=', () => {
  it('is absent unless asked for', () => {
    expect(query('cpl cac by=campaign').sort).toBeUndefined();
  });

  it('sorts by a metric of the question, in the direction that matters by default', () => {
    // Costs and returns both put the largest value on top: the worst CPL, the best ROI.
    expect(query('cpl cac roi by=campaign sort=roi').sort).toEqual({ by: 'roi', direction: 'desc' });
    expect(query('cpl roi by=campaign sort=cpl').sort).toEqual({ by: 'cpl', direction: 'desc' });
  });

  it.each([
    ['sort=roi-asc', { by: 'roi', direction: 'asc' }],
    ['sort=roi_asc', { by: 'roi', direction: 'asc' }],
    ['sort=roi:asc', { by: 'roi', direction: 'asc' }],
    ['sort="roi asc"', { by: 'roi', direction: 'asc' }],
    ['sort=roi,asc', { by: 'roi', direction: 'asc' }],
    ['sort=roi order=asc', { by: 'roi', direction: 'asc' }],
    ['sort=asc', { by: 'cpl', direction: 'asc' }],
    ['order=asc', { by: 'cpl', direction: 'asc' }],
    ['sort=name', { by: 'label', direction: 'asc' }],
    ['sort=campaign-desc', { by: 'label', direction: 'desc' }],
    ['sort="coût par lead" ordre=croissant', { by: 'cpl', direction: 'asc' }],
    ['tri=roi-decroissant', { by: 'roi', direction: 'desc' }],
    ['trier=nom', { by: 'label', direction: 'asc' }],
    ['sort=ltv:cac:asc', { by: 'ltv_cac', direction: 'asc' }],
  ])('reads %s', (clause, expected) => {
    expect(query(`cpl roi ltv_cac by=campaign ${clause}`).sort).toEqual(expected);
  });

  it('keeps metric ids with underscores whole', () => {
    expect(query('mql_to_sql by=campaign sort=mql_to_sql').sort).toEqual({
      by: 'mql_to_sql',
      direction: 'desc',
    });
  });

  it('refuses a metric the question does not ask for, naming those it does', () => {
    const error = failure('cpl cac by=campaign sort=roi');
    expect(error.code).toBe('command_invalid');
    expect(error.position).toBe('cpl cac by=campaign sort='.length);
    expect(t('en', error.messageKey, error.params)).toBe(
      'Sort by a metric of the question (cpl, cac) or by name: "roi" is not asked for.',
    );
    expect(t('fr', error.messageKey, error.params)).toContain('(cpl, cac)');
  });

  it('suggests what was probably meant, and refuses a bad order', () => {
    const error = failure('cpl by=campaign sort=cpk');
    expect(error.suggestions).toContain('cpl');
    expect(t('en', error.messageKey, error.params)).toContain('Did you mean');
    expect(failure('cpl by=campaign sort=').code).toBe('command_invalid');
    expect(failure('cpl by=campaign order=sideways').code).toBe('command_invalid');
    expect(failure('cpl by=campaign sort=cpl,sideways').code).toBe('command_invalid');
    expect(failure('cpl by=campaign sort=cpl sort=cpl').code).toBe('command_invalid');
  });

  it('is explained in help, in English and French', () => {
    expect(renderHelpText('en')).toContain('sort=<metric>');
    expect(renderHelpText('fr')).toContain('tri=cpl-croissant');
    expect(parse('help').kind).toBe('help');
  });
});
