import { t } from '../../i18n/catalogue.ts';
import type { AnswerLayout } from '../../kpi/layout.ts';
import type { MetricId } from '../../kpi/query.ts';
import type { QueryResult, ResultRow } from '../../kpi/result.ts';
import { breakdownWord } from '../../kpi/words.ts';
import { escapeCode, escapeMrkdwn, truncate } from '../../shared/escape.ts';
import { type Block, SLACK_LIMITS } from '../../shared/slack-message.ts';
import { type AnswerCells, changeCode, changeMrkdwn } from './answer-cells.ts';
import { type ColumnGroup, codeTables } from './code-table.ts';
import { section } from './common.ts';
import type { MetricInfo, RenderContext } from './types.ts';
import { PHONE_CODE_WIDTH } from './width.ts';

/** Up to this many rows (and more than one metric), a breakdown reads as sentences, not a table. */
export const FEW_ROWS = 4;
/** A label column narrower than this sends metrics to a second table. */
const MIN_LABEL = 10;
/** A group name in a sentence: long enough to tell campaigns apart, short enough for a phone. */
const NAME_IN_LINE = 60;
/** Room for the code fences in a section. */
const SECTION_BUDGET = SLACK_LIMITS.sectionText - 20;

/** What the body of an answer is made of, and what it had to leave out. */
export interface AnswerBody {
  blocks: Block[];
  /** Metrics that did not fit the phone-width tables (they are in the CSV). */
  dropped: MetricInfo[];
  /** Rows left out to keep a section within Slack's limit (on top of the layout's `more`). */
  cut: number;
}

const name = (row: ResultRow): string => `*${escapeMrkdwn(truncate(row.label, NAME_IN_LINE))}*`;

function valueWithChange(cells: AnswerCells, row: ResultRow, id: MetricId): string {
  const change = changeMrkdwn(cells.change(row, id));
  return change ? `${cells.value(row, id)} ${change}` : cells.value(row, id);
}

/** No breakdown: one field per metric (a section holds ten). */
function fields(result: QueryResult, metrics: readonly MetricInfo[], cells: AnswerCells): Block[] {
  const blocks: Block[] = [];
  for (let at = 0; at < metrics.length; at += SLACK_LIMITS.sectionFields) {
    const chunk = metrics.slice(at, at + SLACK_LIMITS.sectionFields);
    blocks.push({
      type: 'section',
      fields: chunk.map((m) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${escapeMrkdwn(m.short)}*\n${valueWithChange(cells, result.total, m.id)}`, 2000),
      })),
    });
  }
  return blocks;
}

/** Sections of whole lines, each within Slack's section limit. */
function linesSections(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > SECTION_BUDGET) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

/**
 * A breakdown with one metric, or a few rows: one sentence per group, in proportional type;
 * groups ranked ("1.", "2.") in the answer's order, time buckets simply in time order.
 */
function lines(
  result: QueryResult,
  layout: AnswerLayout,
  metrics: readonly MetricInfo[],
  cells: AnswerCells,
): Block[] {
  const [only] = metrics;
  const ranked = result.query.by?.kind === 'dimension';
  const text = layout.rows.map((row, i) =>
    metrics.length === 1 && only
      ? `${ranked ? `${i + 1}. ` : ''}${name(row)}  ${valueWithChange(cells, row, only.id)}`
      : `${name(row)}: ${metrics
          .map((m) => `${escapeMrkdwn(m.short)} ${valueWithChange(cells, row, m.id)}`)
          .join(' · ')}`,
  );
  return linesSections(text);
}

/** The breakdown as code-block tables no wider than a phone, within the section limit. */
function tables(
  result: QueryResult,
  layout: AnswerLayout,
  metrics: readonly MetricInfo[],
  cells: AnswerCells,
  ctx: RenderContext,
): AnswerBody {
  const compared = result.previousPeriod !== null;
  const build = (rows: readonly ResultRow[]) => {
    const groups: ColumnGroup[] = metrics.map((m) => [
      {
        header: m.short,
        cells: rows.map((row) => cells.value(row, m.id)),
        total: cells.value(result.total, m.id),
      },
      ...(compared
        ? [
            {
              header: '',
              cells: rows.map((row) => changeCode(cells.change(row, m.id))),
              total: changeCode(cells.change(result.total, m.id)),
            },
          ]
        : []),
    ]);
    const built = codeTables({
      labels: rows.map((row) => row.label),
      totalLabel: t(ctx.locale, 'slack.answer.total'),
      groups,
      width: PHONE_CODE_WIDTH,
      minLabel: MIN_LABEL,
      maxTables: 2,
    });
    const texts = built.tables.map((lines) => `\`\`\`\n${lines.map(escapeCode).join('\n')}\n\`\`\``);
    return { texts, dropped: built.dropped };
  };
  // Hostile names escape to several characters each: fewer rows until every table fits.
  let rows = layout.rows;
  let built = build(rows);
  while (rows.length > 1 && built.texts.some((text) => text.length > SECTION_BUDGET)) {
    rows = rows.slice(0, -1);
    built = build(rows);
  }
  return {
    blocks: built.texts.map(section),
    dropped: built.dropped.map((i) => metrics[i]).filter((m): m is MetricInfo => m !== undefined),
    cut: layout.rows.length - rows.length,
  };
}

/**
 * The body of an answer, in the shape that reads best on a phone: fields for a total, sentences
 * for one metric or a few groups, phone-width tables otherwise.
 */
export function answerBody(
  result: QueryResult,
  layout: AnswerLayout,
  metrics: readonly MetricInfo[],
  cells: AnswerCells,
  ctx: RenderContext,
): AnswerBody {
  const by = result.query.by;
  if (!by) {
    return { blocks: metrics.length > 1 ? fields(result, metrics, cells) : [], dropped: [], cut: 0 };
  }
  if (layout.rows.length === 0) {
    const groups = breakdownWord(by, ctx.locale);
    return { blocks: [section(t(ctx.locale, 'slack.answer.no_rows', { groups }))], dropped: [], cut: 0 };
  }
  if (metrics.length === 1 || (layout.rows.length <= FEW_ROWS && layout.more === 0)) {
    return { blocks: lines(result, layout, metrics, cells), dropped: [], cut: 0 };
  }
  return tables(result, layout, metrics, cells, ctx);
}
