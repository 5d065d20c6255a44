import type { AllMiddlewareArgs, App, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Asker } from '../../command/handler.ts';
import { METRIC_IDS } from '../../kpi/query.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { renderError } from '../blocks/error.ts';
import { renderQueryModal } from '../blocks/modal.ts';
import { ackFirst } from '../dedupe.ts';
import type { SlackDeps } from '../deps.ts';
import { errorText, failureReply } from '../failure.ts';
import { dispatch } from '../handlers/dispatch.ts';
import { answerPatiently } from '../handlers/patient.ts';
import { afterAcks } from '../turns.ts';

export const ephemeral = (respond: RespondFn, message: SlackMessage) =>
  respond({ response_type: 'ephemeral', replace_original: false, ...message });

/**
 * /kpi: acknowledged at once (Slack's 3 s), then parsed, answered and sent through the
 * response_url, however long the engine takes. `/kpi` alone opens the question builder.
 */
export function registerKpiCommand(app: App, deps: SlackDeps): void {
  app.command(
    '/kpi',
    ackFirst<SlackCommandMiddlewareArgs & AllMiddlewareArgs>(async ({ command, respond, client }) => {
      // The work after the ack (language, parse, render context, handing the query to a thread)
      // runs synchronously up to its first real wait: under a burst it held the event loop
      // before the next request was read. It waits for a turn of its own, so acks go first.
      await afterAcks();
      const locale = await deps.locales.of(command.user_id);
      const asker: Asker = {
        user: command.user_id,
        channel: command.channel_id,
        team: command.team_id,
        locale,
      };
      const text = command.text.trim();
      try {
        const parsed =
          text === '' ? ({ ok: true, value: { kind: 'modal' } } as const) : deps.services.parse(text, locale);
        if (!parsed.ok) {
          await ephemeral(respond, renderError(locale, errorText(parsed.error, locale)));
          return;
        }
        if (parsed.value.kind === 'modal') {
          const ctx = await deps.services.renderContext(locale);
          const view = renderQueryModal(
            locale,
            METRIC_IDS.map((id) => ctx.metric(id)),
            command.channel_id,
          );
          await client.views.open({ trigger_id: command.trigger_id, view });
          return;
        }
        const started = deps.clock.now().getTime();
        const parsedCommand = parsed.value;
        const answer = await answerPatiently(() => dispatch(parsedCommand, text, asker, deps), {
          locale,
          notify: (notice) => ephemeral(respond, notice),
          loaded: () => deps.services.loaded?.() ?? true,
        });
        await ephemeral(respond, answer);
        const ms = deps.clock.now().getTime() - started;
        deps.logger.info(
          { user: asker.user, channel: asker.channel, kind: parsed.value.kind, ms },
          'kpi command answered',
        );
      } catch (error) {
        await ephemeral(respond, failureReply(error, locale, deps.logger, 'command'));
      }
    }),
  );
}
