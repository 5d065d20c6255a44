import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { firstOnly } from '../dedupe.ts';
import type { SlackDeps } from '../deps.ts';
import { failureReply } from '../failure.ts';
import { importSlackFile, type SlackFile } from '../handlers/import.ts';
import { uploadPeriodClause } from '../upload-period.ts';

const isCsv = (file: SlackFile & { filetype?: string }) =>
  file.filetype === 'csv' || /\.(csv|tsv|txt)$/i.test(file.name ?? '');

/**
 * A CSV dropped in a DM with the bot is imported. Slack sends both a `message` (subtype
 * file_share) and a `file_shared` event for one upload: the file id is claimed once.
 */
export function registerFileImport(app: App, deps: SlackDeps): void {
  async function importOnce(
    file: SlackFile & { filetype?: string },
    channel: string,
    user: string,
    text: string | undefined,
  ): Promise<void> {
    if (!file.id || !isCsv(file) || !(await deps.seen.firstTime(`file:${file.id}`, 24 * 3_600_000))) return;
    const locale = await deps.locales.of(user);
    let message: SlackMessage;
    try {
      const period = uploadPeriodClause(text);
      message = await importSlackFile(file, { user, channel, team: undefined, locale }, deps, 'dm', period);
    } catch (error) {
      message = failureReply(error, locale, deps.logger, 'import');
    }
    await deps.client.chat.postMessage({ channel, ...message });
  }

  app.message(
    firstOnly<SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs>(async ({ message }) => {
      if (message.channel_type !== 'im' || message.subtype !== 'file_share') return;
      for (const file of message.files ?? []) {
        await importOnce(file, message.channel, message.user, message.text);
      }
    }),
  );

  app.event(
    'file_shared',
    firstOnly<SlackEventMiddlewareArgs<'file_shared'> & AllMiddlewareArgs>(async ({ event, client }) => {
      if (!event.channel_id.startsWith('D')) return;
      const info = await client.files.info({ file: event.file_id });
      // The message's text (its `period=`) rides along as the file's initial comment when Slack gives it.
      if (info.file) {
        await importOnce(info.file, event.channel_id, event.user_id, info.file.initial_comment?.comment);
      }
    }),
  );
}
