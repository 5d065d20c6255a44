import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Asker } from '../../command/handler.ts';
import { t } from '../../i18n/catalogue.ts';
import { escapeMrkdwn } from '../../shared/escape.ts';
import { renderNotice, type SlackMessage } from '../../shared/slack-message.ts';
import {
  CONFIRM_WITHIN_MS,
  IMPORT_ACTIONS,
  type PendingImport,
  parsePending,
} from '../blocks/import-confirm.ts';
import { ackFirst } from '../dedupe.ts';
import type { SlackDeps } from '../deps.ts';
import { failureReply } from '../failure.ts';
import { applyConfirmedImport } from '../handlers/import.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** One decision per pending import, whichever replica or button gets the click. */
const decisionKey = (pending: PendingImport) => `import-decision:${pending.file.sha256}:${pending.at}`;

/**
 * Apply / Cancel under a big import: only an editor decides, within 24 hours, once. Apply
 * downloads the file again and imports it if its bytes are the ones whose counts were shown.
 */
export function registerImportConfirm(app: App, deps: SlackDeps): void {
  const decide = (actionId: string, what: 'apply' | 'cancel') =>
    app.action<BlockButtonAction>(
      actionId,
      ackFirst<ButtonArgs>(async ({ body, action, respond }) => {
        const user = body.user.id;
        const locale = await deps.locales.of(user);
        const reply = (message: SlackMessage, replace: boolean) =>
          respond({ response_type: 'ephemeral', replace_original: replace, ...message });
        const pending = parsePending(action.value);
        if (!pending) return;
        try {
          const refused = await deps.editors.refuse(user, 'apply', locale, `import ${what}`);
          if (refused) {
            await reply(refused, false);
            return;
          }
          if (deps.clock.now().getTime() - pending.at > CONFIRM_WITHIN_MS) {
            await reply(renderNotice(t(locale, 'changes.confirm.expired')), true);
            return;
          }
          if (!(await deps.seen.firstTime(decisionKey(pending), CONFIRM_WITHIN_MS + 3_600_000))) {
            await reply(renderNotice(t(locale, 'changes.confirm.decided')), false);
            return;
          }
          if (what === 'cancel') {
            deps.logger.info({ user, file: pending.file.id }, 'big import cancelled');
            const name = escapeMrkdwn(pending.file.name);
            await reply(
              renderNotice(t(locale, 'changes.confirm.cancelled', { name, who: `<@${user}>` })),
              true,
            );
            return;
          }
          const asker: Asker = { user, channel: body.channel?.id ?? '', team: body.team?.id, locale };
          await reply(await applyConfirmedImport(pending, asker, deps), true);
        } catch (error) {
          await reply(failureReply(error, locale, deps.logger, `import ${what}`), false);
        }
      }),
    );
  decide(IMPORT_ACTIONS.apply, 'apply');
  decide(IMPORT_ACTIONS.cancel, 'cancel');
}
