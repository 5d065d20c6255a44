import { randomUUID } from 'node:crypto';
import type { AlertRuleSpec } from '../command/types.ts';
import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Targets } from '../kpi/engine.ts';
import { naReason } from '../kpi/result.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import type { StageLagDays } from '../kpi/stage-cohort.ts';
import type { Clock } from '../shared/clock.ts';
import { errorText } from '../shared/errors.ts';
import { type Logger, silentLogger } from '../shared/logger.ts';
import type { Db } from '../store/db.ts';
import { createRunStore } from '../store/runs.ts';
import {
  alertView,
  renderFired,
  renderRecovered,
  renderRepeat,
  renderResolvedOriginal,
  renderUnavailable,
} from './blocks.ts';
import { alertDriver, alertDriverText } from './driver.ts';
import {
  type AlertAction,
  type AlertState,
  type EvaluationRule,
  evaluate,
  type Observation,
} from './evaluate.ts';
import { measure, type SourceAge } from './measure.ts';
import { type AlertNotifier, type AlertRunPayload, alertRun, type NotifyOutcome } from './notify.ts';
import { type AlertRule, isRateMetric, ruleFromSpec, scopeKey } from './rules.ts';
import { createAlertStore, type StoredRule, type StoredState } from './store.ts';

export interface AlertServiceDeps {
  store: Db;
  clock: Clock;
  notifier: AlertNotifier;
  /** The workspace's language for alert messages. */
  locale: Locale;
  targets: Targets;
  /** The current snapshot (rebuilt by its owner when the data version changes). */
  snapshot: () => Promise<Snapshot>;
  /** Each source's last refresh (the store's `listSources`). */
  sources: () => Promise<readonly SourceAge[]>;
  /** The lags a rule on a stage conversion counts within (config digest.stageLagDays; defaults 14/14/30). */
  stageLagDays?: Readonly<StageLagDays>;
  logger?: Logger;
}

export interface EvaluationReport {
  evaluated: number;
  actions: { ruleId: string; scope: string; action: Exclude<AlertAction, 'none'> }[];
  notifications: NotifyOutcome[];
}

/** What the state machine reads from a rule. */
export function evaluationRule(rule: AlertRule): EvaluationRule {
  switch (rule.kind) {
    case 'metric':
      return {
        comparator: rule.comparator,
        pendingForMs: rule.pendingForMs,
        renotifyMs: rule.renotifyMs,
        minVolume: isRateMetric(rule.metric) ? rule.minVolume : 0,
      };
    case 'stale_source':
      return { comparator: '>', pendingForMs: rule.pendingForMs, renotifyMs: rule.renotifyMs, minVolume: 0 };
    case 'lead_collapse':
      return { comparator: '<', pendingForMs: rule.pendingForMs, renotifyMs: rule.renotifyMs, minVolume: 0 };
  }
}

export interface AlertService {
  /** Measures every active rule, moves its states, sends what that calls for. After each import and on a schedule. */
  evaluateAll(): Promise<EvaluationReport>;
  /** `/kpi alerts add …`: returns the stored rule (with its short number). */
  add(spec: AlertRuleSpec, channel: string, createdBy: string): Promise<StoredRule>;
  list(): Promise<{ rule: StoredRule; states: StoredState[] }[]>;
  /** `/kpi alerts remove N`: false when there is no rule N. */
  remove(seq: number): Promise<boolean>;
  /** `/kpi alerts snooze N 24h`: until when, or null when there is no rule N. */
  snooze(seq: number, durationMs: number): Promise<number | null>;
  mute(seq: number, muted: boolean): Promise<boolean>;
  /** The alert buttons: one rule and scope. */
  snoozeScope(ruleId: string, scope: string, durationMs: number): Promise<number>;
  muteScope(ruleId: string, scope: string): Promise<void>;
  /** Config and built-in rules, synced on start. */
  syncRules(config: readonly AlertRule[], builtins: readonly AlertRule[]): Promise<void>;
}

