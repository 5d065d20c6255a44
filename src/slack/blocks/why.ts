import { t } from '../../i18n/catalogue.ts';
import { dataEndText } from '../../kpi/coverage.ts';
import type { WhyResult } from '../../kpi/why.ts';
import { contributionBar, type WhyRowView, whyView } from '../../kpi/why-text.ts';
import { escapeCode, escapeMrkdwn, truncate } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import { contextLine, header, replyActions, section } from './common.ts';
import type { RenderContext } from './types.ts';

/** Longest group label in the table (campaign names can be long), before escaping. */
const LABEL_WIDTH = 26;
const MRKDWN = { esc: escapeMrkdwn, bold: (text: string) => `*${text}*` };

function cell(text: string, width: number, right: boolean): string {
  const cut = truncate(text, width);
  const fill = ' '.repeat(Math.max(0, width - [...cut].length));
  return right ? fill + cut : cut + fill;
}

/** The drivers as a monospace table with a bar per contribution (data escaped for a code block). */
function table(
  rows: readonly WhyRowView[],
  ratio: boolean,
  result: WhyResult,
  locale: RenderContext['locale'],
): string {
  const largest = Math.max(...rows.map((r) => Math.abs(r.amount)));
  const names = {
    dimension: t(locale, `kpi.dimension.${result.dimension}`),
    amount: [
      t(locale, 'why.col.contribution'),
      ...(ratio ? [t(locale, 'why.col.mix'), t(locale, 'why.col.rate')] : []),
    ],
    share: t(locale, 'why.col.share'),
  };
  const len = (s: string) => [...s].length;
  const widths = {
    label: Math.min(LABEL_WIDTH, Math.max(...rows.map((r) => len(r.label)), len(names.dimension))),
    amount: Math.max(
      ...rows.flatMap((r) => [r.contribution, r.mix, r.rate].map(len)),
      ...names.amount.map(len),
    ),
    share: Math.max(...rows.map((r) => len(r.share)), len(names.share)),
  };
  const line = (label: string, cells: readonly string[], share: string, bar: string) =>
    [
      escapeCode(cell(label, widths.label, false)),
      ...cells.map((c) => cell(c, widths.amount, true)),
      cell(share, widths.share, true),
      bar,
    ].join('  ');
  const head = line(names.dimension, names.amount, names.share, '').trimEnd();
  const body = rows.map((r) =>
    line(
      r.label,
      [r.contribution, ...(ratio ? [r.mix, r.rate] : [])],
      r.share,
      contributionBar(r.amount, largest, 6),
    ),
  );
  return `\`\`\`${[head, ...body].join('\n')}\`\`\``;
}

/**
 * The answer to `/kpi why <metric>`: the change, the drivers as a table with bars, the dimension
 * picked and the method, the check that the parts add up, and the same Share / CSV buttons as
 * answers. Every value that came from data is escaped; the message fits Block Kit's limits.
 */
export function renderWhyReply(result: WhyResult, ctx: RenderContext, commandText: string): SlackMessage {
  const { locale } = ctx;
  const view = whyView(result, locale, MRKDWN);
  const blocks: Block[] = [header(view.title), section(view.headline)];
  if (view.rows.length > 0) {
    blocks.push(section(table(view.rows, result.method === 'shift-share', result, locale)));
    const values = view.rows
      .filter((r) => !r.others && r.values !== '')
      .map((r) => `*${escapeMrkdwn(truncate(r.label, 60))}*: ${r.values}`);
    if (values.length > 0) blocks.push(section(values.join('\n')));
  }
  const filters = result.request.filters
    .map((f) => `${f.dimension} = ${f.values.map((v) => escapeMrkdwn(v)).join(', ')}`)
    .join('; ');
  const context = contextLine([
    ...view.notes,
    filters ? t(locale, 'slack.context.filters', { filters }) : '',
    // Where the data stops before the period ends, as under answers: a fall made of missing days.
    result.dataEnds?.length ? `:warning: ${escapeMrkdwn(dataEndText(result.dataEnds, locale))}` : '',
    ctx.freshness !== null
      ? t(locale, 'slack.context.freshness', {
          when: `${new Date(ctx.freshness).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        })
      : '',
  ]);
  if (context) blocks.push(context);
  blocks.push(replyActions(locale, commandText, { csv: view.rows.length > 0 }));
  return { text: truncate(view.fallback, 3000) || view.title, blocks };
}
