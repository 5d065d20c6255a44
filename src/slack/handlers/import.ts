import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Asker } from '../../command/handler.ts';
import { parseSpanText } from '../../command/period-span.ts';
import type { ImportPreview } from '../../data/preview-sink.ts';
import { t } from '../../i18n/catalogue.ts';
import { escapeMrkdwn } from '../../shared/escape.ts';
import type { SlackMessage } from '../../shared/slack-message.ts';
import { renderError } from '../blocks/error.ts';
import { type PendingImport, renderImportConfirm } from '../blocks/import-confirm.ts';
import { renderIngestReport } from '../blocks/ingest-report.ts';
import type { ConfirmLimits, SlackDeps } from '../deps.ts';
import { downloadSlackFile } from '../download.ts';
import type { ChangeBy, UploadPeriod } from '../services.ts';

/** A file as Slack describes it (files.info, files.list, message `files`). */
export interface SlackFile {
  id?: string | undefined;
  name?: string | null | undefined;
  url_private?: string | undefined;
  url_private_download?: string | undefined;
  /** Bytes, as Slack announces them (checked before any download). */
  size?: number | undefined;
}

const MB = 1024 * 1024;
/** 250, 1.5, 0.00381: three significant digits at most. */
const megabytes = (bytes: number): number => Number((bytes / MB).toPrecision(3));

/**
 * An editor's import of a shared file: downloaded with the bot token (Slack's url_private needs
 * an Authorization header) to a temporary file, as a stream with a size limit, only from Slack's
 * file host; ingest detects its preset and stores it. Returns the reply (the report, or why not).
 */
export async function importSlackFile(
  file: SlackFile,
  asker: Asker,
  deps: SlackDeps,
  via: 'dm' | 'command',
  periodText?: string | null,
): Promise<SlackMessage> {
  const refused = await deps.editors.refuse(asker.user, 'import', asker.locale, 'import');
  if (refused) return refused;
  // `period=` of the message (the days a grid covers): checked before anything is downloaded.
  const period: UploadPeriod | undefined =
    periodText == null ? undefined : { text: periodText, locale: asker.locale };
  if (period && parseSpanText(period.text, period.locale) === null) {
    return renderError(
      asker.locale,
      t(asker.locale, 'slack.import.periodInvalid', {
        name: escapeMrkdwn(file.name ?? 'upload.csv'),
        period: escapeMrkdwn(period.text),
      }),
    );
  }
  return withDownload(file, asker, deps, async (path, got, name) => {
    const preview = await deps.services.previewImport(path, period);
    const url = file.url_private_download ?? file.url_private ?? '';
    if (needsConfirmation(preview, deps.confirm)) {
      deps.logger.info({ file: file.id, user: asker.user, ...preview }, 'big import waits for an editor');
      return renderImportConfirm(asker.locale, {
        file: { id: file.id ?? '', name, url, size: got.bytes, sha256: got.sha256 },
        at: deps.clock.now().getTime(),
        preview,
        limits: deps.confirm,
        ...(period ? { period: period.text } : {}),
      });
    }
    return runImport(path, name, got, { user: asker.user, via }, asker, deps, file.id, period);
  });
}

/**
 * An editor's Apply on a big import: the file is downloaded again and must be the same bytes
 * (same SHA-256) as the one whose counts were shown; then it is imported.
 */
export async function applyConfirmedImport(
  pending: PendingImport,
  asker: Asker,
  deps: SlackDeps,
): Promise<SlackMessage> {
  const file: SlackFile = { id: pending.file.id, name: pending.file.name, url_private: pending.file.url };
  return withDownload(file, asker, deps, async (path, got, name) => {
    if (got.sha256 !== pending.file.sha256) {
      deps.logger.warn(
        { file: pending.file.id, user: asker.user },
        'confirmed import changed since it was checked',
      );
      return renderError(
        asker.locale,
        t(asker.locale, 'changes.confirm.changed', { name: escapeMrkdwn(name) }),
      );
    }
    return runImport(
      path,
      name,
      got,
      { user: asker.user, via: 'button', confirmed: pending.preview },
      asker,
      deps,
      pending.file.id,
      pending.period === undefined ? undefined : { text: pending.period, locale: asker.locale },
    );
  });
}

/** Above the share of stored rows, or the number of stage dates, an editor confirms first. */
export function needsConfirmation(preview: ImportPreview, limits: ConfirmLimits): boolean {
  return (
    (preview.existing > 0 && preview.updated > limits.share * preview.existing) ||
    preview.stageDates > limits.stageDates
  );
}

async function runImport(
  path: string,
  name: string,
  got: { bytes: number; sha256: string },
  by: ChangeBy & { confirmed?: ImportPreview },
  asker: Asker,
  deps: SlackDeps,
  fileId: string | undefined,
  period?: UploadPeriod,
): Promise<SlackMessage> {
  const report = await deps.services.importFile(
    path,
    name,
    { ...by, bytes: got.bytes, sha256: got.sha256 },
    period,
  );
  deps.logger.info(
    {
      file: fileId,
      user: asker.user,
      bytes: got.bytes,
      accepted: report.accepted,
      rejected: report.rejected,
    },
    'slack import done',
  );
  return renderIngestReport(asker.locale, report);
}

/**
 * Downloads a shared file to a temporary folder (streamed, size-limited, Slack's file host only)
 * and hands it to `use`; the folder is removed afterwards. A refused download is the reply.
 */
async function withDownload(
  file: SlackFile,
  asker: Asker,
  deps: SlackDeps,
  use: (path: string, got: { bytes: number; sha256: string }, name: string) => Promise<SlackMessage>,
): Promise<SlackMessage> {
  const { locale } = asker;
  const name = file.name ?? 'upload.csv';
  const shown = escapeMrkdwn(name);
  const url = file.url_private_download ?? file.url_private;
  const failed = () => renderError(locale, t(locale, 'slack.import.download_failed', { name: shown }));
  if (!url) return failed();
  const dir = await mkdtemp(join(tmpdir(), 'kpi-import-'));
  try {
    const path = join(dir, basename(name).replace(/[^\w.\- ]/g, '_') || 'upload.csv');
    const got = await downloadSlackFile(url, file.size, path, deps.botToken, deps.downloads, deps.logger);
    if (!got.ok) {
      if (got.reason === 'too_big') {
        const size = megabytes(got.bytes);
        const max = megabytes(deps.downloads.maxBytes);
        return renderError(locale, t(locale, 'changes.download.too_big', { name: shown, size, max }));
      }
      if (got.reason === 'host') {
        return renderError(locale, t(locale, 'changes.download.host', { name: shown, host: got.host }));
      }
      return failed();
    }
    return await use(path, got, name);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `/kpi import <name>`: the most recent file with that name shared in this channel. */
export async function importByName(fileName: string, asker: Asker, deps: SlackDeps): Promise<SlackMessage> {
  const refused = await deps.editors.refuse(asker.user, 'import', asker.locale, 'import');
  if (refused) return refused;
  const wanted = fileName.trim().toLowerCase();
  const listed = await deps.client.files.list({ channel: asker.channel, count: 100 });
  const file = (listed.files ?? []).find((f) => (f.name ?? '').toLowerCase() === wanted);
  if (!file) {
    return renderError(
      asker.locale,
      t(asker.locale, 'slack.import.not_found', { name: escapeMrkdwn(fileName) }),
    );
  }
  return importSlackFile(file, asker, deps, 'command');
}
