import type { App } from '@slack/bolt';
import type { HomeSection, SubcommandHandler } from '../command/handler.ts';
import type { Command, CommandError } from '../command/types.ts';
import type { ImportPreview } from '../data/preview-sink.ts';
import type { MessageKey, MessageParams } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { IngestReport } from '../ingest/report.ts';
import type { MetricId, Query } from '../kpi/query.ts';
import type { QueryResult } from '../kpi/result.ts';
import type { WhyRequest, WhyResult } from '../kpi/why.ts';
import type { Dimension } from '../model/dimension.ts';
import type { Currency } from '../model/money.ts';
import type { Result } from '../shared/errors.ts';
import type { Change, StoredChange } from '../store/changes.ts';
import type { UndoOutcome } from '../store/undo.ts';
import type { SourceStatus } from './blocks/sources.ts';
import type { RenderContext } from './blocks/types.ts';
import type { ChangeGate } from './editors.ts';

/** What `/kpi plan customers=50` needs at current rates. */
export interface PlanSummary {
  customers: number;
  periodLabel: string;
  stages: readonly { metric: MetricId; needed: number | null }[];
  budget: number | null;
  currency: Currency;
}

/** The outcome of one import, as the ingest report tells it. */
export interface ImportSummary {
  /** The import's id (`/kpi import undo <id>`); null when nothing was stored. */
  id: string | null;
  /** Rows added and stored rows changed (null when unknown). */
  added: number | null;
  updated: number | null;
  name: string;
  preset: string;
  accepted: number;
  rejected: number;
  /** Examples of skipped rows, with the ingest's localizable reason. */
  rejections: readonly { row: number; field: string | null; key: MessageKey; params: MessageParams }[];
  /** What the user should know about the whole file (spend another report level already counts, …). */
  warnings?: readonly { key: MessageKey; params: MessageParams }[];
  /** A campaign grid: the days its rows span, and where that comes from (ingest report `span`). */
  span?: IngestReport['span'];
  /** The file's own total row when the rows disagree with it (ingest report `totalCheck`), and the currency of both. */
  totalCheck?: IngestReport['totalCheck'];
  currency?: string;
}

export interface RefreshSummary {
  count: number;
  rows: number;
  rejected: number;
  /** The sources (or files) that could not be read, each with why (401, missing scope, bad file …). */
  failures?: readonly { name: string; key: MessageKey; params: MessageParams }[];
}

/** Who changed something, and through what (a DM upload, a command, a button). */
export interface ChangeBy {
  user: string;
  via: 'dm' | 'command' | 'button';
}

/**
 * `period=` in the message that carried an upload, as the user wrote it (the grammar's words) and
 * in their language: the days a campaign grid covers when the file does not say (`--period`).
 */
export interface UploadPeriod {
  text: string;
  locale: Locale;
}

/** An import's origin for the trail: who, and the file as it was downloaded. */
export interface ImportBy extends ChangeBy {
  bytes: number;
  sha256: string;
  /** The counts an editor confirmed before a big rewrite was applied. */
  confirmed?: ImportPreview;
}

/**
 * The application as the Slack adapter sees it: the grammar, the engine over the current
 * snapshot, the store's sources, ingest. main.ts builds it from the real modules.
 */
export interface KpiServices {
  parse(text: string, locale: Locale): Result<Command, CommandError>;
  /** True once the data is in memory (the snapshot loaded); absent: always. */
  loaded?(): boolean;
  /** The engine's answer; `locale` names what the engine writes itself ("(none)"). */
  run(query: Query, locale?: Locale): Promise<QueryResult>;
  /** `why <metric>`: the metric's change explained group by group (throws AppError when it cannot be). */
  why(request: WhyRequest, locale?: Locale): Promise<WhyResult>;
  renderContext(locale: Locale): Promise<RenderContext>;
  sources(): Promise<SourceStatus[]>;
  /** Re-reads the configured sources; `by` (who asked) goes to the trail. */
  refresh(by?: ChangeBy): Promise<RefreshSummary>;
  /** Ingests a file into the store, keeping what it overwrote (undo) and recording it in the trail. */
  importFile(path: string, name: string, by?: ImportBy, period?: UploadPeriod): Promise<ImportSummary>;
  /** What importing the file would change, without writing (the big-rewrite check). */
  previewImport(path: string, period?: UploadPeriod): Promise<ImportPreview>;
  /** Takes an import back (store/undo.ts), recorded in the trail. */
  undoImport(id: string, by: ChangeBy): Promise<UndoOutcome>;
  /** The last `limit` changes of data and configuration, newest first. */
  history(limit: number): Promise<{ changes: StoredChange[]; keepDays: number }>;
  /** Appends a change made through Slack to the trail (alert rules, subscriptions, snooze, mute). */
  recordChange(change: Omit<Change, 'at'>): Promise<void>;
  plan(command: Extract<Command, { kind: 'plan' }>): Promise<PlanSummary>;
  /** Values of a dimension matching what the user typed (type-ahead in the modal). */
  suggestValues(dimension: Dimension, typed: string, limit: number): Promise<string[]>;
}

/**
 * Dispatch points for the digest-alerts area: register a handler and `/kpi digest …` or
 * `/kpi alerts …` reaches it; until then the user gets "not available yet".
 */
export interface SlackExtensions {
  digest?: SubcommandHandler<Extract<Command, { kind: 'digest' }>>;
  alerts?: SubcommandHandler<Extract<Command, { kind: 'alerts' }>>;
  /**
   * The metrics an alert rule (`#3`) reveals, null when there is no such rule: the dispatcher's
   * access check for `alerts remove/snooze/mute` (without it, those are refused to outsiders).
   */
  alertRuleMetrics?: (id: string) => Promise<readonly MetricId[] | null>;
  homeDigests?: HomeSection;
  homeAlerts?: HomeSection;
  /**
   * Extra Bolt listeners (alert buttons: snooze, mute): called once with the app and the change
   * gate (those buttons change configuration: editors only, recorded in the trail).
   */
  register?: (app: App, gate: ChangeGate) => void;
}
