import { t } from '../../i18n/catalogue.ts';
import { NaNotes } from '../../kpi/notes.ts';
import type { QueryResult } from '../../kpi/result.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import type { Block } from '../../shared/slack-message.ts';
import type { StoredChange } from '../../store/changes.ts';
import { answerCells, changeMrkdwn } from './answer-cells.ts';
import { header, notesContext, section } from './common.ts';
import { changeLine } from './history.ts';
import { type SourceStatus, sourceLines } from './sources.ts';
import type { RenderContext } from './types.ts';

export interface HomeData {
  /** The headline KPIs, this week compared with last week (one result, no breakdown). */
  week: QueryResult | null;
  sources: readonly SourceStatus[];
  digests: readonly string[];
  alerts: readonly string[];
  /** The last changes of data and configuration (the last five), newest first. */
  changes?: readonly StoredChange[];
}

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

const list = (lines: readonly string[], none: string): string =>
  lines.length === 0 ? none : truncate(lines.map((l) => `• ${l}`).join('\n'), 2900);

/** The App Home tab: this week against last, the sources, digests and alert rules. */
export function renderHome(data: HomeData, ctx: RenderContext): HomeView {
  const { locale } = ctx;
  const none = t(locale, 'slack.home.none');
  const blocks: Block[] = [header(t(locale, 'slack.home.title'))];
  if (data.week) {
    const week = data.week;
    // The same cells as a /kpi answer: short label, compact number, arrow and colour.
    const notes = new NaNotes(locale);
    const cells = answerCells(week, locale, notes);
    const fields = week.query.metrics.slice(0, 10).map((id) => {
      const info = ctx.metric(id);
      const change = changeMrkdwn(cells.change(week.total, id));
      return {
        type: 'mrkdwn' as const,
        text: `*${escapeMrkdwn(info.short)}*\n${cells.value(week.total, id)}${change ? `  ${change}` : ''}`,
      };
    });
    if (fields.length > 0) blocks.push({ type: 'section', fields });
    const under = notesContext(notes.notes().map((note) => note.text));
    if (under) blocks.push(under);
  }
  blocks.push({ type: 'divider' }, header(t(locale, 'slack.home.sources')));
  blocks.push(section(list(sourceLines(locale, data.sources), t(locale, 'slack.sources.empty'))));
  blocks.push(header(t(locale, 'slack.home.digests')), section(list(data.digests.map(escapeMrkdwn), none)));
  blocks.push(header(t(locale, 'slack.home.alerts')), section(list(data.alerts.map(escapeMrkdwn), none)));
  if (data.changes) {
    const lines = data.changes.map((c) => changeLine(c, locale));
    blocks.push(
      header(t(locale, 'changes.history.title')),
      section(list(lines, t(locale, 'changes.history.empty'))),
    );
  }
  return { type: 'home', blocks };
}
