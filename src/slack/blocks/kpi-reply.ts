import { t } from '../../i18n/catalogue.ts';
import type { MetricId } from '../../kpi/query.ts';
import type { MetricDelta, MetricValue, QueryResult, ResultRow } from '../../kpi/result.ts';
import { escapeCode, escapeMrkdwn, truncate } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import { contextLine, header, replyActions, section } from './common.ts';
import type { MetricInfo, RenderContext } from './types.ts';

const DEFAULT_MAX_ROWS = 15;
const TABLE_METRICS = 3;
const LABEL_WIDTH = 24;
/** Room left in a section for the code fences and the "others" line. */
const TABLE_BUDGET = 2_700;

/** ▲ / ▼ with the relative change, and whether that direction is good for this metric. */
export function deltaText(
  delta: MetricDelta | undefined,
  info: MetricInfo,
  ctx: RenderContext,
  withEmoji: boolean,
): string {
  if (!delta || delta.rel === null) return '';
  const arrow = delta.rel > 0 ? '▲' : delta.rel < 0 ? '▼' : '=';
  const sign = delta.rel > 0 ? '+' : '';
  const pct = `${arrow} ${sign}${ctx.format(delta.rel, 'percent', 'EUR')}`;
  if (!withEmoji || delta.rel === 0 || info.better === 'none') return pct;
  const good = delta.rel > 0 === (info.better === 'up');
  return `${pct} ${good ? ':large_green_circle:' : ':red_circle:'} ${t(ctx.locale, good ? 'slack.delta.good' : 'slack.delta.bad')}`;
}

function valueText(
  value: MetricValue | undefined,
  info: MetricInfo,
  result: QueryResult,
  ctx: RenderContext,
): string {
  if (!value || value.value === null) {
    const reason = value?.na ? ` (${t(ctx.locale, value.na.messageKey)})` : '';
    return `${t(ctx.locale, 'common.na')}${reason}`;
  }
  return ctx.format(value.value, info.unit, result.currency);
}

function totalsSection(result: QueryResult, metrics: readonly MetricInfo[], ctx: RenderContext): Block {
  const fields = metrics.slice(0, 10).map((info) => {
    const value = valueText(result.total.values[info.id], info, result, ctx);
    const delta = deltaText(result.total.delta?.[info.id], info, ctx, true);
    return {
      type: 'mrkdwn' as const,
      text: truncate(`*${escapeMrkdwn(info.name)}*\n${value}${delta ? `  ${delta}` : ''}`, 2000),
    };
  });
  return { type: 'section', fields };
}

function pad(text: string, width: number, right = false): string {
  const chars = [...text];
  const cut = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text;
  const fill = ' '.repeat(Math.max(0, width - [...cut].length));
  return right ? fill + cut : cut + fill;
}

function tableLine(
  label: string,
  row: ResultRow,
  metrics: readonly MetricInfo[],
  result: QueryResult,
  ctx: RenderContext,
): string {
  const cells = metrics.map((info) => {
    const v = valueText(row.values[info.id], info, result, ctx).slice(0, 16);
    const d = deltaText(row.delta?.[info.id], info, ctx, false);
    return pad(d ? `${v} ${d}` : v, d ? 26 : 14, true);
  });
  return `${escapeCode(pad(label, LABEL_WIDTH))} ${cells.join(' ')}`;
}

/** The breakdown as a monospace table, cut to the top N rows (and to the section budget). */
function tableSection(
  result: QueryResult,
  metrics: readonly MetricInfo[],
  ctx: RenderContext,
): { block: Block; cut: boolean } {
  const shown = metrics.slice(0, TABLE_METRICS);
  const max = ctx.maxRows ?? DEFAULT_MAX_ROWS;
  const lines: string[] = [];
  let used = 0;
  for (const row of result.rows) {
    if (lines.length >= max) break;
    const line = tableLine(row.label, row, shown, result, ctx);
    if (used + line.length + 1 > TABLE_BUDGET) break;
    lines.push(line);
    used += line.length + 1;
  }
  const hidden = result.rows.length - lines.length;
  const others = hidden > 0 ? `\n${t(ctx.locale, 'slack.table.others', { count: hidden })}` : '';
  const head = `${pad('', LABEL_WIDTH)} ${shown.map((m) => escapeCode(pad(m.name, 14, true))).join(' ')}`;
  return { block: section(`\`\`\`${head}\n${lines.join('\n')}\`\`\`${others}`), cut: hidden > 0 };
}

function filtersText(result: QueryResult): string {
  return result.query.filters
    .map((f) => `${f.dimension} = ${f.values.map(escapeMrkdwn).join(', ')}`)
    .join('; ');
}

/** The context line: period (and the one compared with), filters, freshness, formula. */
export function replyContext(
  result: QueryResult,
  metrics: readonly MetricInfo[],
  ctx: RenderContext,
): Block | null {
  const { locale } = ctx;
  const filters = filtersText(result);
  return contextLine([
    t(locale, 'slack.context.period', { period: escapeMrkdwn(result.period.label) }) +
      (result.previousPeriod
        ? ` ${t(locale, 'slack.context.vs', { period: escapeMrkdwn(result.previousPeriod.label) })}`
        : ''),
    filters ? t(locale, 'slack.context.filters', { filters }) : '',
    result.cohortAgeDays !== undefined
      ? t(locale, 'slack.context.cohort', { days: result.cohortAgeDays })
      : '',
    ctx.freshness !== null
      ? t(locale, 'slack.context.freshness', {
          when: `${new Date(ctx.freshness).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        })
      : '',
    ...metrics
      .slice(0, 3)
      .map((m) => t(locale, 'slack.context.formula', { formula: escapeMrkdwn(`${m.name} = ${m.formula}`) })),
  ]);
}

/** The answer to a /kpi question: totals with deltas, the breakdown table, the context line, the buttons. */
export function renderKpiReply(result: QueryResult, ctx: RenderContext, commandText: string): SlackMessage {
  const metrics = result.query.metrics.map((id: MetricId) => ctx.metric(id));
  const title = metrics.map((m) => m.name).join(' · ');
  const blocks: Block[] = [header(title), totalsSection(result, metrics, ctx)];
  let cut = false;
  if (result.query.by && result.rows.length > 0) {
    const table = tableSection(result, metrics, ctx);
    blocks.push(table.block);
    cut = table.cut;
  }
  const context = replyContext(result, metrics, ctx);
  if (context) blocks.push(context);
  blocks.push(replyActions(ctx.locale, commandText, cut || result.rows.length > 0));
  const summary = metrics
    .slice(0, 5)
    .map((m) => `${m.name}: ${valueText(result.total.values[m.id], m, result, ctx)}`)
    .join(', ');
  return { text: truncate(escapeMrkdwn(`${summary} (${result.period.label})`), 3000), blocks };
}
