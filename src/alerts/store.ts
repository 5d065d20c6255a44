import type { NaCode } from '../kpi/result.ts';
import type { Db } from '../store/db.ts';
import { takeTurns } from '../store/turns.ts';
import type { AlertState, AlertStatus } from './evaluate.ts';
import type { AlertRule } from './rules.ts';

/** A stored rule with its short number (`/kpi alerts remove 3`). */
export interface StoredRule {
  seq: number;
  rule: AlertRule;
  origin: 'config' | 'slack' | 'builtin';
  createdBy: string | null;
  active: boolean;
}

/** One alert_state row, with its optimistic-concurrency version. */
export interface StoredState extends AlertState {
  ruleId: string;
  scope: string;
  messageChannel: string | null;
  messageTs: string | null;
  version: number;
}

interface RuleRow {
  id: string;
  definition: string;
  origin: string;
  created_by: string | null;
  active: number | string | boolean;
  seq: number | string;
}

interface StateRow {
  rule_id: string;
  scope: string;
  state: string;
  since: number | string;
  last_value: number | string | null;
  last_threshold: number | string | null;
  fired_threshold: number | string | null;
  peak_value: number | string | null;
  incident_at: number | string | null;
  message_channel: string | null;
  message_ts: string | null;
  last_notified_at: number | string | null;
  notify_count: number | string;
  snoozed_until: number | string | null;
  muted: number | string | boolean;
  na_code: string | null;
  version: number | string;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));
const bool = (v: number | string | boolean): boolean => v === true || Number(v) === 1;

const toState = (r: StateRow): StoredState => ({
  ruleId: r.rule_id,
  scope: r.scope,
  status: r.state as AlertStatus,
  since: Number(r.since),
  lastValue: num(r.last_value),
  lastThreshold: num(r.last_threshold),
  firedThreshold: num(r.fired_threshold),
  peakValue: num(r.peak_value),
  incidentAt: num(r.incident_at),
  messageChannel: r.message_channel,
  messageTs: r.message_ts,
  lastNotifiedAt: num(r.last_notified_at),
  notifyCount: Number(r.notify_count),
  snoozedUntil: num(r.snoozed_until),
  muted: bool(r.muted),
  naCode: (r.na_code as NaCode | null) ?? null,
  version: Number(r.version),
});

const STATE_COLUMNS =
  'rule_id, scope, state, since, last_value, last_threshold, fired_threshold, peak_value, incident_at, message_channel, message_ts, last_notified_at, notify_count, snoozed_until, muted, na_code, version';

