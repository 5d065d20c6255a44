import type { Locale } from '../i18n/locale.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import type { Command } from './types.ts';

/*
 * The contract of a sub-command handler: what `/kpi digest …` and `/kpi alerts …` handlers
 * (owned by the digest and alert areas) take and return. The Slack adapter dispatches to them;
 * they answer with a message as data and never see Bolt.
 */

/** Who asked, and where: what a sub-command handler needs to answer. */
export interface Asker {
  user: string;
  channel: string;
  team: string | undefined;
  locale: Locale;
}

/** A sub-command owned by another area (digest, alerts): it returns the ephemeral reply. */
export type SubcommandHandler<C extends Command = Command> = (
  command: C,
  asker: Asker,
) => Promise<SlackMessage>;

/** A line list for the App Home (digest subscriptions, alert rules). */
export type HomeSection = (locale: Locale) => Promise<string[]>;
