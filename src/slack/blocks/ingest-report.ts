import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { spanText, totalCheckText } from '../../ingest/report.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import type { Block, SlackMessage } from '../../shared/slack-message.ts';
import type { ImportSummary } from '../services.ts';
import { section } from './common.ts';

const SHOWN_REJECTIONS = 10;

/**
 * The ingest report of an imported file: preset, rows accepted and rejected, why. A campaign
 * grid also gets the days its rows span and, when its rows disagree with its own total row, both
 * figures: the same texts as the CLI's report (ingest/report.ts).
 */
export function renderIngestReport(locale: Locale, report: ImportSummary): SlackMessage {
  const headline = t(locale, 'slack.import.report', {
    name: escapeMrkdwn(report.name),
    preset: escapeMrkdwn(report.preset),
    accepted: report.accepted,
    rejected: report.rejected,
  });
  const blocks: Block[] = [section(`:inbox_tray: ${headline}`)];
  const grid: string[] = [];
  if (report.span) {
    // An upload's span comes from the file or from `period=` in its message (no --period in Slack).
    const text =
      report.span.how === 'period'
        ? t(locale, 'slack.import.span.message', { from: report.span.from, to: report.span.to })
        : spanText(report.span, locale);
    grid.push(`:calendar: ${text}`);
  }
  if (report.totalCheck && report.currency) {
    const text = totalCheckText(report.totalCheck, report.currency, locale, (label) =>
      escapeMrkdwn(truncate(label, 100)),
    );
    grid.push(`:warning: ${text}`);
  }
  if (grid.length > 0) blocks.push(section(grid.join('\n')));
  if (report.id) {
    blocks.push(
      section(
        t(locale, 'changes.import.id', {
          id: escapeMrkdwn(report.id),
          added: report.added ?? '?',
          updated: report.updated ?? '?',
        }),
      ),
    );
  }
  const reasons = report.rejections.slice(0, SHOWN_REJECTIONS).map((r) => {
    const params = Object.fromEntries(
      Object.entries(r.params).map(([k, v]) => [
        k,
        typeof v === 'string' ? escapeMrkdwn(truncate(v, 100)) : v,
      ]),
    );
    const reason = truncate(t(locale, r.key, params), 250);
    return `• ${t(locale, 'slack.import.rejection', { row: r.row, reason })}`;
  });
  if (reasons.length > 0) blocks.push(section(reasons.join('\n')));
  const warnings = (report.warnings ?? []).map((w) => {
    const params = Object.fromEntries(
      Object.entries(w.params).map(([k, v]) => [
        k,
        typeof v === 'string' ? escapeMrkdwn(truncate(v, 100)) : v,
      ]),
    );
    return `:warning: ${truncate(t(locale, w.key, params), 400)}`;
  });
  if (warnings.length > 0) blocks.push(section(warnings.join('\n')));
  return { text: truncate(headline, 3000), blocks };
}