/** The alert rules and states repository (tables of migrations/003_alerts.sql). */
export function createAlertStore(db: Db) {
  const toRule = (r: RuleRow): StoredRule => ({
    seq: Number(r.seq),
    rule: JSON.parse(r.definition) as AlertRule,
    origin: r.origin === 'config' ? 'config' : r.origin === 'builtin' ? 'builtin' : 'slack',
    createdBy: r.created_by,
    active: bool(r.active),
  });

  /**
   * Rule writers take turns on Postgres (replicas syncing the config at the same start would
   * otherwise pick the same next seq); the row itself is written with INSERT … ON CONFLICT,
   * so a rule another replica just wrote is updated, never inserted twice.
   */
  const lockRules = async (tx: Db): Promise<void> => {
    await takeTurns(tx, 'alert-rules');
  };

  const upsertRule = async (
    tx: Db,
    rule: AlertRule,
    origin: StoredRule['origin'],
    createdBy: string | null,
    nowMs: number,
  ): Promise<number> => {
    await lockRules(tx);
    const [row] = await tx.query<{ seq: number | string }>(
      `INSERT INTO alert_rules (id, definition, channel_id, origin, created_by, active, seq, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM alert_rules), $6, $6)
       ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, channel_id = excluded.channel_id,
         origin = excluded.origin, active = 1, updated_at = excluded.updated_at
       RETURNING seq`,
      [rule.id, JSON.stringify(rule), rule.channel, origin, createdBy, nowMs],
    );
    return Number(row?.seq ?? 0);
  };

  return {
    /** Adds (or replaces, by id) a rule; returns its short number. Retries once on a seq race. */
    async saveRule(rule: AlertRule, origin: StoredRule['origin'], createdBy: string | null, nowMs: number) {
      try {
        return await db.transaction((tx) => upsertRule(tx, rule, origin, createdBy, nowMs));
      } catch {
        // Two replicas took the same next seq: the loser tries again with the next one.
        return db.transaction((tx) => upsertRule(tx, rule, origin, createdBy, nowMs));
      }
    },

    /** Makes the rules of `origin` exactly the given ones (config sync, built-ins). */
    async syncRules(rules: readonly AlertRule[], origin: 'config' | 'builtin', nowMs: number): Promise<void> {
      await db.transaction(async (tx) => {
        for (const rule of rules) await upsertRule(tx, rule, origin, null, nowMs);
        const keep = new Set(rules.map((r) => r.id));
        const rows = await tx.query<{ id: string }>(
          'SELECT id FROM alert_rules WHERE origin = $1 AND active = 1',
          [origin],
        );
        for (const { id } of rows) {
          if (!keep.has(id)) {
            await tx.execute('UPDATE alert_rules SET active = 0, updated_at = $2 WHERE id = $1', [id, nowMs]);
          }
        }
      });
    },

    async listRules(): Promise<StoredRule[]> {
      const rows = await db.query<RuleRow>(
        'SELECT id, definition, origin, created_by, active, seq FROM alert_rules WHERE active = 1 ORDER BY seq',
      );
      return rows.map(toRule);
    },

    async ruleBySeq(seq: number): Promise<StoredRule | null> {
      const rows = await db.query<RuleRow>(
        'SELECT id, definition, origin, created_by, active, seq FROM alert_rules WHERE seq = $1 AND active = 1',
        [seq],
      );
      return rows[0] ? toRule(rows[0]) : null;
    },

    async deactivateRule(id: string, nowMs: number): Promise<boolean> {
      return (
        (await db.execute('UPDATE alert_rules SET active = 0, updated_at = $2 WHERE id = $1 AND active = 1', [
          id,
          nowMs,
        ])) === 1
      );
    },

    /** The state row of a rule and scope, created (ok) when missing. */
    async state(ruleId: string, scope: string): Promise<StoredState> {
      await db.execute(
        `INSERT INTO alert_state (rule_id, scope, state, since, notify_count, muted, version)
         VALUES ($1, $2, 'ok', 0, 0, 0, 0) ON CONFLICT (rule_id, scope) DO NOTHING`,
        [ruleId, scope],
      );
      const rows = await db.query<StateRow>(
        `SELECT ${STATE_COLUMNS} FROM alert_state WHERE rule_id = $1 AND scope = $2`,
        [ruleId, scope],
      );
      const row = rows[0];
      if (!row) throw new Error(`alert_state row vanished: ${ruleId} ${scope}`);
      return toState(row);
    },

    async statesOf(ruleId: string): Promise<StoredState[]> {
      const rows = await db.query<StateRow>(
        `SELECT ${STATE_COLUMNS} FROM alert_state WHERE rule_id = $1 ORDER BY scope`,
        [ruleId],
      );
      return rows.map(toState);
    },

    /**
     * Writes the next state if nobody changed the row since `version` was read (compare and
     * set). False: another replica got there first, and this one must not act.
     */
    async compareAndSet(tx: Db, prev: StoredState, next: AlertState, nowMs: number): Promise<boolean> {
      return (
        (await tx.execute(
          `UPDATE alert_state SET state = $4, since = $5, last_value = $6, last_threshold = $7, incident_at = $8,
             last_notified_at = $9, notify_count = $10, last_evaluated_at = $11, version = version + 1,
             message_channel = CASE WHEN $12 = 1 THEN NULL ELSE message_channel END,
             message_ts = CASE WHEN $12 = 1 THEN NULL ELSE message_ts END,
             fired_threshold = $13, peak_value = $14, na_code = $15
           WHERE rule_id = $1 AND scope = $2 AND version = $3`,
          [
            prev.ruleId,
            prev.scope,
            prev.version,
            next.status,
            next.since,
            next.lastValue,
            next.lastThreshold,
            next.incidentAt,
            next.lastNotifiedAt,
            next.notifyCount,
            nowMs,
            next.incidentAt !== prev.incidentAt ? 1 : 0,
            next.firedThreshold,
            next.peakValue,
            next.naCode,
          ],
        )) === 1
      );
    },

    /** Records the incident message (channel + ts) for the incident that posted it. */
    async recordMessage(ruleId: string, scope: string, incidentAt: number, channel: string, ts: string) {
      await db.execute(
        `UPDATE alert_state SET message_channel = $4, message_ts = $5, version = version + 1
         WHERE rule_id = $1 AND scope = $2 AND incident_at = $3`,
        [ruleId, scope, incidentAt, channel, ts],
      );
    },

    /** Snoozes notifications until `untilMs` (every scope of the rule when scope is null). */
    async snooze(ruleId: string, scope: string | null, untilMs: number): Promise<number> {
      return scope === null
        ? db.execute('UPDATE alert_state SET snoozed_until = $2, version = version + 1 WHERE rule_id = $1', [
            ruleId,
            untilMs,
          ])
        : db.execute(
            'UPDATE alert_state SET snoozed_until = $3, version = version + 1 WHERE rule_id = $1 AND scope = $2',
            [ruleId, scope, untilMs],
          );
    },

    async setMuted(ruleId: string, scope: string | null, muted: boolean): Promise<number> {
      return scope === null
        ? db.execute('UPDATE alert_state SET muted = $2, version = version + 1 WHERE rule_id = $1', [
            ruleId,
            muted ? 1 : 0,
          ])
        : db.execute(
            'UPDATE alert_state SET muted = $3, version = version + 1 WHERE rule_id = $1 AND scope = $2',
            [ruleId, scope, muted ? 1 : 0],
          );
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;
