import type { AnyMiddlewareArgs, Context, Logger, Middleware } from '@slack/bolt';
import type { Clock } from '../shared/clock.ts';
import type { InFlight } from './in-flight.ts';
import { SIGNATURE_PROPERTY } from './receiver.ts';
import type { Replier } from './respond.ts';
import { createMemorySeenStore, type SeenStore } from './seen.ts';

const TTL_MS = 60 * 60_000;
/** A signature is remembered a little longer than Slack's 5-minute timestamp window. */
const SIGNATURE_TTL_MS = 6 * 60_000;

/** Context keys the delivery middleware and `ackFirst` share (Bolt's context is per request). */
const FIRST = 'kpiFirstDelivery';
const ACKED = 'kpiAcked';
const RESPOND = 'kpiRespond';

/** What the delivery middleware may also do: retried replies, in-flight counting. */
export interface DeliveryOptions {
  /** response_url replies retried within Slack's limits (given to `ackFirst` listeners as `respond`). */
  replier?: Replier;
  /** Counts deliveries until their listeners finish (graceful shutdown waits on it). */
  inFlight?: InFlight;
}

/** The response_url of an interaction, a command, or a view submission with response_urls. */
function responseUrlOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const direct = Reflect.get(body, 'response_url');
  if (typeof direct === 'string' && direct !== '') return direct;
  const list = Reflect.get(body, 'response_urls');
  const first = Array.isArray(list) ? (list[0] as { response_url?: unknown } | undefined) : undefined;
  return typeof first?.response_url === 'string' ? first.response_url : null;
}

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
 * X-Slack-Retry-Num after a slow ack) is acknowledged and dropped. Nothing here waits on I/O
 * before the ack: this process' memory answers first; the shared store (replicas, a replay
 * sent to another replica) is asked in the background, and `ackFirst` awaits that answer
 * after acknowledging. A store that cannot answer lets the delivery through (logged).
 * An interaction no listener acknowledged (an unknown action_id) is acknowledged here at once.
 */
export function dedupeDeliveries(
  seen: SeenStore,
  clock: Clock,
  logger: Logger,
  options: DeliveryOptions = {},
): Middleware<AnyMiddlewareArgs> {
  const local = createMemorySeenStore(clock);
  return async (args) => {
    const done = options.inFlight?.enter();
    try {
      await handle(args);
    } finally {
      done?.();
    }
  };
  async function handle(args: Parameters<Middleware<AnyMiddlewareArgs>>[0]): Promise<void> {
    const key = deliveryKey(args.body);
    const ack = 'ack' in args && typeof args.ack === 'function' ? (args.ack as () => Promise<void>) : null;
    if (key !== null && !local.firstTimeNow(key, TTL_MS)) {
      logger.info('duplicate slack delivery dropped', key);
      if (ack) await ack().catch(() => undefined);
      return;
    }
    const signature = args.context[SIGNATURE_PROPERTY];
    // One row per delivery in the shared store: its delivery key when it has one (a replayed
    // request carries the same key, so the key catches replays too), else its signature.
    const keys: [string, number][] =
      key !== null
        ? [[key, TTL_MS]]
        : typeof signature === 'string' && signature !== ''
          ? [[`sig:${signature}`, SIGNATURE_TTL_MS]]
          : [];
    const url = options.replier ? responseUrlOf(args.body) : null;
    if (url && options.replier) args.context[RESPOND] = options.replier.to(url);
    args.context[FIRST] =
      keys.length === 0
        ? Promise.resolve(true)
        : Promise.all(keys.map(([k, ttl]) => seen.firstTime(k, ttl))).then(
            (answers) => {
              if (answers.every(Boolean)) return true;
              logger.info('duplicate slack delivery dropped (seen by another replica)', key ?? '');
              return false;
            },
            (error: unknown) => {
              logger.warn('delivery check failed, handling it anyway', (error as Error).message);
              return true;
            },
          );
    await args.next();
    if (ack && args.context[ACKED] !== true && args.body && 'type' in args.body) {
      // Nobody answered (no listener for this action_id, or it forgot): ack so Slack does not wait 3 s.
      await ack().catch(() => undefined);
    }
  }
}

/** What an acknowledged listener gets: Bolt's arguments; its `ack` was already called. */
interface AckableArgs {
  ack: (...args: never[]) => Promise<void>;
  context: Context;
}

/**
 * Wraps a listener: acknowledge first (nothing before it), then the shared delivery check,
 * then the work, whose `respond` retries (src/slack/respond.ts). A delivery already handled
 * elsewhere stops after the ack.
 */
export function ackFirst<A extends AckableArgs>(
  handler: (args: A) => Promise<void>,
): (args: A) => Promise<void> {
  return async (args) => {
    args.context[ACKED] = true;
    await (args.ack as () => Promise<void>)();
    if (!(await isFirstDelivery(args.context))) return;
    const respond = args.context[RESPOND];
    await handler(typeof respond === 'function' ? { ...args, respond } : args);
  };
}

/** False when the shared store says another process already took this delivery. */
export function isFirstDelivery(context: Context): Promise<boolean> {
  const first = context[FIRST];
  return first instanceof Promise ? (first as Promise<boolean>) : Promise.resolve(true);
}

/** For events (Bolt acknowledges those itself): the work runs only for a first delivery. */
export function firstOnly<A extends { context: Context }>(
  handler: (args: A) => Promise<void>,
): (args: A) => Promise<void> {
  return async (args) => {
    if (!(await isFirstDelivery(args.context))) return;
    await handler(args);
  };
}
