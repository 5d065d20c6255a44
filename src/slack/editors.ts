import type { WebClient } from '@slack/web-api';
import { type MessageKey, t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import { renderError } from './blocks/error.ts';
import { usergroupMembers } from './usergroup-members.ts';

/** How long an owner/admin answer from users.info is trusted. */
const TTL_MS = 10 * 60_000;
/** A failed users.info is not asked again for this long (and counts as "not an editor"). */
const FAILED_TTL_MS = 60_000;

/** Who may change data and configuration (config `access.editors`). */
export interface EditorList {
  users?: readonly string[] | undefined;
  usergroups?: readonly string[] | undefined;
}

/** What only an editor may do; each has its words in the catalogue (`changes.action.*`). */
export const EDITOR_ACTIONS = [
  'import',
  'undo',
  'refresh',
  'alerts_add',
  'alerts_remove',
  'alerts_snooze',
  'alerts_mute',
  'subscribe',
  'unsubscribe',
  'apply',
] as const;
export type EditorAction = (typeof EDITOR_ACTIONS)[number];

export interface EditorPolicy {
  /** True when `user` may change data or configuration. */
  isEditor(user: string): Promise<boolean>;
  /**
   * Null when `user` may do `action`; otherwise the ephemeral refusal ("only editors can …,
   * ask …"), and a log line with the user and the action.
   */
  refuse(user: string, action: EditorAction, locale: Locale, where?: string): Promise<SlackMessage | null>;
}

/** What a listener registered by another area (alert buttons) needs: the check and the trail. */
export interface ChangeGate {
  refuse: EditorPolicy['refuse'];
  /** Appends a change to the trail (who, what, through what). */
  record(change: {
    actor: string;
    action: string;
    via: string;
    subject: string | null;
    details: Record<string, unknown>;
  }): Promise<void>;
}

/**
 * `access.editors` when configured (users, and members of user groups, cached like the revenue
 * allow-list). Otherwise the workspace's owners and admins, read from users.info (`is_owner`,
 * `is_admin`) and cached: a workspace that configured nothing is not open to everyone.
 * A failing Slack call fails closed.
 */
export function createEditorPolicy(
  list: EditorList | undefined,
  client: WebClient,
  clock: Clock,
  logger: Logger,
): EditorPolicy {
  const users = list?.users ?? [];
  const groups = list?.usergroups ?? [];
  const configured = users.length + groups.length > 0;
  const cache = new Map<string, { value: boolean; until: number }>();
  const members = usergroupMembers(client, clock, (error, group) =>
    logger.warn({ err: error, usergroup: group }, 'editors: user group members could not be read'),
  );

  async function adminOrOwner(user: string): Promise<boolean> {
    const now = clock.now().getTime();
    const hit = cache.get(user);
    if (hit && hit.until > now) return hit.value;
    try {
      const info = await client.users.info({ user });
      const value = info.user?.is_owner === true || info.user?.is_admin === true;
      cache.set(user, { value, until: now + TTL_MS });
      return value;
    } catch (error) {
      logger.warn({ err: error, user }, 'editors: users.info failed, treated as not an editor');
      cache.set(user, { value: false, until: now + FAILED_TTL_MS });
      return false;
    }
  }

  async function isEditor(user: string): Promise<boolean> {
    if (!configured) return adminOrOwner(user);
    if (users.includes(user)) return true;
    for (const group of groups) if ((await members(group)).has(user)) return true;
    return false;
  }

  /** Who to ask: the configured editors as mentions, else "a workspace owner or admin". */
  function whom(locale: Locale): string {
    if (!configured) return t(locale, 'changes.editors.admins');
    const names = [...users.map((u) => `<@${u}>`), ...groups.map((g) => `<!subteam^${g}>`)];
    const shown = names.slice(0, 5).join(', ');
    return names.length > 5 ? `${shown} …` : shown;
  }

  return {
    isEditor,
    async refuse(user, action, locale, where) {
      if (await isEditor(user)) return null;
      logger.warn({ user, action, where, configured }, 'change refused: not an editor');
      const what = t(locale, `changes.action.${action}` as MessageKey);
      return renderError(locale, t(locale, 'changes.editors.only', { action: what, names: whom(locale) }));
    },
  };
}
