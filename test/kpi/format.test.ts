import { describe, expect, it } from 'vitest';
import { formatDelta, formatNa, formatNumber, formatValue } from '../../src/kpi/format.ts';
import { naReason } from '../../src/kpi/result.ts';

const nbsp = (s: string): string => s.replace(/ /g, '\u00a0');

describe('locale formatting', () => {
  it('formats money, percentages and counts in English and French', () => {
    expect(formatNumber(1234.56, 'money', 'en', 'EUR')).toBe('€1,234.56');
    expect(formatNumber(1234.56, 'money', 'fr', 'EUR')).toBe(nbsp('1 234,56 €'));
    expect(formatNumber(23.333, 'percent', 'en', 'EUR')).toBe('23.3%');
    expect(formatNumber(23.333, 'percent', 'fr', 'EUR')).toBe(nbsp('23,3 %'));
    expect(formatNumber(50, 'money', 'fr', 'EUR')).toBe(nbsp('50,00 €'));
    expect(formatNumber(200, 'money', 'en', 'USD')).toBe('$200.00');
    expect(formatNumber(1234567, 'count', 'fr', 'EUR')).toBe(nbsp('1 234 567'));
    expect(formatNumber(12.5, 'days', 'fr', 'EUR')).toBe(nbsp('12,5 jours'));
  });

  it('formats values, n/a with its reason, and signed deltas', () => {
    expect(formatValue('ltv_cac', { value: 5, na: null }, 'en', 'EUR')).toBe('5:1');
    const na = { value: null, na: naReason('no_leads') };
    expect(formatValue('cpl', na, 'fr', 'EUR')).toBe('n/d');
    expect(formatNa(na, 'en')).toBe('no leads in the period');
    expect(formatDelta('cpl', { abs: -5, rel: -10 }, 'fr', 'EUR')).toBe('−5,00\u00a0€ (−10\u00a0%)');
    expect(formatDelta('leads', { abs: 5, rel: 100 }, 'en', 'EUR')).toBe('+5 (+100%)');
    expect(formatDelta('conv', { abs: 2.1, rel: 10 }, 'en', 'EUR')).toBe('+2.1 pts');
    expect(formatDelta('leads', { abs: null, rel: null }, 'en', 'EUR')).toBe('n/a');
  });
});
