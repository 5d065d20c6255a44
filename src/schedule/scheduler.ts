import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../shared/clock.ts';
import { errorText } from '../shared/errors.ts';
import { type Logger, silentLogger } from '../shared/logger.ts';
import type { Db } from '../store/db.ts';
import { createRunStore } from '../store/runs.ts';
import { cronExpression, dueRuns } from './due.ts';
import type { DigestPoster, PostOutcome } from './poster.ts';
import type { SubscriptionService } from './subscriptions.ts';

export interface SchedulerDeps {
  store: Db;
  clock: Clock;
  subscriptions: SubscriptionService;
  poster: DigestPoster;
  /** A run missed while the app was down is still posted within this window (default 6 h). */
  graceMs?: number;
  /**
   * How often every replica re-reads subscriptions and retries runs whose claim expired
   * (a node-cron expression; default every 5 minutes).
   */
  sweepCron?: string;
  logger?: Logger;
}

export interface Scheduler {
  /**
   * Posts every digest due now (catch-ups within the grace window included). Safe to call
   * from any number of processes at any time: the claims make each run exactly once.
   */
  tick(): Promise<PostOutcome[]>;
  /** Resolves when no tick is running (for a graceful stop). */
  idle(): Promise<void>;
}

export const DEFAULT_GRACE_MS = 6 * 3600_000;

/** The trigger-free core: "what is due now" plus the poster. Tests call `tick()` themselves. */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const runs = createRunStore(deps.store);
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
  const logger = deps.logger ?? silentLogger;
  let running: Promise<PostOutcome[]> | null = null;

  const once = async (): Promise<PostOutcome[]> => {
    const now = deps.clock.now();
    const outcomes: PostOutcome[] = [];
    for (const subscription of await deps.subscriptions.listActive()) {
      // Pure first: most ticks find nothing due and never touch the runs table.
      if (dueRuns(subscription, now, graceMs).length === 0) continue;
      const last = await runs.lastFinishedPeriod('digest', subscription.id);
      // Oldest first, so a catch-up and this week's run go out in order.
      for (const due of dueRuns(subscription, now, graceMs, last).reverse()) {
        try {
          outcomes.push(await deps.poster.post(due, subscription));
        } catch (error) {
          // post() does not throw by contract; a store outage still must not stop the others.
          logger.error({ runKey: due.runKey, error: errorText(error) }, 'digest run crashed');
          outcomes.push({ status: 'failed', runKey: due.runKey, error: errorText(error) });
        }
      }
    }
    return outcomes;
  };

  return {
    // Ticks of one process never overlap (a cron fire during a slow sweep joins it).
    tick() {
      if (!running) {
        running = once().finally(() => {
          running = null;
        });
      }
      return running;
    },
    async idle() {
      await running?.catch(() => []);
    },
  };
}

/**
 * Starts the production triggers: one node-cron task per subscription in its own time zone
 * (node-cron's `timezone` keeps 09:00 local across DST), a sweep that re-reads subscriptions
 * (replicas see each other's changes) and retries expired claims, and one tick at start to
 * catch up what was missed while the app was down. Returns the stop function.
 */
export async function startScheduler(deps: SchedulerDeps): Promise<() => Promise<void>> {
  const logger = deps.logger ?? silentLogger;
  const scheduler = createScheduler(deps);
  const tasks = new Map<string, ScheduledTask>();
  let stopped = false;

  const tick = (why: string) =>
    scheduler.tick().catch((error: unknown) => {
      logger.error({ why, error: errorText(error) }, 'scheduler tick failed');
      return [];
    });

  const refresh = async (): Promise<void> => {
    const wanted = new Map<string, { expression: string; timeZone: string }>();
    for (const s of await deps.subscriptions.listActive()) {
      const expression = cronExpression(s);
      if (expression) wanted.set(`${expression}|${s.timeZone}`, { expression, timeZone: s.timeZone });
    }
    for (const [key, task] of tasks) {
      if (!wanted.has(key)) {
        await task.destroy();
        tasks.delete(key);
      }
    }
    for (const [key, { expression, timeZone }] of wanted) {
      if (tasks.has(key) || stopped) continue;
      tasks.set(
        key,
        cron.schedule(expression, () => tick(`cron ${key}`), {
          timezone: timeZone,
          name: `digest ${key}`,
          noOverlap: true,
        }),
      );
    }
  };

  await refresh();
  const sweep = cron.schedule(
    deps.sweepCron ?? '*/5 * * * *',
    async () => {
      try {
        await refresh();
      } catch (error) {
        logger.error({ error: errorText(error) }, 'subscription refresh failed');
      }
      await tick('sweep');
    },
    { name: 'digest sweep', noOverlap: true },
  );
  await tick('start');

  return async () => {
    stopped = true;
    await sweep.destroy();
    for (const task of tasks.values()) await task.destroy();
    tasks.clear();
    await scheduler.idle();
  };
}
