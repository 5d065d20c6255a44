import cron from 'node-cron';
import { errorText } from '../shared/errors.ts';
import { type Logger, silentLogger } from '../shared/logger.ts';
import type { AlertService } from './service.ts';

export interface AlertScheduleOptions {
  /** node-cron expression of the periodic evaluation (default every 15 minutes). */
  cron?: string;
  logger?: Logger;
}

/**
 * Evaluates the rules on a schedule (every replica may: the state's compare-and-set and the
 * run claims keep notifications single). Imports call `service.evaluateAll()` themselves.
 * Returns the stop function.
 */
export function startAlertSchedule(
  service: AlertService,
  options: AlertScheduleOptions = {},
): () => Promise<void> {
  const logger = options.logger ?? silentLogger;
  let running: Promise<unknown> | null = null;
  const task = cron.schedule(
    options.cron ?? '*/15 * * * *',
    async () => {
      running = service.evaluateAll().catch((error: unknown) => {
        logger.error({ error: errorText(error) }, 'alert evaluation failed');
      });
      await running;
      running = null;
    },
    { name: 'alerts', noOverlap: true },
  );
  return async () => {
    await task.destroy();
    await running;
  };
}
