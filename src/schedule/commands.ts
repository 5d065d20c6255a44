import type { Asker, SubcommandHandler } from '../command/handler.ts';
import type { Command, DigestTarget as CommandTarget } from '../command/types.ts';
import { WEEKDAYS } from '../command/types.ts';
import { type MessageKey, t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Clock } from '../shared/clock.ts';
import { isAppError } from '../shared/errors.ts';
import { isoWeekOf } from '../shared/iso-week.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import { renderNotice } from '../shared/slack-message.ts';
import type { RenderDigest } from './poster.ts';
import type { DigestTarget, Subscription, SubscriptionService } from './subscriptions.ts';

type DigestCommand = Extract<Command, { kind: 'digest' }>;

export interface DigestCommandDeps {
  subscriptions: SubscriptionService;
  /** `/kpi digest [week=2026-W43]`: that week's digest (last week by default), now, for the asker. */
  preview: (asker: Asker, week?: { year: number; week: number }) => Promise<SlackMessage>;
}

/** Where a digest command points: `me`, a user, a channel mention, or where it was typed. */
export function resolveTarget(target: CommandTarget | undefined, asker: Asker): DigestTarget | null {
  if (!target) {
    // Typed in a DM with the bot: the digest goes to that person.
    return asker.channel.startsWith('D')
      ? { kind: 'user', id: asker.user }
      : { kind: 'channel', id: asker.channel };
  }
  if ('user' in target) return { kind: 'user', id: target.user === 'me' ? asker.user : target.user };
  // A plain `#name` (not a mention) has no id Slack could resolve for us.
  if (target.channel.startsWith('#')) return null;
  return { kind: 'channel', id: target.channel };
}

const mention = (target: DigestTarget): string =>
  target.kind === 'channel' ? `<#${target.id}>` : `<@${target.id}>`;

function describe(subscription: Subscription, locale: Locale): string {
  return t(locale, 'schedule.subscribed', {
    target: mention(subscription.target),
    day: t(locale, `schedule.day.${subscription.day}` as MessageKey),
    time: subscription.time,
    timeZone: subscription.timeZone,
  });
}

/** The `/kpi digest …` handler for the Slack adapter's `extensions.digest`. */
export function createDigestCommandHandler(deps: DigestCommandDeps): SubcommandHandler<DigestCommand> {
  return async (command, asker) => {
    const locale = asker.locale;
    try {
      switch (command.action) {
        case 'preview':
          return await deps.preview(asker, command.week);
        case 'list': {
          const subs = await deps.subscriptions.listActive();
          return renderNotice(
            subs.map((s) => `• ${describe(s, locale)}`).join('\n') || t(locale, 'schedule.none'),
          );
        }
        case 'subscribe': {
          const target = resolveTarget(command.target, asker);
          if (!target) return renderNotice(t(locale, 'alerts.channel_unknown'));
          const subscription = await deps.subscriptions.subscribe({
            target,
            ...(command.day ? { day: WEEKDAYS.indexOf(command.day) + 1 } : {}),
            ...(command.time ? { time: command.time } : {}),
            ...(command.timeZone ? { timeZone: command.timeZone } : {}),
            locale,
            createdBy: asker.user,
          });
          return renderNotice(describe(subscription, locale));
        }
        case 'unsubscribe': {
          const target = resolveTarget(command.target, asker);
          if (!target) return renderNotice(t(locale, 'alerts.channel_unknown'));
          const done = await deps.subscriptions.unsubscribe(target);
          return renderNotice(
            t(locale, done ? 'schedule.unsubscribed' : 'schedule.not_subscribed', {
              target: mention(target),
            }),
          );
        }
      }
    } catch (error) {
      if (isAppError(error)) return renderNotice(`:warning: ${t(locale, error.messageKey, error.params)}`);
      throw error;
    }
  };
}

/** App Home lines: the active digest subscriptions. */
export function digestHomeLines(subscriptions: SubscriptionService) {
  return async (locale: Locale): Promise<string[]> =>
    (await subscriptions.listActive()).map((s) => describe(s, locale));
}

/**
 * `/kpi digest` as an ephemeral preview: the asked ISO week's digest (`week=`, else the last full one), rendered now in the
 * asker's language (summary and details, within Slack's 50 blocks).
 */
export function createDigestPreview(render: RenderDigest, clock: Clock, timeZone: string) {
  return async (asker: Asker, asked?: { year: number; week: number }): Promise<SlackMessage> => {
    const now = clock.now();
    const week = asked
      ? { ...asked, label: `${asked.year}-W${String(asked.week).padStart(2, '0')}` }
      : isoWeekOf(new Date(now.getTime() - 7 * 86_400_000), timeZone);
    const subscription: Subscription = {
      id: `preview:${asker.user}`,
      target: { kind: 'user', id: asker.user },
      day: 1,
      time: '09:00',
      timeZone,
      locale: asker.locale,
      origin: 'slack',
      createdBy: asker.user,
      active: true,
    };
    const content = await render(
      {
        runKey: `preview:${asker.user}:${week.label}`,
        subscriptionId: subscription.id,
        scheduledAt: now,
        week,
      },
      subscription,
    );
    const blocks = [content.summary, ...content.details].flatMap((m) => m.blocks).slice(0, 50);
    // The digest renderers emit @slack/types blocks; the adapter's Block is the zod-checked subset of them.
    return { text: content.summary.text, blocks: blocks as SlackMessage['blocks'] };
  };
}
