import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { answerChartSpec, CHART_ROWS, renderAnswerChart } from '../../src/slack/answer-chart.ts';
import { campaignData } from '../support/slack-data.ts';

const names = Array.from({ length: 30 }, (_, i) => `Campaign ${i} ${'x'.repeat(i)}`);
const { leads, costs } = campaignData(names);
const snapshot = buildSnapshot(
  [...leads, ...campaignData(['Webinar'], 2).leads.map((l) => ({ ...l, recordId: `w${l.recordId}` }))],
  costs,
  { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' },
);
const ask = (query: Partial<Query>) => {
  const result = runQuery(
    snapshot,
    {
      metrics: ['cpl', 'roi'],
      filters: [],
      by: { kind: 'dimension', dimension: 'campaign' },
      period: { kind: 'month', year: 2026, month: 10 },
      compare: null,
      view: 'flow',
      ...query,
    },
    { now: new Date('2026-11-02T09:00:00Z'), targets: DEFAULT_TARGETS },
  );
  if (!result.ok) throw result.error;
  return result.value;
};

type Panel = {
  title: { text: string };
  data: { values: { group: string; value: number | null; text: string; color: string }[] };
};

describe('answer chart', () => {
  it('draws the groups in the answer’s order, the worst in red and the best in green', () => {
    // The spec as the JSON vega-lite reads.
    const spec: { hconcat: Panel[]; title: { text: string } } = JSON.parse(
      JSON.stringify(answerChartSpec(ask({}), 'fr')),
    );
    expect(spec.title.text).toBe('CPL et ROI par campagne · octobre 2026');
    const [cpl, roi] = spec.hconcat;
    expect(cpl?.title.text).toBe('CPL');
    expect(roi?.title.text).toBe('ROI');
    const bars = cpl?.data.values ?? [];
    expect(bars).toHaveLength(CHART_ROWS);
    // The dearest CPL first; the folded campaign without spend is not drawn.
    expect(bars[0]?.group).toMatch(/^Campaign 29 x+…$/);
    expect(bars[0]).toMatchObject({ color: '#d62728', text: '32,25\u00a0€' });
    expect(bars.some((b) => b.group === 'Webinar')).toBe(false);
    // The best CPL (Campaign 0) is beyond the 20 drawn: no bar is green.
    expect(bars.some((b) => b.color === '#2ca02c')).toBe(false);
    // ROI is judged on its own: the lowest ROI is the worst.
    expect(roi?.data.values[0]?.color).toBe('#d62728');
  });

  it('renders a PNG through the digest’s vega-lite path', async () => {
    const chart = await renderAnswerChart(
      ask({ metrics: ['cpl'], by: { kind: 'time', grain: 'week' } }),
      'en',
    );
    expect(chart.png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(chart.width).toBeGreaterThan(400);
    expect(chart.height).toBeGreaterThan(300);
  });
});
