import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { formatNumber } from '../kpi/format.ts';
import type { PlanResult } from '../kpi/plan.ts';
import type { MetricValue } from '../kpi/result.ts';
import { periodText } from './format/context.ts';
import { renderGrid } from './format/grid.ts';

/** The engine's reverse funnel (src/kpi/plan.ts) as a small table, n/a reasons underneath. */
export function renderPlanText(plan: PlanResult, locale: Locale, currency: string): string {
  const na = t(locale, 'common.na');
  const reasons: string[] = [];
  const show = (v: MetricValue, unit: 'percent' | 'count' | 'money'): string => {
    if (v.value !== null) return formatNumber(v.value, unit, locale, currency);
    const reason = v.na ? t(locale, v.na.messageKey) : '';
    if (reason && !reasons.includes(reason)) reasons.push(reason);
    return na;
  };
  const title = t(locale, 'command.plan.title', {
    customers: plan.customers,
    period: periodText(plan.period),
  });
  const grid = renderGrid(
    [
      { header: t(locale, 'command.plan.stage'), align: 'left' },
      { header: t(locale, 'command.plan.rate'), align: 'right' },
      { header: t(locale, 'command.plan.needed'), align: 'right' },
    ],
    [
      ['SQL', `SQL → customer ${show(plan.rates.sqlToCustomer, 'percent')}`, show(plan.needed.sql, 'count')],
      ['MQL', `MQL → SQL ${show(plan.rates.mqlToSql, 'percent')}`, show(plan.needed.mql, 'count')],
      ['leads', `lead → MQL ${show(plan.rates.leadToMql, 'percent')}`, show(plan.needed.leads, 'count')],
      [t(locale, 'command.plan.budget'), `cpl ${show(plan.cpl, 'money')}`, show(plan.needed.budget, 'money')],
    ],
  );
  const notes = reasons.map((reason) => `${na}: ${reason}`);
  return [title, grid, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
