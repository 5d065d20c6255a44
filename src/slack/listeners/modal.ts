import type {
  AllMiddlewareArgs,
  App,
  SlackViewMiddlewareArgs,
  ViewStateValue,
  ViewSubmitAction,
} from '@slack/bolt';
import { isDimension } from '../../model/dimension.ts';
import { truncate } from '../../shared/escape.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { ACTIONS } from '../blocks/common.ts';
import { renderError } from '../blocks/error.ts';
import { MODAL_FILTERS, modalToCommandText } from '../blocks/modal.ts';
import { ackFirst } from '../dedupe.ts';
import type { SlackDeps } from '../deps.ts';
import { errorText, failureReply } from '../failure.ts';
import { dispatch } from '../handlers/dispatch.ts';

/** The question builder: type-ahead values from the data, and the answer on submit. */
export function registerModal(app: App, deps: SlackDeps): void {
  app.options<'block_suggestion'>({ action_id: /^filter:/ }, async ({ ack, options }) => {
    const actionId = 'action_id' in options ? String(options.action_id) : '';
    const dimension = actionId.slice('filter:'.length);
    const values = isDimension(dimension)
      ? await deps.services.suggestValues(dimension, options.value, 100)
      : [];
    await ack({
      options: values.map((v) => ({
        text: { type: 'plain_text', text: truncate(v, 75) },
        value: truncate(v, 150),
      })),
    });
  });

  app.view(
    ACTIONS.modalSubmit,
    ackFirst<SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs>(
      async ({ body, view, client }) => {
        const user = body.user.id;
        const channel = view.private_metadata;
        const locale = await deps.locales.of(user, body.user.id === user ? undefined : undefined);
        const state = view.state.values;
        const pick = (block: string): ViewStateValue | undefined => Object.values(state[block] ?? {})[0];
        const filters: Record<string, string[]> = {};
        for (const dimension of MODAL_FILTERS) {
          filters[dimension] = (pick(`filter_${dimension}`)?.selected_options ?? []).map((o) => o.value);
        }
        const text = modalToCommandText({
          metric: pick('metric')?.selected_option?.value ?? '',
          by: pick('by')?.selected_option?.value ?? null,
          period: pick('period')?.selected_option?.value ?? null,
          filters,
          compare: (pick('compare')?.selected_options ?? []).length > 0,
        });
        let message: SlackMessage;
        try {
          const parsed = deps.services.parse(text, locale);
          message = parsed.ok
            ? await dispatch(parsed.value, text, { user, channel, team: body.team?.id, locale }, deps)
            : renderError(locale, errorText(parsed.error, locale));
        } catch (error) {
          message = failureReply(error, locale, deps.logger, 'modal');
        }
        try {
          await client.chat.postEphemeral({ channel, user, ...message });
        } catch {
          // Not in that channel (or a DM with someone else): answer in our own DM instead.
          await client.chat.postMessage({ channel: user, ...message });
        }
      },
    ),
  );
}
