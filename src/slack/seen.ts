import type { Clock } from '../shared/clock.ts';
import type { Db } from '../store/db.ts';

/**
 * Remembers keys for a while: a request signature (replay protection) or an event id
 * (Slack's retries). `firstTime` is atomic: of two callers with the same key, one gets true.
 */
export interface SeenStore {
  firstTime(key: string, ttlMs: number): Promise<boolean>;
}

/** Shared by every replica through the store (table `slack_seen`, migration 004). */
export function createDbSeenStore(db: Db, clock: Clock): SeenStore {
  let lastPurge = 0;
  return {
    async firstTime(key, ttlMs) {
      const now = clock.now().getTime();
      if (now - lastPurge > 60_000) {
        lastPurge = now;
        await db.execute('DELETE FROM slack_seen WHERE expires_at < $1', [now]);
      }
      // An expired row for the same key is taken over; a live one means "seen".
      const changed = await db.execute(
        `INSERT INTO slack_seen (key, expires_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE slack_seen.expires_at < $3`,
        [key, now + ttlMs, now],
      );
      return changed > 0;
    },
  };
}

/** A SeenStore that also answers synchronously: the no-I/O path before an ack. */
export interface MemorySeenStore extends SeenStore {
  firstTimeNow(key: string, ttlMs: number): boolean;
}

/**
 * Per process only: for tests, single-instance setups, and the fast first look before the
 * shared store. Expired keys are swept at most once a second (not on every call: under load
 * that sweep would cost more than the lookup).
 */
export function createMemorySeenStore(clock: Clock): MemorySeenStore {
  const seen = new Map<string, number>();
  let lastSweep = 0;
  const firstTimeNow = (key: string, ttlMs: number): boolean => {
    const now = clock.now().getTime();
    if (now - lastSweep > 1000) {
      lastSweep = now;
      for (const [k, until] of seen) if (until < now) seen.delete(k);
    }
    if ((seen.get(key) ?? Number.NEGATIVE_INFINITY) >= now) return false;
    seen.set(key, now + ttlMs);
    return true;
  };
  return {
    firstTimeNow,
    firstTime: (key, ttlMs) => Promise.resolve(firstTimeNow(key, ttlMs)),
  };
}
