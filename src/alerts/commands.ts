import type { SubcommandHandler } from '../command/handler.ts';
import type { Command } from '../command/types.ts';
import { type MessageKey, t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { metricDef } from '../kpi/catalogue.ts';
import type { MetricId } from '../kpi/query.ts';
import { naReason } from '../kpi/result.ts';
import { escapeMrkdwn } from '../shared/escape.ts';
import { formatDecimal } from '../shared/number-format.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import { renderNotice } from '../shared/slack-message.ts';
import { scopeLabel } from './measure.ts';
import type { AlertRule } from './rules.ts';
import type { AlertService } from './service.ts';
import type { StoredRule, StoredState } from './store.ts';

type AlertsCommand = Extract<Command, { kind: 'alerts' }>;

/** One line describing a rule: `cpl > 60 · campaign = Spring Sale · 7 d → #growth` (data escaped). */
export function describeRule(rule: AlertRule, locale: Locale): string {
  const to = `→ <#${rule.channel}>`;
  switch (rule.kind) {
    case 'stale_source':
      return `${t(locale, 'alerts.stale_source.metric', { source: '…' })} > ${rule.maxAgeHours} h ${to}`;
    case 'lead_collapse':
      return `${t(locale, 'alerts.lead_collapse.metric', { weeks: rule.weeks })} < ${formatDecimal(rule.ratio * 100, locale, 0)} % ${to}`;
    case 'metric': {
      const threshold =
        rule.threshold.kind === 'absolute'
          ? formatDecimal(rule.threshold.value, locale, 2)
          : rule.threshold.kind === 'relative'
            ? `${rule.threshold.change >= 0 ? '+' : ''}${formatDecimal(rule.threshold.change * 100, locale, 0)} %`
            : 'CLV / ratio';
      const scope = rule.filters.length > 0 ? ` · ${escapeMrkdwn(scopeLabel(rule.filters))}` : '';
      return `${metricDef(rule.metric).name[locale]} ${rule.comparator} ${threshold}${scope} ${to}`;
    }
  }
}

function stateWord(s: StoredState, locale: Locale, now: number): string {
  if (s.muted) return t(locale, 'alerts.state.muted');
  if (s.snoozedUntil !== null && s.snoozedUntil > now) {
    return t(locale, 'alerts.state.snoozed', {
      until: new Date(s.snoozedUntil).toISOString().slice(0, 16),
    });
  }
  return t(locale, `alerts.state.${s.status}` as MessageKey);
}

function stateWords(states: readonly StoredState[], locale: Locale, now: number): string {
  return states
    .map((s) => {
      const word = stateWord(s, locale, now);
      // The metric cannot be computed from the loaded data: the listing says why, as the notice did.
      return s.naCode
        ? `${word}, ${t(locale, 'common.na')}: ${t(locale, naReason(s.naCode).messageKey)}`
        : word;
    })
    .join(', ');
}

/** The `/kpi alerts` listing (also the App Home section). */
export function listLines(
  rules: readonly { rule: StoredRule; states: StoredState[] }[],
  locale: Locale,
  now: number,
) {
  return rules.map(({ rule, states }) => {
    const state = states.length > 0 ? ` · _${stateWords(states, locale, now)}_` : '';
    return `*#${rule.seq}* ${describeRule(rule.rule, locale)}${state}`;
  });
}

const seqOf = (id: string): number => Number(id.replace(/^#/, ''));
const until = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The `/kpi alerts …` handler for the Slack adapter's `extensions.alerts`. */
export function createAlertsCommandHandler(
  service: AlertService,
  now: () => number,
): SubcommandHandler<AlertsCommand> {
  return async (command, asker): Promise<SlackMessage> => {
    const locale = asker.locale;
    switch (command.action) {
      case 'list': {
        const lines = listLines(await service.list(), locale, now());
        return renderNotice(
          lines.length > 0
            ? [t(locale, 'alerts.list_header'), ...lines].join('\n')
            : t(locale, 'alerts.list_empty'),
        );
      }
      case 'add': {
        const channel = command.rule.channel?.channel;
        if (channel?.startsWith('#')) return renderNotice(t(locale, 'alerts.channel_unknown'));
        const stored = await service.add(command.rule, asker.channel, asker.user);
        return renderNotice(
          t(locale, 'alerts.added', {
            seq: stored.seq,
            rule: describeRule(stored.rule, locale),
            channel: stored.rule.channel,
          }),
        );
      }
      case 'remove': {
        const seq = seqOf(command.id);
        const done = await service.remove(seq);
        return renderNotice(t(locale, done ? 'alerts.removed' : 'alerts.not_found', { seq: command.id }));
      }
      case 'snooze': {
        const to = await service.snooze(seqOf(command.id), command.durationMs);
        return renderNotice(
          to === null
            ? t(locale, 'alerts.not_found', { seq: command.id })
            : t(locale, 'alerts.snoozed_rule', { seq: command.id, until: until(to) }),
        );
      }
      case 'mute':
      case 'unmute': {
        const done = await service.mute(seqOf(command.id), command.action === 'mute');
        return renderNotice(
          t(
            locale,
            done
              ? command.action === 'mute'
                ? 'alerts.muted_rule'
                : 'alerts.unmuted_rule'
              : 'alerts.not_found',
            {
              seq: command.id,
            },
          ),
        );
      }
    }
  };
}

/** The metrics a rule reveals: its metric, and CLV for a `clv/ratio` threshold. Built-ins: none. */
export function ruleMetrics(rule: AlertRule): MetricId[] {
  if (rule.kind !== 'metric') return [];
  return rule.threshold.kind === 'target' ? [rule.metric, 'clv'] : [rule.metric];
}

/** The Slack adapter's `extensions.alertRuleMetrics`: the metrics of rule `#seq`, null if none. */
export function alertRuleMetrics(service: AlertService) {
  return async (id: string): Promise<MetricId[] | null> => {
    const seq = seqOf(id);
    const found = (await service.list()).find(({ rule }) => rule.seq === seq);
    return found ? ruleMetrics(found.rule.rule) : null;
  };
}

/** App Home lines: the alert rules and their states. */
export function alertHomeLines(service: AlertService, now: () => number) {
  return async (locale: Locale): Promise<string[]> => listLines(await service.list(), locale, now());
}
