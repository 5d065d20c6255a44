import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { ResolvedPeriod } from '../../kpi/result.ts';
import type { WhyResult } from '../../kpi/why.ts';
import { contributionBar, whyView } from '../../kpi/why-text.ts';
import { type GridColumn, renderGrid } from './grid.ts';

/** `kpi "why cpl period=last-week"` as text: the change, the drivers with bars, the notes. */
export function renderWhyText(result: WhyResult, locale: Locale): string {
  const view = whyView(result, locale);
  const out = [view.title, view.headline];
  if (view.rows.length > 0) {
    const ratio = result.method === 'shift-share';
    const col = (key: Parameters<typeof t>[1], align: GridColumn['align']): GridColumn => ({
      header: t(locale, key),
      align,
    });
    const columns: GridColumn[] = [
      { header: t(locale, `kpi.dimension.${result.dimension}`), align: 'left' },
      col('why.col.contribution', 'right'),
      ...(ratio ? [col('why.col.mix', 'right'), col('why.col.rate', 'right')] : []),
      col('why.col.share', 'right'),
      { header: `${t(locale, 'why.col.previous')} → ${t(locale, 'why.col.value')}`, align: 'right' },
      { header: '', align: 'left' },
    ];
    const largest = Math.max(...view.rows.map((r) => Math.abs(r.amount)));
    const rows = view.rows.map((r) => [
      r.label,
      r.contribution,
      ...(ratio ? [r.mix, r.rate] : []),
      r.share,
      r.values,
      contributionBar(r.amount, largest),
    ]);
    out.push('', renderGrid(columns, rows, result.others ? rows.length - 1 : undefined));
  }
  if (view.notes.length > 0) out.push('', ...view.notes);
  return out.join('\n');
}

const periodJson = (period: ResolvedPeriod) => ({ from: period.from, to: period.to, label: period.label });

/**
 * The `kpi --json "why …"` document: `{kind: "why", metric, period, previousPeriod, value,
 * previous, change, dimension, drivers: [{dimension, key, label, contribution, share, mix, rate,
 * value, previous}], others}` (drivers sorted by |contribution|), plus how it was computed.
 */
export function whyToJson(command: string, result: WhyResult): Record<string, unknown> {
  return {
    command,
    kind: 'why',
    metric: result.metric,
    period: periodJson(result.period),
    previousPeriod: periodJson(result.previousPeriod),
    value: result.value,
    previous: result.previous,
    change: result.change,
    dimension: result.dimension,
    drivers: result.drivers.map((d) => ({
      dimension: d.dimension,
      key: d.key,
      label: d.label,
      contribution: d.contribution,
      share: d.share,
      mix: d.mix,
      rate: d.rate,
      value: d.value,
      previous: d.previous,
    })),
    others: result.others,
    relativeChange: result.relativeChange,
    valueNa: result.valueNa,
    previousNa: result.previousNa,
    unit: result.unit,
    currency: result.currency,
    method: result.method,
    picked: result.picked,
    candidates: result.candidates,
    noise: result.noise,
    filters: result.request.filters,
    view: result.request.view,
    dataVersion: result.dataVersion,
    generatedAt: new Date(result.generatedAt).toISOString(),
  };
}
