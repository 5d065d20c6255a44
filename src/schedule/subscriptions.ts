import type { Locale } from '../i18n/locale.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { canonicalTimeZone } from '../shared/time-zone.ts';
import type { Db } from '../store/db.ts';
import { takeTurns } from '../store/turns.ts';
import { parseTime, type Schedule } from './due.ts';

/** Where a digest goes: a channel, or a person by DM. */
export type DigestTarget = { kind: 'channel'; id: string } | { kind: 'user'; id: string };

export interface Subscription extends Schedule {
  id: string;
  target: DigestTarget;
  locale: Locale;
  origin: 'config' | 'slack';
  createdBy: string | null;
  active: boolean;
}

/** What `/kpi digest subscribe` (or a YAML `digests:` entry) asks for; omitted fields default. */
export interface SubscribeRequest {
  target: DigestTarget;
  day?: number;
  time?: string;
  timeZone?: string;
  locale?: Locale;
  createdBy?: string | null;
}

/** Defaults from SPEC section 5: Monday 09:00 in the workspace time zone. */
export interface SubscriptionDefaults {
  day: number;
  time: string;
  timeZone: string;
  locale: Locale;
}

interface SubscriptionRow {
  id: string;
  target_kind: string;
  target_id: string;
  day: number | string;
  time: string;
  time_zone: string;
  locale: string;
  origin: string;
  created_by: string | null;
  active: number | string | boolean;
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  target: { kind: r.target_kind === 'user' ? 'user' : 'channel', id: r.target_id },
  day: Number(r.day),
  time: r.time,
  timeZone: r.time_zone,
  locale: r.locale === 'fr' ? 'fr' : 'en',
  origin: r.origin === 'config' ? 'config' : 'slack',
  createdBy: r.created_by,
  active: Number(r.active) === 1 || r.active === true,
});

/** The subscription id is its target: one subscription per channel or person. */
export const subscriptionId = (target: DigestTarget): string => `${target.kind}:${target.id}`;

/** The digest subscription service behind `/kpi digest subscribe|unsubscribe` and the YAML config. */
export interface SubscriptionService {
  /** Creates or replaces the target's subscription (a second subscribe changes the schedule). */
  subscribe(request: SubscribeRequest): Promise<Subscription>;
  /** Deactivates the target's subscription; false when there was none. */
  unsubscribe(target: DigestTarget): Promise<boolean>;
  /** Active subscriptions, oldest first. */
  listActive(): Promise<Subscription[]>;
  get(target: DigestTarget): Promise<Subscription | null>;
  /**
   * Makes the config-defined subscriptions exactly the given ones: upserts them, deactivates
   * config subscriptions no longer listed. Slack-made subscriptions are left alone.
   */
  syncFromConfig(requests: readonly SubscribeRequest[]): Promise<void>;
}

const COLUMNS = 'id, target_kind, target_id, day, time, time_zone, locale, origin, created_by, active';

/** Validates and completes a request; throws AppError('command_invalid') on a bad day, time or zone. */
export function normaliseSubscribe(
  request: SubscribeRequest,
  defaults: SubscriptionDefaults,
): Schedule & { locale: Locale } {
  const day = request.day ?? defaults.day;
  if (!Number.isInteger(day) || day < 1 || day > 7) {
    throw new AppError('command_invalid', 'schedule.day_invalid', { params: { value: String(day) } });
  }
  const timeText = request.time ?? defaults.time;
  const time = parseTime(timeText);
  if (!time) throw new AppError('command_invalid', 'schedule.time_invalid', { params: { value: timeText } });
  const zoneText = request.timeZone ?? defaults.timeZone;
  const timeZone = canonicalTimeZone(zoneText);
  if (timeZone === null) {
    throw new AppError('command_invalid', 'schedule.tz_invalid', { params: { value: zoneText } });
  }
  const hhmm = `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
  return { day, time: hhmm, timeZone, locale: request.locale ?? defaults.locale };
}

/** The subscription service over the store. */
export function createSubscriptionService(
  db: Db,
  clock: Clock,
  defaults: SubscriptionDefaults,
): SubscriptionService {
  const upsert = async (
    tx: Db,
    request: SubscribeRequest,
    origin: 'config' | 'slack',
  ): Promise<Subscription> => {
    const s = normaliseSubscribe(request, defaults);
    const id = subscriptionId(request.target);
    const now = clock.now().getTime();
    await tx.execute(
      `INSERT INTO digest_subscriptions
         (id, target_kind, target_id, day, time, time_zone, locale, origin, created_by, active, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)
       ON CONFLICT (id) DO UPDATE SET day = excluded.day, time = excluded.time, time_zone = excluded.time_zone,
         locale = excluded.locale, origin = excluded.origin, created_by = excluded.created_by, active = 1,
         updated_at = excluded.updated_at`,
      [
        id,
        request.target.kind,
        request.target.id,
        s.day,
        s.time,
        s.timeZone,
        s.locale,
        origin,
        request.createdBy ?? null,
        now,
      ],
    );
    return {
      id,
      target: request.target,
      ...s,
      origin,
      createdBy: request.createdBy ?? null,
      active: true,
    };
  };

  const get = async (target: DigestTarget): Promise<Subscription | null> => {
    const rows = await db.query<SubscriptionRow>(
      `SELECT ${COLUMNS} FROM digest_subscriptions WHERE id = $1`,
      [subscriptionId(target)],
    );
    return rows[0] ? toSubscription(rows[0]) : null;
  };

  return {
    subscribe: (request) => db.transaction((tx) => upsert(tx, request, 'slack')),
    async unsubscribe(target) {
      const changed = await db.execute(
        'UPDATE digest_subscriptions SET active = 0, updated_at = $2 WHERE id = $1 AND active = 1',
        [subscriptionId(target), clock.now().getTime()],
      );
      return changed === 1;
    },
    async listActive() {
      const rows = await db.query<SubscriptionRow>(
        `SELECT ${COLUMNS} FROM digest_subscriptions WHERE active = 1 ORDER BY created_at, id`,
      );
      return rows.map(toSubscription);
    },
    get,
    async syncFromConfig(requests) {
      await db.transaction(async (tx) => {
        // Replicas starting together sync the same subscriptions: one at a time, or two inserts of
        // one target race on digest_subscriptions_target, which ON CONFLICT (id) does not cover.
        await takeTurns(tx, 'digest-subscriptions');
        const keep = new Set<string>();
        for (const request of requests) keep.add((await upsert(tx, request, 'config')).id);
        const existing = await tx.query<{ id: string }>(
          "SELECT id FROM digest_subscriptions WHERE origin = 'config' AND active = 1",
        );
        for (const { id } of existing) {
          if (!keep.has(id)) {
            await tx.execute('UPDATE digest_subscriptions SET active = 0, updated_at = $2 WHERE id = $1', [
              id,
              clock.now().getTime(),
            ]);
          }
        }
      });
    },
  };
}
