import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt';
import type { SeenStore } from './seen.ts';

const TTL_MS = 60 * 60_000;

/** A key that stays the same when Slack delivers the same event or interaction again. */
export function deliveryKey(body: object): string | null {
  const get = (from: unknown, name: string): unknown =>
    typeof from === 'object' && from !== null ? Reflect.get(from, name) : undefined;
  const eventId = get(body, 'event_id');
  if (typeof eventId === 'string') return `event:${eventId}`;
  const type = get(body, 'type');
  if (type === 'block_suggestion') return null;
  if (type === 'view_submission') {
    const view = get(body, 'view');
    const id = get(view, 'id');
    return typeof id === 'string' ? `view:${id}:${String(get(view, 'hash') ?? '')}` : null;
  }
  const trigger = get(body, 'trigger_id');
  if (typeof trigger === 'string') {
    const actions = get(body, 'actions');
    const first = Array.isArray(actions) ? actions[0] : undefined;
    return `trigger:${trigger}:${String(get(first, 'action_ts') ?? '')}`;
  }
  return null;
}

/**
 * Global middleware: an event or interaction already handled (Slack retried it, e.g. with
 * X-Slack-Retry-Num after a slow ack) is acknowledged and dropped.
 */
export function dedupeDeliveries(seen: SeenStore, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = deliveryKey(args.body);
    if (key !== null && !(await seen.firstTime(key, TTL_MS))) {
      logger.info('duplicate slack delivery dropped', key);
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    await args.next();
  };
}
