import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  FUNNEL,
  findMetric,
  foldMetricName,
  metricDef,
  SHORT_LABEL_MAX,
} from '../../src/kpi/catalogue.ts';
import { METRIC_IDS } from '../../src/kpi/query.ts';

describe('KPI catalogue', () => {
  it('describes every metric in both languages', () => {
    expect(CATALOGUE.map((d) => d.id)).toEqual([...METRIC_IDS]);
    for (const def of CATALOGUE) {
      for (const text of [def.name, def.help, def.formula]) {
        expect(text.en.trim(), def.id).not.toBe('');
        expect(text.fr.trim(), def.id).not.toBe('');
      }
      for (const input of def.inputs) expect(METRIC_IDS).toContain(input);
      if (def.volume) expect(METRIC_IDS).toContain(def.volume);
      if (def.rate) expect(def.volume, def.id).not.toBeNull();
    }
  });

  it('gives every metric a short label that fits a table column, in both languages', () => {
    const seen = { en: new Set<string>(), fr: new Set<string>() };
    for (const def of CATALOGUE) {
      for (const locale of ['en', 'fr'] as const) {
        const short = def.short[locale];
        expect(short.trim(), def.id).toBe(short);
        expect(short.length, `${def.id}: ${short}`).toBeGreaterThan(0);
        expect([...short].length, `${def.id}: ${short}`).toBeLessThanOrEqual(SHORT_LABEL_MAX);
        expect(short, def.id).not.toContain('…');
        // Two columns with the same header would be unreadable.
        expect(seen[locale].has(short), `${def.id}: ${short} twice`).toBe(false);
        seen[locale].add(short);
      }
    }
    expect(metricDef('cpl').short.en).toBe('CPL');
    expect(metricDef('mql_to_sql').short.fr).toBe('MQL → SQL');
  });

  it('finds metrics by the words users type, in English and French', () => {
    expect(findMetric('cost per lead')).toBe('cpl');
    expect(findMetric('coût par lead')).toBe('cpl');
    expect(findMetric('CPL')).toBe('cpl');
    expect(findMetric('ltv:cac')).toBe('ltv_cac');
    expect(findMetric('LTV/CAC')).toBe('ltv_cac');
    expect(findMetric('ltv_cac')).toBe('ltv_cac');
    expect(findMetric('taux de conversion')).toBe('conv');
    expect(findMetric('Retour sur investissement')).toBe('roi');
    expect(findMetric('mql→sql')).toBe('mql_to_sql');
    expect(findMetric('mql to sql')).toBe('mql_to_sql');
    expect(findMetric('nonsense')).toBeNull();
  });

  it('no alias names two metrics', () => {
    const owner = new Map<string, string>();
    for (const def of CATALOGUE) {
      for (const word of [def.id, ...def.aliases]) {
        const key = foldMetricName(word);
        expect(owner.get(key) ?? def.id, `${word} names ${owner.get(key)} and ${def.id}`).toBe(def.id);
        owner.set(key, def.id);
      }
    }
  });

  it('marks revenue-sensitive metrics and rates', () => {
    expect(metricDef('revenue').revenueSensitive).toBe(true);
    expect(metricDef('roi').revenueSensitive).toBe(true);
    expect(metricDef('cpl').revenueSensitive).toBe(false);
    expect(metricDef('cpl').rate).toBe(true);
    expect(metricDef('cpl').volume).toBe('leads');
    expect(metricDef('leads').rate).toBe(false);
    expect(FUNNEL).toContain('mql_to_sql');
  });
});
