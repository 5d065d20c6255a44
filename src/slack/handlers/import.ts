import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Asker } from '../../command/handler.ts';
import { t } from '../../i18n/catalogue.ts';
import { escapeMrkdwn } from '../../shared/escape.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { renderError } from '../blocks/error.ts';
import { renderIngestReport } from '../blocks/ingest-report.ts';
import type { SlackDeps } from '../deps.ts';

/** A file as Slack describes it (files.info, files.list, message `files`). */
export interface SlackFile {
  id?: string | undefined;
  name?: string | null | undefined;
  url_private?: string | undefined;
  url_private_download?: string | undefined;
}

/**
 * Downloads a shared file with the bot token (Slack's url_private needs an Authorization
 * header), lets ingest detect its preset and store it, and returns the ingest report.
 */
export async function importSlackFile(
  file: SlackFile,
  locale: Asker['locale'],
  deps: SlackDeps,
): Promise<SlackMessage> {
  const name = file.name ?? 'upload.csv';
  const url = file.url_private_download ?? file.url_private;
  const failed = () =>
    renderError(locale, t(locale, 'slack.import.download_failed', { name: escapeMrkdwn(name) }));
  if (!url) return failed();
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${deps.botToken}` },
    redirect: 'follow',
  });
  if (!response.ok) {
    deps.logger.warn({ status: response.status, file: file.id }, 'slack file download failed');
    return failed();
  }
  const dir = await mkdtemp(join(tmpdir(), 'kpi-import-'));
  try {
    const path = join(dir, basename(name).replace(/[^\w.\- ]/g, '_') || 'upload.csv');
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    const report = await deps.services.importFile(path, name);
    deps.logger.info(
      { file: file.id, accepted: report.accepted, rejected: report.rejected },
      'slack import done',
    );
    return renderIngestReport(locale, report);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `/kpi import <name>`: the most recent file with that name shared in this channel. */
export async function importByName(fileName: string, asker: Asker, deps: SlackDeps): Promise<SlackMessage> {
  const wanted = fileName.trim().toLowerCase();
  const listed = await deps.client.files.list({ channel: asker.channel, count: 100 });
  const file = (listed.files ?? []).find((f) => (f.name ?? '').toLowerCase() === wanted);
  if (!file) {
    return renderError(
      asker.locale,
      t(asker.locale, 'slack.import.not_found', { name: escapeMrkdwn(fileName) }),
    );
  }
  return importSlackFile(file, asker.locale, deps);
}
