import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Clock } from '../shared/clock.ts';
import { errorText } from '../shared/errors.ts';
import { escapeEntities, escapeMrkdwn } from '../shared/escape.ts';
import { type Logger, silentLogger } from '../shared/logger.ts';
import { type PostHooks, postOnce, type SlackClient } from '../shared/post-once.ts';
import { defaultBackoff } from '../shared/retry.ts';
import { isPermanentSlackError } from '../shared/slack-errors.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import type { Db } from '../store/db.ts';
import { createRunStore, type NewRun, type Run } from '../store/runs.ts';
import { createAlertStore } from './store.ts';

/** The metadata event type of alert messages (found again after a crash). */
export const ALERT_EVENT = 'kpi_alert';

/**
 * One notification, written to the runs table (the outbox) in the same transaction as the
 * state change that calls for it: the message is already rendered.
 */
export interface AlertRunPayload {
  action: 'fire' | 'repeat' | 'resolve' | 'unavailable';
  ruleId: string;
  scope: string;
  incidentAt: number;
  channel: string;
  /** fire: the alert; repeat: the reply; resolve: the recovery reply; unavailable: the n/a notice. */
  message: SlackMessage;
  /** resolve: what the original message becomes (chat.update). */
  original?: SlackMessage;
}

/** The incident's run key prefix: rule + scope + incident start. */
export const incidentKey = (ruleId: string, scope: string, incidentAt: number): string =>
  `alert:${ruleId}:${scope}:${incidentAt}`;

/** The outbox entry of a notification. */
export function alertRun(payload: AlertRunPayload, notifyCount: number): NewRun {
  const incident = incidentKey(payload.ruleId, payload.scope, payload.incidentAt);
  const suffix =
    payload.action === 'fire'
      ? 'fire'
      : payload.action === 'repeat'
        ? `repeat-${notifyCount}`
        : payload.action === 'unavailable'
          ? 'unavailable'
          : 'resolved';
  return {
    runKey: `${incident}:${suffix}`,
    kind: 'alert',
    subject: `${payload.ruleId}|${payload.scope}`,
    period: String(payload.incidentAt),
    payload: JSON.stringify(payload),
  };
}

export interface AlertNotifierOptions {
  clock: Clock;
  owner: string;
  /** Claim lease while posting (default 2 min). */
  leaseMs?: number;
  /** Attempts (over successive flushes) before a notification fails for good (default 5). */
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  adminChannel?: string | null;
  adminLocale?: Locale;
  logger?: Logger;
  hooks?: PostHooks;
}

export type NotifyOutcome =
  | { status: 'posted'; runKey: string; action: AlertRunPayload['action']; ts: string | null }
  | { status: 'retry'; runKey: string; error: string }
  | { status: 'failed'; runKey: string; error: string };

export interface AlertNotifier {
  /** Sends every pending notification whose claim is free (any replica may call it any time). */
  flush(): Promise<NotifyOutcome[]>;
}

class NotYet extends Error {}

/**
 * The alert notifier: drains the alert outbox. One message per incident (adopted after a
 * crash through its metadata), repeats in its thread, and on recovery the original updated
 * (chat.update) plus one reply in the thread.
 */
export function createAlertNotifier(
  client: SlackClient,
  store: Db,
  options: AlertNotifierOptions,
): AlertNotifier {
  const runs = createRunStore(store);
  const alerts = createAlertStore(store);
  const { clock, owner } = options;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoffMs ?? defaultBackoff;
  const logger = options.logger ?? silentLogger;
  const now = () => clock.now().getTime();
  const deps = { client, runs, clock, owner, ...(options.hooks ? { hooks: options.hooks } : {}) };

  const parentOf = async (p: AlertRunPayload): Promise<Run | null> =>
    runs.get(`${incidentKey(p.ruleId, p.scope, p.incidentAt)}:fire`);

  const perform = async (run: Run, p: AlertRunPayload): Promise<string | null> => {
    if (p.action === 'fire') {
      const ts = await postOnce(deps, run, p.channel, ALERT_EVENT, p.message);
      const channel = (await runs.get(run.runKey))?.slackChannel ?? p.channel;
      await alerts.recordMessage(p.ruleId, p.scope, p.incidentAt, channel, ts);
      return ts;
    }
    // The n/a notice stands alone (it belongs to no incident): posted once, in the rule's channel.
    if (p.action === 'unavailable') return postOnce(deps, run, p.channel, ALERT_EVENT, p.message);
    const parent = await parentOf(p);
    if (!parent?.slackTs || !parent.slackChannel) {
      // The incident's message is not out yet: wait for it; if it failed for good, skip.
      if (parent && (parent.status === 'failed' || parent.status === 'posted')) return null;
      throw new NotYet(`incident message of ${run.runKey} not posted yet`);
    }
    if (p.action === 'resolve' && p.original) {
      // chat.update is idempotent: a resumed run may do it again.
      await client.chat.update({
        channel: parent.slackChannel,
        ts: parent.slackTs,
        text: p.original.text,
        // A payload written by an older version may lack blocks.
        blocks: p.original.blocks ?? [],
      });
    }
    return postOnce(deps, run, parent.slackChannel, ALERT_EVENT, p.message, parent.slackTs);
  };

  const report = async (p: AlertRunPayload, error: string): Promise<void> => {
    logger.error({ ruleId: p.ruleId, scope: p.scope, action: p.action, error }, 'alert notification failed');
    if (!options.adminChannel) return;
    const text = t(options.adminLocale ?? 'en', 'schedule.alert_delivery_failed', {
      rule: escapeMrkdwn(p.ruleId),
      error: escapeEntities(error),
    });
    try {
      await client.chat.postMessage({ channel: options.adminChannel, text });
    } catch (cause) {
      logger.error({ error: errorText(cause) }, 'admin report failed');
    }
  };

  return {
    async flush() {
      const outcomes: NotifyOutcome[] = [];
      for (const open of await runs.listOpen('alert', now())) {
        const p = JSON.parse(open.payload ?? '{}') as AlertRunPayload;
        const run = await runs.claim(open, owner, now(), leaseMs);
        if (!run) continue;
        try {
          const ts = await perform(run, p);
          await runs.complete(run.runKey, owner, now());
          logger.info({ runKey: run.runKey, ts }, 'alert notification sent');
          outcomes.push({ status: 'posted', runKey: run.runKey, action: p.action, ts });
        } catch (error) {
          const message = errorText(error);
          const final =
            !(error instanceof NotYet) && (run.attempts >= maxAttempts || isPermanentSlackError(error));
          await runs.fail(run.runKey, owner, message, now(), final, now() + backoff(run.attempts));
          if (final) {
            await report(p, message);
            outcomes.push({ status: 'failed', runKey: run.runKey, error: message });
          } else {
            logger.warn(
              { runKey: run.runKey, attempt: run.attempts, error: message },
              'alert notification will be retried',
            );
            outcomes.push({ status: 'retry', runKey: run.runKey, error: message });
          }
        }
      }
      return outcomes;
    },
  };
}
