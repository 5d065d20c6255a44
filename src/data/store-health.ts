import { errorText } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Db } from '../store/db.ts';

export interface StoreHealth {
  /** Null while the store answers; otherwise why it is considered unreachable. */
  problem(): string | null;
  stop(): void;
}

export interface StoreHealthOptions {
  logger: Logger;
  /** Between two probes (default 2 s). */
  intervalMs?: number;
  /** A probe slower than this counts as a failure (default 2 s). */
  timeoutMs?: number;
}

/**
 * Probes the store with `SELECT 1` on a timer, for GET /ready: a replica whose store is
 * unreachable is taken out of rotation while it still acknowledges Slack (and answers from
 * memory). Logs each change once, not each failed probe.
 */
export function watchStore(db: Db, options: StoreHealthOptions): StoreHealth {
  let problem: string | null = null;
  let probing = false;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const probe = async () => {
    if (probing) return;
    probing = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        db.query('SELECT 1 AS ok'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (problem !== null) options.logger.info({}, 'store reachable again');
      problem = null;
    } catch (error) {
      if (problem === null) options.logger.warn({ error: errorText(error) }, 'store unreachable');
      problem = `store unreachable: ${errorText(error)}`;
    } finally {
      clearTimeout(timer);
      probing = false;
    }
  };
  const timer = setInterval(() => void probe(), options.intervalMs ?? 2_000);
  timer.unref();
  return {
    problem: () => problem,
    stop: () => clearInterval(timer),
  };
}
