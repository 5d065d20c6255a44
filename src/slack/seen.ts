import type { Clock } from '../shared/clock.ts';
import type { Db } from '../store/db.ts';

/**
 * Remembers keys for a while: a request signature (replay protection) or an event id
 * (Slack's retries). `firstTime` is atomic: of two callers with the same key, one gets true.
 */
export interface SeenStore {
  firstTime(key: string, ttlMs: number): Promise<boolean>;
}

export interface DbSeenOptions {
  /**
   * Keys asked within this many milliseconds go to the store together, in one statement
   * (default 10): under load one write per request cost the event loop more than the ack.
   */
  batchMs?: number;
}

/** Rows per statement (well under both engines' limits on parameters). */
const BATCH_ROWS = 500;

interface Waiting {
  key: string;
  ttlMs: number;
  resolve: (first: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Shared by every replica through the store (table `slack_seen`, migration 004). The keys
 * asked in a short window are written in one INSERT … ON CONFLICT … RETURNING: the rows it
 * returns are the keys this process took first (inserted, or an expired row taken over); a
 * live row of another replica is left alone and not returned, so that replica keeps the key.
 */
export function createDbSeenStore(db: Db, clock: Clock, options: DbSeenOptions = {}): SeenStore {
  const batchMs = options.batchMs ?? 10;
  let lastPurge = 0;
  let queue: Waiting[] = [];
  let scheduled = false;

  async function write(batch: readonly Waiting[]): Promise<Set<string>> {
    const now = clock.now().getTime();
    const values: string[] = [];
    const params: unknown[] = [now];
    for (const w of batch) {
      params.push(w.key, now + w.ttlMs);
      values.push(`($${params.length - 1}, $${params.length})`);
    }
    const rows = await db.query<{ key: string }>(
      `INSERT INTO slack_seen (key, expires_at) VALUES ${values.join(', ')}
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE slack_seen.expires_at < $1
       RETURNING key`,
      params,
    );
    return new Set(rows.map((r) => r.key));
  }

  async function flush(): Promise<void> {
    scheduled = false;
    const taken = queue;
    queue = [];
    const now = clock.now().getTime();
    try {
      if (now - lastPurge > 60_000) {
        lastPurge = now;
        await db.execute('DELETE FROM slack_seen WHERE expires_at < $1', [now]);
      }
    } catch {
      // The purge is housekeeping; the writes below say whether the store answers.
    }
    // A key asked twice in one batch: the first asker may have it, the others not (one row
    // may not be changed twice by one statement either).
    const first = new Map<string, Waiting>();
    for (const w of taken) {
      if (first.has(w.key)) w.resolve(false);
      else first.set(w.key, w);
    }
    // Sorted: two replicas writing overlapping keys take the rows' locks in the same order
    // (Postgres would otherwise be free to deadlock two such statements).
    const unique = [...first.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (let at = 0; at < unique.length; at += BATCH_ROWS) {
      const batch = unique.slice(at, at + BATCH_ROWS);
      try {
        const won = await write(batch);
        for (const w of batch) w.resolve(won.has(w.key));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  }

  return {
    firstTime(key, ttlMs) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ key, ttlMs, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setTimeout(() => void flush(), batchMs);
        }
      });
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
