import type { HelpSection } from '../../command/help.ts';
import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import { header, section } from './common.ts';
import type { MetricInfo } from './types.ts';

/** `/kpi help`: the syntax, the sub-commands and every metric with its id. */
export function renderHelp(locale: Locale, metrics: readonly MetricInfo[]): SlackMessage {
  const lines = metrics.map((m) => `\`${m.id}\` ${escapeMrkdwn(m.name)}`);
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current.length + line.length + 1 > 2_900) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  const blocks: Block[] = [
    header(t(locale, 'slack.help.title')),
    section(t(locale, 'slack.help.usage')),
    section(t(locale, 'slack.help.commands')),
    section(`*${t(locale, 'slack.help.metrics')}*`),
    ...chunks.slice(0, 40).map(section),
  ];
  return { text: t(locale, 'slack.help.title'), blocks };
}

/** `/kpi help <metric>`: its name and formula. */
export function renderMetricHelp(locale: Locale, metric: MetricInfo): SlackMessage {
  const formula = t(locale, 'slack.help.metric_formula', { formula: escapeMrkdwn(metric.formula) });
  return {
    text: truncate(`${metric.name}: ${metric.formula}`, 3000),
    blocks: [header(`${metric.name} (${metric.id})`), section(formula)],
  };
}

/** `/kpi help why` (and any help topic written as sections): a header, then each section. */
export function renderTopicHelp(sections: readonly HelpSection[]): SlackMessage {
  const [first, ...rest] = sections;
  const title = first?.title ?? '/kpi';
  const blocks: Block[] = [header(title)];
  for (const [i, s] of sections.entries()) {
    const heading = i > 0 && s.title ? `*${escapeMrkdwn(s.title)}*\n` : '';
    const lines = i === 0 ? s.lines : s.lines.map((line) => `\`${line.replace(/`/g, 'ˋ')}\``);
    blocks.push(section(`${heading}${lines.join('\n')}`));
  }
  return {
    text: truncate([title, ...(first?.lines ?? []), ...rest.flatMap((s) => s.lines)].join('\n'), 3000),
    blocks,
  };
}
