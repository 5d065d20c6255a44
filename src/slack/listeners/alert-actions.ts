import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ALERT_ACTIONS, type AlertButtonValue } from '../../alerts/blocks.ts';
import type { AlertService } from '../../alerts/service.ts';
import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { errorText } from '../../shared/errors.ts';
import { type Logger, silentLogger } from '../../shared/logger.ts';
import { ackFirst } from '../dedupe.ts';
import type { ChangeGate } from '../editors.ts';

export interface AlertActionDeps {
  service: AlertService;
  /** The clicking user's language. */
  localeOf: (user: string) => Promise<Locale>;
  logger?: Logger;
  /**
   * Snooze and mute change configuration: editors only, each recorded in the trail (absent:
   * anyone, nothing recorded, e.g. in unit tests).
   */
  gate?: ChangeGate;
}

const H = 3600_000;
const SNOOZES: readonly [string, number][] = [
  [ALERT_ACTIONS.snooze24h, 24 * H],
  [ALERT_ACTIONS.snooze7d, 7 * 24 * H],
];

function parseValue(value: string | undefined): AlertButtonValue | null {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<AlertButtonValue>;
    return typeof parsed.r === 'string' && typeof parsed.s === 'string' ? { r: parsed.r, s: parsed.s } : null;
  } catch {
    return null;
  }
}

const when = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;

/**
 * The alert buttons (snooze 24 h, snooze 7 d, mute): ack, persist, confirm in the alert's
 * thread so the channel sees who silenced it. Given to the Slack adapter as `extensions.register`.
 */
export function registerAlertActions(app: App, deps: AlertActionDeps): void {
  const logger = deps.logger ?? silentLogger;
  const confirm = async (
    client: BlockButtonActionArgs['client'],
    body: BlockButtonAction,
    text: string,
  ): Promise<void> => {
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    if (!channel || !ts) return;
    await client.chat.postMessage({ channel, thread_ts: ts, text });
  };

  // The user sees every failure (ephemeral), the logs get one structured line.
  const failed = async (respond: BlockButtonActionArgs['respond'], user: string): Promise<void> => {
    const text = t(await deps.localeOf(user).catch(() => 'en' as const), 'common.internal');
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
  };

  // Null when the clicking user may change alerts; otherwise the refusal was sent to them.
  const refused = async (
    respond: BlockButtonActionArgs['respond'],
    user: string,
    what: 'alerts_snooze' | 'alerts_mute',
  ): Promise<boolean> => {
    if (!deps.gate) return false;
    const locale = await deps.localeOf(user).catch(() => 'en' as const);
    const refusal = await deps.gate.refuse(user, what, locale, 'alert button');
    if (!refusal) return false;
    await respond({ response_type: 'ephemeral', replace_original: false, ...refusal }).catch(() => undefined);
    return true;
  };

  for (const [actionId, durationMs] of SNOOZES) {
    app.action<BlockButtonAction>(
      actionId,
      ackFirst<ButtonArgs>(async ({ body, action, client, respond }) => {
        const value = parseValue(action.value);
        if (!value) return;
        if (await refused(respond, body.user.id, 'alerts_snooze')) return;
        try {
          const until = await deps.service.snoozeScope(value.r, value.s, durationMs);
          await deps.gate?.record({
            actor: body.user.id,
            action: 'alerts_snooze',
            via: 'button',
            subject: value.r,
            details: {
              command: `snooze ${value.r} ${value.s}`.trim(),
              outcome: `until ${new Date(until).toISOString()}`,
            },
          });
          const locale = await deps.localeOf(body.user.id);
          await confirm(
            client,
            body,
            t(locale, 'alerts.snoozed', { user: body.user.id, until: when(until) }),
          );
        } catch (error) {
          logger.error({ actionId, ruleId: value.r, error: errorText(error) }, 'alert snooze failed');
          await failed(respond, body.user.id);
        }
      }),
    );
  }

  app.action<BlockButtonAction>(
    ALERT_ACTIONS.mute,
    ackFirst<ButtonArgs>(async ({ body, action, client, respond }) => {
      const value = parseValue(action.value);
      if (!value) return;
      if (await refused(respond, body.user.id, 'alerts_mute')) return;
      try {
        await deps.service.muteScope(value.r, value.s);
        await deps.gate?.record({
          actor: body.user.id,
          action: 'alerts_mute',
          via: 'button',
          subject: value.r,
          details: { command: `mute ${value.r} ${value.s}`.trim(), outcome: 'muted' },
        });
        const locale = await deps.localeOf(body.user.id);
        await confirm(client, body, t(locale, 'alerts.muted', { user: body.user.id }));
      } catch (error) {
        logger.error(
          { actionId: ALERT_ACTIONS.mute, ruleId: value.r, error: errorText(error) },
          'alert mute failed',
        );
        await failed(respond, body.user.id);
      }
    }),
  );
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

type BlockButtonActionArgs = Parameters<Parameters<App['action']>[1]>[0];
