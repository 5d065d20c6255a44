import type { App, BlockButtonAction } from '@slack/bolt';
import type { Asker } from '../../command/handler.ts';
import { t } from '../../i18n/catalogue.ts';
import { renderNotice } from '../../shared/slack-message.ts';
import { ACTIONS, shareable } from '../blocks/common.ts';
import { resultToCsv } from '../csv.ts';
import type { SlackDeps } from '../deps.ts';
import { errorText, failureReply } from '../failure.ts';
import { answerQuery } from '../handlers/query.ts';
import { guardShare } from '../handlers/sensitive.ts';
import { ephemeral } from './command.ts';

/** The buttons under an answer: share it in the channel, download the full table as CSV. */
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

  app.action<BlockButtonAction>(ACTIONS.csv, async ({ ack, body, action, respond, client }) => {
    await ack();
    const locale = await deps.locales.of(body.user.id);
    try {
      const parsed = deps.services.parse(action.value ?? '', locale);
      if (!parsed.ok || parsed.value.kind !== 'query') return;
      const allowed = await answerQuery(
        parsed.value.query,
        action.value ?? '',
        { user: body.user.id, channel: body.channel?.id ?? '', team: body.team?.id, locale },
        deps,
      );
      if (!allowed.blocks.some((b) => b.block_id === 'kpi_actions')) {
        await ephemeral(respond, allowed);
        return;
      }
      const result = await deps.services.run(parsed.value.query);
      const by = parsed.value.query.by;
      const label = by === null ? 'total' : by.kind === 'time' ? by.grain : by.dimension;
      const dm = await client.conversations.open({ users: body.user.id });
      const channel = dm.channel?.id;
      if (!channel) throw new Error('conversations.open returned no channel');
      await client.files.uploadV2({
        channel_id: channel,
        filename: 'kpi.csv',
        title: action.value ?? 'kpi',
        file: Buffer.from(resultToCsv(result, label)),
        initial_comment: t(locale, 'slack.csv.comment', { title: action.value ?? '' }),
      });
      await ephemeral(respond, renderNotice(t(locale, 'slack.csv.sent')));
    } catch (error) {
      await ephemeral(respond, failureReply(error, locale, deps.logger, 'csv'));
    }
  });
}
