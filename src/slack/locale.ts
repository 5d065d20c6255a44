import type { WebClient } from '@slack/web-api';
import { type Locale, toLocale } from '../i18n/locale.ts';
import type { Clock } from '../shared/clock.ts';

const TTL_MS = 60 * 60_000;

/** The user's language: their Slack locale (users.info, cached an hour) or the workspace's. */
export interface LocaleResolver {
  of(user: string, hint?: string): Promise<Locale>;
}

/**
 * `hint` is a locale Slack already sent in the payload (view submissions carry none, block
 * actions sometimes do). A failing users.info (rate limit, scope) falls back to the workspace
 * language at once: the interactive client never waits behind long retries.
 */
export function createLocaleResolver(client: WebClient, fallback: Locale, clock: Clock): LocaleResolver {
  const cache = new Map<string, { locale: Locale; until: number }>();
  return {
    async of(user, hint) {
      if (hint) return toLocale(hint, fallback);
      const now = clock.now().getTime();
      const hit = cache.get(user);
      if (hit && hit.until > now) return hit.locale;
      let locale = fallback;
      try {
        const info = await client.users.info({ user, include_locale: true });
        locale = toLocale(info.user?.locale, fallback);
      } catch {
        // Keep the fallback, and do not ask again for a minute.
        cache.set(user, { locale, until: now + 60_000 });
        return locale;
      }
      cache.set(user, { locale, until: now + TTL_MS });
      return locale;
    },
  };
}
