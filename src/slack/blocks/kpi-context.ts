import { t } from '../../i18n/catalogue.ts';
import { isSingular } from '../../i18n/plural.ts';
import { dataEndText, dataSpansText } from '../../kpi/coverage.ts';
import type { QueryResult } from '../../kpi/result.ts';
import { datesInWords } from '../../kpi/words.ts';
import { escapeMrkdwn } from '../../shared/escape.ts';
import type { Block } from '../../shared/slack-message.ts';
import { contextLine } from './common.ts';
import type { MetricInfo, RenderContext } from './types.ts';

/** Formulas spelled out under an answer; `/kpi help <metric>` has every one. */
const FORMULAS = 3;

function filtersText(result: QueryResult): string {
  return result.query.filters
    .map((f) => `${f.dimension} = ${f.values.map(escapeMrkdwn).join(', ')}`)
    .join('; ');
}

/**
 * The context line under an answer: the exact dates (and those compared with), filters, cohort
 * age, data freshness, and the full name and formula behind each short label.
 */
export function replyContext(
  result: QueryResult,
  metrics: readonly MetricInfo[],
  ctx: RenderContext,
): Block | null {
  const { locale } = ctx;
  const filters = filtersText(result);
  const dates = datesInWords(result.period.from, result.period.to, locale);
  const previous = result.previousPeriod
    ? ` ${t(locale, 'slack.context.vs', { period: datesInWords(result.previousPeriod.from, result.previousPeriod.to, locale) })}`
    : '';
  return contextLine([
    t(locale, 'slack.context.period', { period: dates }) + previous,
    filters ? t(locale, 'slack.context.filters', { filters }) : '',
    result.cohortAgeDays !== undefined
      ? t(
          locale,
          isSingular(locale, result.cohortAgeDays) ? 'slack.context.cohort_one' : 'slack.context.cohort',
          {
            days: result.cohortAgeDays,
          },
        )
      : '',
    result.dataEnds?.length ? `:warning: ${escapeMrkdwn(dataEndText(result.dataEnds, locale))}` : '',
    // An answer over days outside the data says which days the data covers (the CLI's words).
    result.dataSpans?.length ? escapeMrkdwn(dataSpansText(result.dataSpans, locale)) : '',
    ctx.freshness !== null
      ? t(locale, 'slack.context.freshness', {
          when: `${new Date(ctx.freshness).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        })
      : '',
    ...metrics.slice(0, FORMULAS).map((m) =>
      t(locale, 'slack.answer.formula', {
        short: escapeMrkdwn(m.short),
        name: escapeMrkdwn(m.name),
        formula: escapeMrkdwn(m.formula),
      }),
    ),
  ]);
}
