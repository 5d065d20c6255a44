import type { App, BlockButtonAction } from '@slack/bolt';
import type { Asker } from '../../command/handler.ts';
import { t } from '../../i18n/catalogue.ts';
import { renderNotice, type SlackMessage } from '../../shared/slack-message.ts';
import { ACTIONS, shareable } from '../blocks/common.ts';
import type { SlackDeps } from '../deps.ts';
import { errorText, failureReply } from '../failure.ts';
import { chartDownload, csvDownload, type Download, sendToAsker } from '../handlers/downloads.ts';
import { answerQuery, runAllowedQuery } from '../handlers/query.ts';
import { guardShare } from '../handlers/sensitive.ts';
import { ephemeral } from './command.ts';

type Make = (
  result: Parameters<typeof csvDownload>[0],
  commandText: string,
  asker: Asker,
) => Download | SlackMessage | Promise<Download | SlackMessage>;

/** A button that re-asks the answer's question and sends the asker a file made from it. */
function registerDownload(app: App, deps: SlackDeps, actionId: string, make: Make, what: string): void {
  app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond, client }) => {
    await ack();
    const locale = await deps.locales.of(body.user.id);
    const asker: Asker = { user: body.user.id, channel: body.channel?.id ?? '', team: body.team?.id, locale };
    const text = action.value ?? '';
    try {
      const parsed = deps.services.parse(text, locale);
      if (!parsed.ok || parsed.value.kind !== 'query') {
        await ephemeral(
          respond,
          renderNotice(parsed.ok ? t(locale, 'common.internal') : errorText(parsed.error, locale)),
        );
        return;
      }
      const answer = await runAllowedQuery(parsed.value.query, asker, deps);
      if (!answer.ok) {
        await ephemeral(respond, answer.refusal);
        return;
      }
      const file = await make(answer.result, text, asker);
      if (!('data' in file)) {
        await ephemeral(respond, file);
        return;
      }
      await sendToAsker(client, asker, text || 'kpi', file);
      await ephemeral(respond, file.sent);
    } catch (error) {
      await ephemeral(respond, failureReply(error, locale, deps.logger, what));
    }
  });
}

/** The buttons under an answer: share it in the channel, the full table as CSV, the chart as PNG. */
export function registerAnswerActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ACTIONS.share, async ({ ack, body, action, respond, client }) => {
    await ack();
    const channel = body.channel?.id ?? '';
    const locale = await deps.locales.of(body.user.id);
    const asker: Asker = { user: body.user.id, channel, team: body.team?.id, locale };
    try {
      const parsed = deps.services.parse(action.value ?? '', locale);
      if (!parsed.ok || parsed.value.kind !== 'query') {
        await ephemeral(
          respond,
          renderNotice(parsed.ok ? t(locale, 'common.internal') : errorText(parsed.error, locale)),
        );
        return;
      }
      const refused = await guardShare(parsed.value.query, asker, deps);
      if (refused) {
        await ephemeral(respond, refused);
        return;
      }
      const message = await answerQuery(parsed.value.query, action.value ?? '', asker, deps);
      try {
        await client.chat.postMessage({ channel, ...shareable(message, locale, body.user.id) });
      } catch (error) {
        deps.logger.warn({ err: error, channel }, 'share in channel failed');
        await ephemeral(respond, renderNotice(t(locale, 'slack.share.failed')));
      }
    } catch (error) {
      await ephemeral(respond, failureReply(error, locale, deps.logger, 'share'));
    }
  });
  registerDownload(app, deps, ACTIONS.csv, csvDownload, 'csv');
  registerDownload(app, deps, ACTIONS.chart, chartDownload, 'chart');
}
