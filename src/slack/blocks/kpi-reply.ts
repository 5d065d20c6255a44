import { t } from '../../i18n/catalogue.ts';
import { type AnswerLayout, layoutAnswer } from '../../kpi/layout.ts';
import { NaNotes, proratedNote } from '../../kpi/notes.ts';
import type { QueryResult } from '../../kpi/result.ts';
import { breakdownWord, emptyGroupsInWords, questionInWords } from '../../kpi/words.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import { answerBody, FEW_ROWS } from './answer-body.ts';
import { type AnswerCells, answerCells, changeMrkdwn } from './answer-cells.ts';
import { header, notesContext, replyActions, section } from './common.ts';
import { replyContext } from './kpi-context.ts';
import type { MetricInfo, RenderContext } from './types.ts';

/** Rows an answer shows before "+N more" (the CSV and the chart have them all). */
const DEFAULT_MAX_ROWS = 10;
/** Buckets a time breakdown shows (the latest ones). */
const TIME_ROWS = 16;
const MAX_ROWS = 25;
/** Metrics named in the headline's total line (the fields or the table show the others). */
const HEADLINE_METRICS = 3;

const groupName = (label: string): string => `*${escapeMrkdwn(truncate(label, 60))}*`;

/** The total line: "CPL *€48.20* ▼ −12% 🟢 · CAC *€1,150* · ROI *210%*". */
function totalLine(result: QueryResult, metrics: readonly MetricInfo[], cells: AnswerCells): string {
  return metrics
    .slice(0, HEADLINE_METRICS)
    .map((m) => {
      const change = changeMrkdwn(cells.change(result.total, m.id));
      return `${escapeMrkdwn(m.short)} *${cells.value(result.total, m.id)}*${change ? ` ${change}` : ''}`;
    })
    .join(' · ');
}

/** "Worst CPL: *Spring Sale* €92.10 · best: *Brand* €12.40" (highest/lowest for a neutral metric). */
function extremesLine(
  result: QueryResult,
  layout: AnswerLayout,
  first: MetricInfo,
  cells: AnswerCells,
  ctx: RenderContext,
): string {
  const extremes = layout.extremes;
  if (!extremes) return '';
  const { highest, lowest } = extremes;
  const say = (key: Parameters<typeof t>[1], row: typeof highest) =>
    t(ctx.locale, key, {
      metric: escapeMrkdwn(first.short),
      group: groupName(row.label),
      value: cells.value(row, first.id),
    });
  // A trend's weeks are not good or bad groups: say which was highest and lowest.
  if (first.better === 'none' || result.query.by?.kind === 'time') {
    return `${say('slack.answer.highest', highest)} · ${say('slack.answer.lowest', lowest)}`;
  }
  const [worst, best] = first.better === 'down' ? [highest, lowest] : [lowest, highest];
  return `:red_circle: ${say('slack.answer.worst', worst)} · :large_green_circle: ${say('slack.answer.best', best)}`;
}

/**
 * The first section: the answer itself. A total (and, for a breakdown, its best and worst
 * group); for one metric without a breakdown, the number and how it moved.
 */
function headline(
  result: QueryResult,
  layout: AnswerLayout,
  metrics: readonly MetricInfo[],
  cells: AnswerCells,
  ctx: RenderContext,
): Block | null {
  const [first] = metrics;
  if (!first) return null;
  if (!result.query.by) {
    if (metrics.length > 1) return null; // the fields are the headline
    const previous = result.total.previous;
    const vs = previous
      ? `  ${t(ctx.locale, 'slack.answer.previous', { value: cells.value({ ...result.total, values: previous }, first.id) })}`
      : '';
    return section(`${totalLine(result, [first], cells)}${vs}`);
  }
  const total = `*${t(ctx.locale, 'slack.answer.total')}* · ${totalLine(result, metrics, cells)}`;
  const extremes = extremesLine(result, layout, first, cells, ctx);
  return section(extremes ? `${total}\n${extremes}` : total);
}

/** Under the body: "+N more", the folded empty groups, metrics left to the CSV, the n/a reasons. */
function notesUnder(
  result: QueryResult,
  layout: AnswerLayout,
  dropped: readonly MetricInfo[],
  cut: number,
  notes: NaNotes,
  ctx: RenderContext,
): Block | null {
  const by = result.query.by;
  const lines: string[] = [];
  const more = layout.more + cut;
  if (by && more > 0) {
    const key = by.kind === 'time' ? 'slack.answer.earlier' : 'slack.answer.more';
    lines.push(t(ctx.locale, key, { count: more, groups: breakdownWord(by, ctx.locale, more) }));
  }
  if (by && layout.empty.count > 0) {
    lines.push(t(ctx.locale, 'kpi.empty.line', { groups: emptyGroupsInWords(layout.empty, by, ctx.locale) }));
  }
  if (dropped.length > 0) {
    lines.push(
      t(ctx.locale, 'slack.answer.dropped', {
        metrics: dropped.map((m) => escapeMrkdwn(m.short)).join(', '),
      }),
    );
  }
  lines.push(...notes.notes().map((note) => note.text));
  const prorated = proratedNote(result, ctx.locale);
  if (prorated) lines.push(prorated);
  return notesContext(lines);
}

/**
 * The answer to a /kpi question, read at a glance on a laptop or a phone: a header that states
 * the question, the answer in the first section, the body (fields, sentences or phone-width
 * tables), what was left out and why a cell is n/a, the context line, the buttons.
 */
export function renderKpiReply(result: QueryResult, ctx: RenderContext, commandText: string): SlackMessage {
  const metrics = result.query.metrics.map((id) => ctx.metric(id));
  // A trend shows more buckets than a ranking shows groups: a quarter of weeks fits.
  const wanted = ctx.maxRows ?? (result.query.by?.kind === 'time' ? TIME_ROWS : DEFAULT_MAX_ROWS);
  const maxRows = Math.min(MAX_ROWS, Math.max(1, wanted));
  const layout = layoutAnswer(result, maxRows);
  const notes = new NaNotes(ctx.locale);
  const cells = answerCells(result, ctx.locale, notes);
  const question = questionInWords(result, ctx.locale);

  // Headline, then body: footnote marks are numbered in reading order.
  const first = headline(result, layout, metrics, cells, ctx);
  const body = answerBody(result, layout, metrics, cells, ctx);
  const blocks: Block[] = [header(question)];
  // Nothing imported yet: say so first, and how to load data (the CLI says it in the same words).
  if (result.storeEmpty) {
    const how = t(ctx.locale, 'slack.no_data_how');
    blocks.push(section(`:information_source: ${t(ctx.locale, 'kpi.no_data', { how })}`));
  }
  if (first) blocks.push(first);
  blocks.push(...body.blocks);
  const under = notesUnder(result, layout, body.dropped, body.cut, notes, ctx);
  if (under) blocks.push(under);
  const context = replyContext(result, metrics, ctx);
  if (context) blocks.push(context);
  const breakdown = result.query.by !== null;
  blocks.push(
    replyActions(ctx.locale, commandText, {
      csv: breakdown && result.rows.length > 0,
      chart: breakdown && layout.rows.length + layout.more > FEW_ROWS,
    }),
  );
  const summary = metrics
    .slice(0, 5)
    .map((m) => `${m.short} ${cells.value(result.total, m.id)}`)
    .join(', ');
  return { text: truncate(escapeMrkdwn(`${question}: ${summary}`), 3000), blocks };
}
