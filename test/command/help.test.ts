import { describe, expect, it } from 'vitest';
import { renderHelpText } from '../../src/command/help.ts';
import { METRIC_IDS } from '../../src/kpi/query.ts';

describe('renderHelpText', () => {
  it('explains the command language with examples and lists every metric', () => {
    for (const locale of ['en', 'fr'] as const) {
      const text = renderHelpText(locale);
      expect(text).toContain('by=<dimension|day|week|month>');
      expect(text).toContain('cpl campaign="Spring Sale" period=last-week vs=previous');
      expect(text).toContain('from=2026-01-01 to=2026-03-31');
      for (const id of METRIC_IDS) expect(text).toContain(id);
    }
    expect(renderHelpText('fr')).toContain('Indicateurs :');
    // Each metric with the short label its table columns show.
    expect(renderHelpText('en')).toMatch(/^\s*cac\s+CAC\s+Customer acquisition cost$/m);
    expect(renderHelpText('fr')).toMatch(/^\s*mql_to_sql\s+MQL → SQL\s+MQL → SQL$/m);
  });

  it("explains one metric's formula and meaning", () => {
    expect(renderHelpText('en', 'cpl')).toMatch(/Cost per lead \(cpl\)[\s\S]*Formula: spend \/ leads/);
    expect(renderHelpText('fr', 'cpl')).toMatch(/Coût par lead \(cpl\)[\s\S]*Formule : dépenses \/ leads/);
  });

  it('lists the metrics funnel stands for', () => {
    expect(renderHelpText('en', 'funnel')).toContain('mql_to_sql');
  });
});
