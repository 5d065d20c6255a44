import type { WebClient } from '@slack/web-api';
import type { Clock } from '../shared/clock.ts';
import { usergroupMembers } from './usergroup-members.ts';

/** The optional allow-list for revenue-sensitive metrics (config `access`). */
export interface AccessList {
  channels?: readonly string[];
  users?: readonly string[];
  usergroups?: readonly string[];
}

export interface AccessPolicy {
  /** True when `user` in `channel` may see revenue-sensitive metrics. */
  maySeeSensitive(user: string, channel: string): Promise<boolean>;
  /**
   * True when `user` may have revenue-sensitive content posted into `channel` (share in channel,
   * an alert's or a digest's destination): they may see it there, and when a channel list is
   * configured the channel is on it (an allow-listed person cannot publish revenue anywhere).
   */
  mayPostSensitive(user: string, channel: string): Promise<boolean>;
  /** True when `user` is allowed as a person (user list or user group), wherever they are. */
  isAllowedPerson(user: string): Promise<boolean>;
}

/** No list configured: everyone may see everything. Members of a user group are cached. */
export function createAccessPolicy(
  list: AccessList | undefined,
  client: WebClient,
  clock: Clock,
): AccessPolicy {
  const members = usergroupMembers(client, clock);
  const { channels = [], users = [], usergroups = [] } = list ?? {};
  const open = channels.length + users.length + usergroups.length === 0;
  async function person(user: string): Promise<boolean> {
    if (users.includes(user)) return true;
    for (const group of usergroups) if ((await members(group)).has(user)) return true;
    return false;
  }
  return {
    async maySeeSensitive(user, channel) {
      if (open) return true;
      return channels.includes(channel) || (await person(user));
    },
    async mayPostSensitive(user, channel) {
      if (open) return true;
      if (channels.length > 0 && !channels.includes(channel)) return false;
      return channels.includes(channel) || (await person(user));
    },
    async isAllowedPerson(user) {
      return open || (await person(user));
    },
  };
}
