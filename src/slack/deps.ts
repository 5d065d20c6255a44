import type { WebClient } from '@slack/web-api';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { AccessPolicy } from './access.ts';
import type { DownloadLimits } from './download.ts';
import type { EditorPolicy } from './editors.ts';
import type { LocaleResolver } from './locale.ts';
import type { SeenStore } from './seen.ts';
import type { KpiServices, SlackExtensions } from './services.ts';

/** An import changing more than `share` of the stored rows, or more than `stageDates` stage dates, is confirmed first. */
export interface ConfirmLimits {
  share: number;
  stageDates: number;
}

/** What the listeners and handlers need, built once in app.ts. */
export interface SlackDeps {
  services: KpiServices;
  extensions: SlackExtensions;
  locales: LocaleResolver;
  access: AccessPolicy;
  /** Who may change data and configuration (imports, refresh, alert rules, subscriptions). */
  editors: EditorPolicy;
  /** Where a shared file may be downloaded from with the token, and how big it may be. */
  downloads: DownloadLimits;
  /** When an import must be confirmed by an editor before it is applied. */
  confirm: ConfirmLimits;
  logger: Logger;
  clock: Clock;
  /** The bot token: file downloads from url_private need it in an Authorization header. */
  botToken: string;
  /** The interactive client (short retry policy), for calls outside a listener. */
  client: WebClient;
  /** Keys already handled (an uploaded file is imported once). */
  seen: SeenStore;
}
