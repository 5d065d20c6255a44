import type { KnownBlock } from '@slack/types';
import { type MessageKey, t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import { isSingular } from '../i18n/plural.ts';
import { metricDef } from '../kpi/catalogue.ts';
import type { PeriodSpec } from '../kpi/query.ts';
import { escapeMrkdwn, truncate } from '../shared/escape.ts';
import { formatDecimal, formatMoney } from '../shared/number-format.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import type { Observation } from './evaluate.ts';
import type { AlertRule, Comparator } from './rules.ts';

/** Action ids of the alert buttons (registerAlertActions listens to them). */
export const ALERT_ACTIONS = {
  snooze24h: 'kpi_alert_snooze_24h',
  snooze7d: 'kpi_alert_snooze_7d',
  mute: 'kpi_alert_mute',
} as const;

/** What a button carries: which rule and scope it acts on. */
export interface AlertButtonValue {
  r: string;
  s: string;
}

const SECTION_MAX = 3000;

export interface AlertView {
  metric: string;
  value: string;
  threshold: string;
  comparison: string;
  scope: string;
  window: string;
}

const COMPARISON: Record<Comparator, MessageKey> = {
  '>': 'alerts.above',
  '>=': 'alerts.at_or_above',
  '<': 'alerts.below',
  '<=': 'alerts.at_or_below',
};

function windowText(window: PeriodSpec, locale: Locale): string {
  if (window.kind === 'last-days')
    return t(locale, isSingular(locale, window.days) ? 'alerts.window_days_one' : 'alerts.window_days', {
      days: window.days,
    });
  if (window.kind === 'relative') return t(locale, 'alerts.window_other', { period: window.name });
  if (window.kind === 'range')
    return t(locale, 'alerts.window_other', { period: `${window.from} → ${window.to}` });
  return t(locale, 'alerts.window_other', { period: JSON.stringify(window) });
}

/** A number in the rule's unit: money in the workspace currency, percents, ratios, hours. */
export function formatValue(rule: AlertRule, value: number | null, currency: string, locale: Locale): string {
  if (value === null) return t(locale, 'common.na');
  if (rule.kind !== 'metric') return formatDecimal(value, locale, rule.kind === 'stale_source' ? 1 : 0);
  switch (metricDef(rule.metric).unit) {
    case 'money':
      return formatMoney(value, currency, locale);
    case 'percent':
      return `${formatDecimal(value, locale, 1)} %`;
    case 'ratio':
      return `${formatDecimal(value, locale, 1)}×`;
    case 'days':
      return formatDecimal(value, locale, 1);
    case 'count':
      return formatDecimal(value, locale, 0);
  }
}

/** The words of an alert: every data value (scope, source names) escaped for mrkdwn. */
export function alertView(
  rule: AlertRule,
  obs: Observation,
  units: { currency: string; ltvCacRatio: number },
  locale: Locale,
): AlertView {
  const { currency } = units;
  const value = formatValue(rule, obs.value, currency, locale);
  let threshold = formatValue(rule, obs.threshold, currency, locale);
  let metric: string;
  let comparator: Comparator;
  let window: string;
  switch (rule.kind) {
    case 'metric':
      metric = metricDef(rule.metric).name[locale];
      // A stage conversion is measured as the digest's cohort: say within which lag.
      if (obs.lagDays !== undefined && obs.lagDays > 0) {
        const lagKey = obs.lagDays === 1 ? 'alerts.cohort_lag_one' : 'alerts.cohort_lag';
        metric += ` ${t(locale, lagKey, { days: obs.lagDays })}`;
      }
      comparator = rule.comparator;
      window = windowText(rule.window, locale);
      if (rule.threshold.kind === 'relative') {
        const change = `${rule.threshold.change >= 0 ? '+' : ''}${formatDecimal(rule.threshold.change * 100, locale, 0)} %`;
        threshold = t(locale, 'alerts.relative_threshold', { value: threshold, change });
      } else if (rule.threshold.kind === 'target') {
        threshold = t(locale, 'alerts.target_threshold', {
          value: threshold,
          ratio: formatDecimal(units.ltvCacRatio, locale, 1),
        });
      }
      break;
    case 'stale_source':
      metric = t(locale, 'alerts.stale_source.metric', { source: escapeMrkdwn(obs.scopeLabel) });
      comparator = '>';
      window = '';
      break;
    case 'lead_collapse':
      metric = t(locale, 'alerts.lead_collapse.metric', { weeks: rule.weeks });
      comparator = '<';
      window = '';
      break;
  }
  const scope =
    rule.kind === 'stale_source'
      ? escapeMrkdwn(obs.scopeLabel)
      : obs.scopeLabel === ''
        ? t(locale, 'alerts.scope_all')
        : escapeMrkdwn(obs.scopeLabel);
  return { metric, value, threshold, comparison: t(locale, COMPARISON[comparator]), scope, window };
}

/** Drops the separator an empty trailing part (a built-in rule has no window) leaves behind. */
const line = (text: string): string => text.replace(/ · $/, '');

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) },
});

function buttons(ruleId: string, scope: string, locale: Locale): KnownBlock {
  const value = JSON.stringify({ r: ruleId, s: scope } satisfies AlertButtonValue);
  const button = (actionId: string, key: MessageKey, style?: 'danger') => ({
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text: t(locale, key) },
    value,
    ...(style ? { style } : {}),
  });
  return {
    type: 'actions',
    block_id: 'kpi_alert_actions',
    elements: [
      button(ALERT_ACTIONS.snooze24h, 'alerts.button.snooze_24h'),
      button(ALERT_ACTIONS.snooze7d, 'alerts.button.snooze_7d'),
      button(ALERT_ACTIONS.mute, 'alerts.button.mute', 'danger'),
    ],
  };
}

/**
 * The incident's message: value, threshold, scope, the top driver of the breach when known
 * (already escaped, from alertDriverText), and the snooze / mute buttons.
 */
export function renderFired(
  view: AlertView,
  ruleId: string,
  scope: string,
  locale: Locale,
  driver: string | null = null,
): SlackMessage {
  const text = line(t(locale, 'alerts.fired', { ...view }));
  const why: KnownBlock[] = driver
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(driver, SECTION_MAX) }] }]
    : [];
  return { text, blocks: [section(text), ...why, buttons(ruleId, scope, locale)] };
}

/** A repeat, in the incident's thread. */
export function renderRepeat(view: AlertView, since: string, locale: Locale): SlackMessage {
  const text = t(locale, 'alerts.repeat', { ...view, since });
  return { text, blocks: [section(text)] };
}

/** The original message once resolved (chat.update): no buttons left. */
export function renderResolvedOriginal(view: AlertView, locale: Locale): SlackMessage {
  const text = line(t(locale, 'alerts.resolved_header', { ...view }));
  return { text, blocks: [section(text)] };
}

/** The one recovery reply in the thread. */
export function renderRecovered(view: AlertView, locale: Locale): SlackMessage {
  const text = t(locale, 'alerts.recovered', { ...view });
  return { text, blocks: [section(text)] };
}

/**
 * The metric cannot be computed from the loaded data (no revenue column, no stage dates): said
 * once, with the reason; the rule neither fires nor recovers until the data has it.
 */
export function renderUnavailable(
  view: AlertView,
  reason: string,
  locale: Locale,
  of: 'value' | 'threshold' = 'value',
): SlackMessage {
  const key = of === 'threshold' ? 'alerts.unavailable_threshold' : 'alerts.unavailable';
  const text = line(t(locale, key, { ...view, reason, na: t(locale, 'common.na') }));
  return { text, blocks: [section(text)] };
}
