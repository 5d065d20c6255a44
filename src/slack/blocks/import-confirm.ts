import type { ImportPreview } from '../../data/preview-sink.ts';
import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { escapeMrkdwn, truncate } from '../../shared/escape.ts';
import { type Block, SLACK_LIMITS, type SlackMessage } from '../../shared/slack-message.ts';
import { contextLine, section } from './common.ts';

/** The buttons of a big import waiting for an editor. */
export const IMPORT_ACTIONS = { apply: 'kpi_import_apply', cancel: 'kpi_import_cancel' } as const;

/** How long an editor has to apply a big import. */
export const CONFIRM_WITHIN_MS = 24 * 3_600_000;

/** A big import waiting for Apply: the file as checked (its bytes' hash), when, and the counts shown. */
export interface PendingImport {
  file: { id: string; name: string; url: string; size: number; sha256: string };
  at: number;
  preview: ImportPreview;
  /** `period=` of the upload's message (the days a grid covers), applied with the file. */
  period?: string;
}

/** The button value: the pending import itself (Slack keeps it; the hash ties it to the bytes checked). */
export function pendingValue(pending: PendingImport): string {
  const { file, at, preview, period } = pending;
  return JSON.stringify({
    f: [file.id, truncate(file.name, 200), file.url, file.size, file.sha256],
    t: at,
    p: [preview.added, preview.updated, preview.stageDates, preview.existing],
    ...(period === undefined ? {} : { r: truncate(period, 100) }),
  });
}

export function parsePending(value: string | undefined): PendingImport | null {
  try {
    const v = JSON.parse(value ?? '') as { f?: unknown[]; t?: unknown; p?: unknown[]; r?: unknown };
    const [id, name, url, size, sha256] = v.f ?? [];
    const [added, updated, stageDates, existing] = (v.p ?? []).map(Number);
    if (typeof id !== 'string' || typeof name !== 'string' || typeof url !== 'string') return null;
    if (typeof sha256 !== 'string' || typeof v.t !== 'number') return null;
    return {
      file: { id, name, url, size: Number(size), sha256 },
      at: v.t,
      preview: {
        added: added ?? 0,
        updated: updated ?? 0,
        stageDates: stageDates ?? 0,
        existing: existing ?? 0,
      },
      ...(typeof v.r === 'string' ? { period: v.r } : {}),
    };
  } catch {
    return null;
  }
}

/** "This import would change 35 of 120 stored rows …": the counts, and Apply / Cancel. */
export function renderImportConfirm(
  locale: Locale,
  pending: PendingImport & { limits: { share: number; stageDates: number } },
): SlackMessage {
  const { preview, limits } = pending;
  const percent = preview.existing > 0 ? Math.round((preview.updated / preview.existing) * 100) : 0;
  const text = t(locale, 'changes.confirm.ask', {
    name: escapeMrkdwn(pending.file.name),
    updated: preview.updated,
    existing: preview.existing,
    percent,
    share: Math.round(limits.share * 100),
    stageDates: preview.stageDates,
    maxStageDates: limits.stageDates,
    added: preview.added,
  });
  const value = pendingValue(pending);
  const blocks: Block[] = [section(`:warning: ${text}`)];
  if (value.length <= SLACK_LIMITS.buttonValue) {
    blocks.push({
      type: 'actions',
      block_id: 'kpi_import_confirm',
      elements: [
        {
          type: 'button',
          action_id: IMPORT_ACTIONS.apply,
          style: 'primary',
          text: { type: 'plain_text', text: t(locale, 'changes.confirm.apply') },
          value,
        },
        {
          type: 'button',
          action_id: IMPORT_ACTIONS.cancel,
          text: { type: 'plain_text', text: t(locale, 'changes.confirm.cancel') },
          value,
        },
      ],
    });
  }
  const note = contextLine([t(locale, 'changes.confirm.who')]);
  if (note) blocks.push(note);
  return { text: truncate(text, 3000), blocks };
}
