import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Asker } from '../../command/handler.ts';
import { t } from '../../i18n/catalogue.ts';
import type { WhyResult } from '../../kpi/why.ts';
import { renderNotice, type SlackMessage } from '../../shared/slack-message.ts';
import { ACTIONS, shareable } from '../blocks/common.ts';
import { ackFirst } from '../dedupe.ts';
import type { SlackDeps } from '../deps.ts';
import { errorText, failureReply } from '../failure.ts';
import {
  chartDownload,
  csvDownload,
  type Download,
  sendToAsker,
  whyCsvDownload,
} from '../handlers/downloads.ts';
import { answerQuery, runAllowedQuery } from '../handlers/query.ts';
import { guardShare } from '../handlers/sensitive.ts';
import { answerWhy, runAllowedWhy } from '../handlers/why.ts';
import { ephemeral } from './command.ts';

type Make = (
  result: Parameters<typeof csvDownload>[0],
  commandText: string,
  asker: Asker,
) => Download | SlackMessage | Promise<Download | SlackMessage>;
/** The same file for a `why` answer (null: this button does not apply to `why`). */
type MakeWhy = ((result: WhyResult, commandText: string, asker: Asker) => Download) | null;

/** A button that re-asks the answer's question and sends the asker a file made from it. */
function registerDownload(
  app: App,
  deps: SlackDeps,
  actionId: string,
  make: Make,
  makeWhy: MakeWhy,
  what: string,
): void {
  app.action<BlockButtonAction>(
    actionId,
    ackFirst<SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs>(
      async ({ body, action, respond, client }) => {
        const locale = await deps.locales.of(body.user.id);
        const asker: Asker = {
          user: body.user.id,
          channel: body.channel?.id ?? '',
          team: body.team?.id,
          locale,
        };
        const text = action.value ?? '';
        try {
          const parsed = deps.services.parse(text, locale);
          const command = parsed.ok ? parsed.value : null;
          const fits = command?.kind === 'query' || (command?.kind === 'why' && makeWhy !== null);
          if (!parsed.ok || !command || !fits) {
            await ephemeral(
              respond,
              renderNotice(parsed.ok ? t(locale, 'common.internal') : errorText(parsed.error, locale)),
            );
            return;
          }
          let file: Download | SlackMessage;
          if (command.kind === 'why' && makeWhy) {
            const answer = await runAllowedWhy(command.request, asker, deps);
            if (!answer.ok) {
              await ephemeral(respond, answer.refusal);
              return;
            }
            file = makeWhy(answer.result, text, asker);
          } else if (command.kind === 'query') {
            const answer = await runAllowedQuery(command.query, asker, deps);
            if (!answer.ok) {
              await ephemeral(respond, answer.refusal);
              return;
            }
            file = await make(answer.result, text, asker);
          } else return;
          if (!('data' in file)) {
            await ephemeral(respond, file);
            return;
          }
          await sendToAsker(client, asker, text || 'kpi', file);
          await ephemeral(respond, file.sent);
        } catch (error) {
          await ephemeral(respond, failureReply(error, locale, deps.logger, what));
        }
      },
    ),
  );
}

/** The buttons under an answer: share it in the channel, the full table as CSV, the chart as PNG. */
export function registerAnswerActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(
    ACTIONS.share,
    ackFirst<SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs>(
      async ({ body, action, respond, client }) => {
        const channel = body.channel?.id ?? '';
        const locale = await deps.locales.of(body.user.id);
        const asker: Asker = { user: body.user.id, channel, team: body.team?.id, locale };
        try {
          const parsed = deps.services.parse(action.value ?? '', locale);
          const command = parsed.ok ? parsed.value : null;
          if (!parsed.ok || (command?.kind !== 'query' && command?.kind !== 'why')) {
            await ephemeral(
              respond,
              renderNotice(parsed.ok ? t(locale, 'common.internal') : errorText(parsed.error, locale)),
            );
            return;
          }
          const metrics = command.kind === 'why' ? { metrics: [command.request.metric] } : command.query;
          const refused = await guardShare(metrics, asker, deps);
          if (refused) {
            await ephemeral(respond, refused);
            return;
          }
          const message =
            command.kind === 'why'
              ? await answerWhy(command.request, action.value ?? '', asker, deps)
              : await answerQuery(command.query, action.value ?? '', asker, deps);
          try {
            await client.chat.postMessage({ channel, ...shareable(message, locale, body.user.id) });
          } catch (error) {
            deps.logger.warn({ err: error, channel }, 'share in channel failed');
            await ephemeral(respond, renderNotice(t(locale, 'slack.share.failed')));
          }
        } catch (error) {
          await ephemeral(respond, failureReply(error, locale, deps.logger, 'share'));
        }
      },
    ),
  );
  registerDownload(app, deps, ACTIONS.csv, csvDownload, whyCsvDownload, 'csv');
  registerDownload(app, deps, ACTIONS.chart, chartDownload, null, 'chart');
}
