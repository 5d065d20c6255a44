import type { WebClient } from '@slack/web-api';
import type { Clock } from '../shared/clock.ts';

/** How long a user group's members are trusted before Slack is asked again. */
const TTL_MS = 10 * 60_000;

/**
 * A user group's members (usergroups.users.list), cached per group: the revenue allow-list and
 * the editors' list both check them on every question. When Slack fails, the members last read
 * (none at first) stand; `onError` hears why.
 */
export function usergroupMembers(
  client: WebClient,
  clock: Clock,
  onError?: (error: unknown, group: string) => void,
): (group: string) => Promise<Set<string>> {
  const cache = new Map<string, { members: Set<string>; until: number }>();
  return async (group) => {
    const now = clock.now().getTime();
    const hit = cache.get(group);
    if (hit && hit.until > now) return hit.members;
    try {
      const res = await client.usergroups.users.list({ usergroup: group });
      const members = new Set(res.users ?? []);
      cache.set(group, { members, until: now + TTL_MS });
      return members;
    } catch (error) {
      onError?.(error, group);
      return hit?.members ?? new Set();
    }
  };
}
