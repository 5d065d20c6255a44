import type { Locale } from './locale.ts';
import { alertsMessages } from './messages/alerts.ts';
import { apiMessages } from './messages/api.ts';
import { changesMessages } from './messages/changes.ts';
import { commandMessages } from './messages/command.ts';
import { commonMessages } from './messages/common.ts';
import { configMessages } from './messages/config.ts';
import { digestMessages } from './messages/digest.ts';
import { ingestMessages } from './messages/ingest.ts';
import { kpiMessages } from './messages/kpi.ts';
import { scheduleMessages } from './messages/schedule.ts';
import { sheetsMessages } from './messages/sheets.ts';
import { slackMessages } from './messages/slack.ts';
import { startupMessages } from './messages/startup.ts';
import { storeMessages } from './messages/store.ts';
import { whyMessages } from './messages/why.ts';
import type { Message } from './table.ts';

/**
 * The one message catalogue. Each area keeps its table in `messages/<area>.ts` (so areas
 * can grow without touching each other); keys are prefixed with the area name.
 */
export const catalogue = {
  ...commonMessages,
  ...ingestMessages,
  ...storeMessages,
  ...configMessages,
  ...sheetsMessages,
  ...apiMessages,
  ...kpiMessages,
  ...commandMessages,
  ...slackMessages,
  ...digestMessages,
  ...alertsMessages,
  ...scheduleMessages,
  ...startupMessages,
  ...whyMessages,
  ...changesMessages,
} as const;

export type MessageKey = keyof typeof catalogue;
export type MessageParams = Readonly<Record<string, string | number>>;

/** Localized text for a key, with `{param}` placeholders filled in. */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const message: Message = catalogue[key];
  return message[locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogue, key);
}
