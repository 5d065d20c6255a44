import type { WebClient } from '@slack/web-api';
import type { Asker } from '../../command/handler.ts';
import { t } from '../../i18n/catalogue.ts';
import { metricDef } from '../../kpi/catalogue.ts';
import { layoutAnswer } from '../../kpi/layout.ts';
import type { QueryResult } from '../../kpi/result.ts';
import type { WhyResult } from '../../kpi/why.ts';
import { renderNotice, type SlackMessage } from '../../shared/slack-message.ts';
import { renderAnswerChart } from '../answer-chart.ts';
import { resultToCsv, whyToCsv } from '../csv.ts';

/** A file the answer's buttons send: what it is called and what it holds. */
export interface Download {
  filename: string;
  data: Buffer;
  comment: string;
  /** The ephemeral reply once the file is on its way. */
  sent: SlackMessage;
}

/** Uploads a file to the asker's DM (an answer is private until shared: so is its file). */
export async function sendToAsker(
  client: WebClient,
  asker: Asker,
  title: string,
  file: Download,
): Promise<void> {
  const dm = await client.conversations.open({ users: asker.user });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  await client.files.uploadV2({
    channel_id: channel,
    filename: file.filename,
    title,
    file: file.data,
    initial_comment: file.comment,
  });
}

/** "Download CSV": every row and every metric of the answer. */
export function csvDownload(result: QueryResult, commandText: string, asker: Asker): Download {
  const by = result.query.by;
  const label = by === null ? 'total' : by.kind === 'time' ? by.grain : by.dimension;
  return {
    filename: 'kpi.csv',
    data: Buffer.from(resultToCsv(result, label)),
    comment: t(asker.locale, 'slack.csv.comment', { title: commandText }),
    sent: renderNotice(t(asker.locale, 'slack.csv.sent')),
  };
}

/**
 * "Chart": bars by group as a PNG, through the digest's vega-lite → PNG path (whose stack loads
 * on the first chart, not with the app). A notice instead when no group has a number to draw.
 */
export async function chartDownload(
  result: QueryResult,
  commandText: string,
  asker: Asker,
): Promise<Download | SlackMessage> {
  const first = result.query.metrics[0];
  const drawable =
    first !== undefined && layoutAnswer(result).rows.some((row) => row.values[first]?.value !== null);
  if (!drawable) {
    const metric = first ? metricDef(first).short[asker.locale] : '';
    return renderNotice(t(asker.locale, 'slack.chart.empty', { metric }));
  }
  const chart = await renderAnswerChart(result, asker.locale);
  return {
    filename: 'kpi-chart.png',
    data: chart.png,
    comment: t(asker.locale, 'slack.chart.comment', { title: commandText }),
    sent: renderNotice(t(asker.locale, 'slack.chart.sent')),
  };
}

/** "Download CSV" under a `why` answer: every driver, "others" and the total change, exact. */
export function whyCsvDownload(result: WhyResult, commandText: string, asker: Asker): Download {
  return {
    filename: 'kpi-why.csv',
    data: Buffer.from(whyToCsv(result)),
    comment: t(asker.locale, 'slack.csv.comment', { title: commandText }),
    sent: renderNotice(t(asker.locale, 'slack.csv.sent')),
  };
}