/** The alert service: rules, states, evaluation and the commands behind `/kpi alerts`. */
export function createAlertService(deps: AlertServiceDeps): AlertService {
  const alerts = createAlertStore(deps.store);
  const runs = createRunStore(deps.store);
  const logger = deps.logger ?? silentLogger;
  const now = () => deps.clock.now().getTime();

  const payloadFor = (
    action: Exclude<AlertAction, 'none'>,
    rule: AlertRule,
    obs: Observation,
    incidentAt: number,
    timeZone: string,
    currency: string,
    driver: string | null,
    incident: Pick<AlertState, 'firedThreshold' | 'peakValue'>,
  ): AlertRunPayload => {
    const units = { currency, ltvCacRatio: deps.targets.ltvCacRatio };
    const view = alertView(rule, obs, units, deps.locale);
    const base = { action, ruleId: rule.id, scope: obs.scope, incidentAt, channel: rule.channel };
    switch (action) {
      case 'fire':
        return { ...base, message: renderFired(view, rule.id, obs.scope, deps.locale, driver) };
      case 'repeat': {
        const since = new Intl.DateTimeFormat(deps.locale === 'fr' ? 'fr-FR' : 'en-GB', {
          timeZone,
          dateStyle: 'medium',
          timeStyle: 'short',
        }).format(new Date(incidentAt));
        return { ...base, message: renderRepeat(view, since, deps.locale) };
      }
      case 'unavailable': {
        const reason = t(deps.locale, naReason(obs.na ?? 'no_data').messageKey);
        const of = obs.naOf ?? 'value';
        return { ...base, message: renderUnavailable(view, reason, deps.locale, of) };
      }
      case 'resolve': {
        // Say the threshold it fired at and how bad it got: a relative threshold has moved since.
        const firedAt = incident.firedThreshold ?? obs.threshold;
        const recovered = alertView(rule, { ...obs, threshold: firedAt }, units, deps.locale);
        const peak = alertView(
          rule,
          { ...obs, threshold: firedAt, value: incident.peakValue ?? obs.value },
          units,
          deps.locale,
        );
        return {
          ...base,
          message: renderRecovered(recovered, deps.locale),
          original: renderResolvedOriginal(peak, deps.locale),
        };
      }
    }
  };

  const evaluateOne = async (
    rule: AlertRule,
    obs: Observation,
    snapshot: Snapshot,
    report: EvaluationReport,
  ): Promise<void> => {
    const state = await alerts.state(rule.id, obs.scope);
    const at = now();
    const { next, action } = evaluate(state, evaluationRule(rule), obs, at);
    await deps.store.transaction(async (tx) => {
      // Compare-and-set: of several replicas evaluating at once, one moves the state and
      // writes the notification; the others see a changed version and do nothing.
      if (!(await alerts.compareAndSet(tx, state, next, at))) return;
      if (action === 'none') return;
      // An n/a notice belongs to no incident: its own key, at this evaluation.
      const incidentAt = action === 'unavailable' ? at : (next.incidentAt ?? state.incidentAt ?? at);
      // A firing message names what moved the metric since the window before (SPEC §6, `why`).
      const driver =
        action === 'fire'
          ? alertDriver(rule, snapshot, deps.clock.now(), deps.targets, undefined, deps.stageLagDays)
          : null;
      const driverText = driver ? alertDriverText(driver, deps.locale) : null;
      const payload = payloadFor(
        action,
        rule,
        obs,
        incidentAt,
        snapshot.timeZone,
        snapshot.currency,
        driverText,
        next,
      );
      await runs.enqueue(tx, alertRun(payload, next.notifyCount), at);
      report.actions.push({ ruleId: rule.id, scope: obs.scope, action });
    });
  };

  const bySeq = async (seq: number) => alerts.ruleBySeq(seq);

  return {
    async evaluateAll() {
      const report: EvaluationReport = { evaluated: 0, actions: [], notifications: [] };
      const [snapshot, sources, rules] = await Promise.all([
        deps.snapshot(),
        deps.sources(),
        alerts.listRules(),
      ]);
      const ctx = {
        snapshot,
        now: deps.clock.now(),
        targets: deps.targets,
        sources,
        ...(deps.stageLagDays ? { stageLagDays: deps.stageLagDays } : {}),
      };
      for (const { rule } of rules) {
        try {
          for (const obs of measure(rule, ctx)) {
            await evaluateOne(rule, obs, snapshot, report);
            report.evaluated += 1;
          }
        } catch (error) {
          // One broken rule must not stop the others; it is logged with its id.
          logger.error({ ruleId: rule.id, error: errorText(error) }, 'alert rule evaluation failed');
        }
      }
      report.notifications = await deps.notifier.flush();
      return report;
    },

    async add(spec, channel, createdBy) {
      const rule = ruleFromSpec(`rule:${randomUUID()}`, spec, spec.channel?.channel ?? channel);
      const seq = await alerts.saveRule(rule, 'slack', createdBy, now());
      return { seq, rule, origin: 'slack', createdBy, active: true };
    },

    async list() {
      const rules = await alerts.listRules();
      return Promise.all(rules.map(async (rule) => ({ rule, states: await alerts.statesOf(rule.rule.id) })));
    },

    async remove(seq) {
      const found = await bySeq(seq);
      return found ? alerts.deactivateRule(found.rule.id, now()) : false;
    },

    async snooze(seq, durationMs) {
      const found = await bySeq(seq);
      if (!found) return null;
      // A rule never evaluated yet has no state row: a metric rule's single scope is known.
      if (found.rule.kind === 'metric') await alerts.state(found.rule.id, scopeKey(found.rule.filters));
      const until = now() + durationMs;
      await alerts.snooze(found.rule.id, null, until);
      return until;
    },

    async mute(seq, muted) {
      const found = await bySeq(seq);
      if (!found) return false;
      if (found.rule.kind === 'metric') await alerts.state(found.rule.id, scopeKey(found.rule.filters));
      await alerts.setMuted(found.rule.id, null, muted);
      return true;
    },

    async snoozeScope(ruleId, scope, durationMs) {
      const until = now() + durationMs;
      await alerts.state(ruleId, scope);
      await alerts.snooze(ruleId, scope, until);
      return until;
    },

    async muteScope(ruleId, scope) {
      await alerts.state(ruleId, scope);
      await alerts.setMuted(ruleId, scope, true);
    },

    async syncRules(config, builtins) {
      await alerts.syncRules(config, 'config', now());
      await alerts.syncRules(builtins, 'builtin', now());
    },
  };
}
