import type { MessageKey, MessageParams } from '../i18n/catalogue.ts';
import type { Filter, MetricId, PeriodSpec, Query } from '../kpi/query.ts';
import type { WhyRequest } from '../kpi/why.ts';
import { AppError } from '../shared/errors.ts';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An ISO week (`2026-W45`). */
export interface IsoWeek {
  year: number;
  week: number;
}

/**
 * A Slack channel as the user wrote it. `channel` is the channel id when Slack sent a mention
 * (`<#C0123|growth>` → `C0123`, name `growth`), or `#name` when the user typed a plain `#growth`.
 */
export interface ChannelRef {
  channel: string;
  name?: string;
}

/** `me` (the user who typed the command) or a Slack user id from a `<@U0123>` mention. */
export interface UserRef {
  user: 'me' | (string & {});
}

export type DigestTarget = ChannelRef | UserRef;

export type AlertOp = '>' | '>=' | '<' | '<=';

/**
 * An absolute number (in the metric's unit: 60 for a 60 € CPL, 1.5 for a 1.5 % CTR), a relative
 * change against the rule's baseline (`+20%` → 0.2, `-50%` → -0.5), or the CLV target
 * (`cac > clv/ratio`: CLV divided by the configured LTV:CAC target ratio).
 */
export type AlertThreshold = number | { relative: number } | { target: 'clv_ratio' };

export interface AlertRuleSpec {
  metric: MetricId;
  op: AlertOp;
  threshold: AlertThreshold;
  filters: readonly Filter[];
  /** Where the alert posts; the channel the command came from when absent. */
  channel?: ChannelRef;
  /** The period the metric is computed over (`window=7d` → last 7 days). */
  window?: PeriodSpec;
  /** Minimum time between two notifications of the same incident (`renotify=24h`), in ms. */
  renotifyMs?: number;
  /** How long the condition must hold before firing (`for=2h`), in ms. */
  pendingMs?: number;
}

/** Everything the /kpi text and the `kpi` CLI can ask for. */
export type Command =
  | { kind: 'query'; query: Query }
  | { kind: 'help'; metric?: MetricId; topic?: 'funnel' | 'why' }
  /** `why cpl period=last-week`: a metric's change explained group by group. */
  | { kind: 'why'; request: WhyRequest }
  /** `period` absent: the engine's default basis (DEFAULT_PLAN_PERIOD, the last 90 days). */
  | { kind: 'plan'; customers: number; period?: PeriodSpec; filters: readonly Filter[] }
  | { kind: 'digest'; action: 'preview'; week?: IsoWeek }
  | {
      kind: 'digest';
      action: 'subscribe';
      /** Absent: the channel (or DM) the command was typed in. */
      target?: DigestTarget;
      day?: Weekday;
      /** `HH:MM`, 24-hour clock. */
      time?: string;
      /** IANA zone, canonical spelling (`Europe/Paris`). */
      timeZone?: string;
    }
  | { kind: 'digest'; action: 'unsubscribe'; target?: DigestTarget }
  | { kind: 'digest'; action: 'list' }
  | { kind: 'alerts'; action: 'list' }
  | { kind: 'alerts'; action: 'add'; rule: AlertRuleSpec }
  | { kind: 'alerts'; action: 'remove'; id: string }
  | { kind: 'alerts'; action: 'snooze'; id: string; durationMs: number }
  | { kind: 'alerts'; action: 'mute' | 'unmute'; id: string }
  | { kind: 'sources' }
  | { kind: 'refresh' }
  /** `import <file>`, or `import undo <id>`: take back the import with that id (`undo`). */
  | { kind: 'import'; fileRef?: string; undo?: string }
  /** `history [n]`: the last changes of data and configuration (default 10). */
  | { kind: 'history'; limit?: number }
  | { kind: 'modal' };

export type CommandErrorCode =
  | 'unknown_metric'
  | 'unknown_dimension'
  | 'unknown_value'
  | 'period_invalid'
  | 'command_invalid';

export interface CommandErrorDetails {
  /** The offending token as the user typed it. */
  token: string;
  /** Its offset (UTF-16 code units) in the command text. */
  position: number;
  /** Up to three closest valid spellings, best first. */
  suggestions?: readonly string[];
  params?: MessageParams;
}

/**
 * Why a command text could not be understood. An AppError, so any handler can render it with
 * `t(locale, error.messageKey, error.params)`; the did-you-mean is part of the message.
 */
export class CommandError extends AppError {
  declare readonly code: CommandErrorCode;
  readonly token: string;
  readonly position: number;
  readonly suggestions: readonly string[];

  constructor(code: CommandErrorCode, messageKey: MessageKey, details: CommandErrorDetails) {
    const suggestions = details.suggestions ?? [];
    super(code, messageKey, {
      params: { token: details.token, suggestions: suggestions.join(', '), ...details.params },
    });
    this.name = 'CommandError';
    this.token = details.token;
    this.position = details.position;
    this.suggestions = suggestions;
  }
}
