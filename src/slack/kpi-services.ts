import { parseCommand } from '../command/grammar.ts';
import { periodSpan } from '../command/period-span.ts';
import type { Command } from '../command/types.ts';
import { vocabularyFrom } from '../command/vocabulary.ts';
import { dataCoverageOffThread } from '../data/coverage-off-thread.ts';
import { ingestIntoStoreOffThread } from '../data/ingest-off-thread.ts';
import { storeSource } from '../data/load.ts';
import { previewImport } from '../data/preview-sink.ts';
import type { QueryPool } from '../data/query-pool.ts';
import type { SourceRefreshStatus } from '../data/source-refresh.ts';
import type { Locale } from '../i18n/locale.ts';
import { SnapshotCache } from '../kpi/cache.ts';
import { whyWithCoverage, withCoverage } from '../kpi/coverage.ts';
import { DEFAULT_TARGETS, runQuery, type Targets } from '../kpi/engine.ts';
import { describeSpec } from '../kpi/periods.ts';
import { plan } from '../kpi/plan.ts';
import type { Query } from '../kpi/query.ts';
import type { QueryResult } from '../kpi/result.ts';
import { type Snapshot, vocabulary } from '../kpi/snapshot.ts';
import { explainChange, type WhyOptions, type WhyRequest, type WhyResult } from '../kpi/why.ts';
import type { SourceCoverage } from '../model/coverage.ts';
import type { Currency } from '../model/money.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { type Change, listChanges, pruneChanges, recordChange } from '../store/changes.ts';
import type { Db } from '../store/db.ts';
import { listSources } from '../store/imports.ts';
import { isStoreUnavailable } from '../store/unavailable.ts';
import { undoImport } from '../store/undo.ts';
import type { SourceStatus } from './blocks/sources.ts';
import { createRenderContext } from './render-context.ts';
import type { ImportSummary, KpiServices, PlanSummary, RefreshSummary, UploadPeriod } from './services.ts';

const refreshFields = (r: SourceRefreshStatus) => ({
  lastRefreshAt: r.lastRefreshAt,
  nextRefreshAt: r.nextRefreshAt,
  lastError: r.lastError,
});

export interface KpiServicesOptions {
  db: Db;
  clock: Clock;
  timeZone: string;
  currency: Currency;
  targets?: Targets;
  rates?: Record<string, number>;
  /** The report level kept per platform when files of several levels cover the same spend (config workspace.keepLevel). */
  keepLevel?: Readonly<Record<string, string>>;
  /** A source not refreshed for this long is stale (hours; 26 by default). */
  staleAfterHours?: number;
  /** Re-reads the configured sources (config `sources`); absent: nothing configured. */
  refreshSources?: () => Promise<RefreshSummary>;
  /** The snapshot cache, when shared with others (the digest and alerts); one is made otherwise. */
  snapshots?: SnapshotCache;
  /** Each configured source's refresh: last and next read, rows, the last error. */
  refreshStatus?: () => Promise<SourceRefreshStatus[]>;
  /** Limits of `why` (minimum volume, noise test): the digest's alpha and minimum volume by default. */
  why?: WhyOptions;
  /** Runs /kpi questions in worker threads (absent: on the event loop). */
  queryPool?: QueryPool;
  /** Called after data changed through Slack (an import, a refresh): e.g. evaluate alert rules. */
  afterImport?: () => Promise<void>;
  /** How long the trail of changes is kept, in days (default 400). */
  historyDays?: number;
}

const DAY_MS = 86_400_000;
/** Distinct answers kept within a minute (see `run`). */
const ANSWERS_KEPT = 256;
/** The trail is pruned at most this often (on a change). */
const PRUNE_EVERY_MS = 3_600_000;

/** The application behind the Slack adapter: grammar, engine over the cached snapshot, store, ingest. */
export function createKpiServices(options: KpiServicesOptions): KpiServices {
  const { db, clock } = options;
  // One snapshot in memory: the one the digest and alerts read too, when given.
  const cache =
    options.snapshots ??
    new SnapshotCache(storeSource(db, { timeZone: options.timeZone, currency: options.currency }));
  const targets = options.targets ?? DEFAULT_TARGETS;
  /** The newest import the store last reported (answers during a store outage show it). */
  let lastNewest: number | null = null;
  let vocab = vocabularyFrom({});
  // The grammar is synchronous; the vocabulary it needs follows the snapshot.
  const refreshVocabulary = async () => {
    const snapshot = await cache.get();
    vocab = vocabularyFrom(vocabulary(snapshot));
    // Ready for the next question: the query threads hold this version and its coverage is
    // read, rather than both on the event loop at the first question, amid acknowledgements.
    options.queryPool?.prepare(snapshot);
    void coverageOf(snapshot.dataVersion);
  };
  void refreshVocabulary().catch(() => undefined);

  let vocabVersion: string | null = null;
  const parsed = new Map<string, ReturnType<typeof parseCommand>>();
  let parsedFor: { vocab: typeof vocab; minute: number } = { vocab, minute: -1 };

  // The days each source's data spans, read once per data version (one grouped scan).
  let coverage: { version: string; rows: Promise<SourceCoverage[]> } | null = null;
  const coverageOf = (version: string): Promise<SourceCoverage[]> => {
    if (coverage?.version !== version) {
      // Unknown coverage (store unreachable) only leaves the note out: the answer still goes.
      coverage = { version, rows: dataCoverageOffThread(db, options.timeZone).catch(() => []) };
    }
    return coverage.rows;
  };

  /**
   * Answers computed lately, per data version, language and question: the same /kpi fired by
   * several people (or a team's repeated morning question) is computed once. Kept for the
   * current minute only, since `now` enters an answer through today's date and its "as of".
   */
  const answers = new Map<string, Promise<QueryResult>>();
  let answersMinute = -1;

  async function run(query: Query, locale?: Locale): Promise<QueryResult> {
    const snapshot = await cache.get();
    if (vocabVersion !== snapshot.dataVersion) {
      vocab = vocabularyFrom(vocabulary(snapshot));
      vocabVersion = snapshot.dataVersion;
    }
    const now = clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== answersMinute) {
      answers.clear();
      answersMinute = minute;
    }
    const key = `${snapshot.dataVersion}|${locale ?? ''}|${JSON.stringify(query)}`;
    const known = answers.get(key);
    if (known) return known;
    const answer = compute(snapshot, query, now, locale);
    if (answers.size >= ANSWERS_KEPT) answers.delete(answers.keys().next().value as string);
    answers.set(key, answer);
    // A failure is not kept: the next asker tries again.
    answer.catch(() => {
      if (answers.get(key) === answer) answers.delete(key);
    });
    return answer;
  }

  async function compute(snapshot: Snapshot, query: Query, now: Date, locale?: Locale): Promise<QueryResult> {
    // Off the event loop when a pool is given: acknowledgements never wait behind a query.
    if (options.queryPool) {
      const answer = await options.queryPool.run(snapshot, query, { now, targets, locale });
      return withCoverage(answer, await coverageOf(snapshot.dataVersion), snapshot.timeZone);
    }
    // Only the metrics asked for are computed: the reply shows no others, and wide queries stay fast.
    const result = runQuery(snapshot, query, {
      now,
      targets,
      onlyRequested: true,
      ...(locale ? { locale } : {}),
    });
    if (!result.ok) throw result.error;
    // Days after the data: "no data" instead of zeros, and the context line says where it stops.
    return withCoverage(result.value, await coverageOf(snapshot.dataVersion), snapshot.timeZone);
  }

  async function why(request: WhyRequest, locale?: Locale): Promise<WhyResult> {
    const snapshot = await cache.get();
    const ctx = { now: clock.now(), targets, ...(locale ? { locale } : {}) };
    const result = explainChange(snapshot, request, ctx, options.why);
    if (!result.ok) throw result.error;
    // Where the data stops before the period ends: the reply says so, as answers do.
    return whyWithCoverage(result.value, await coverageOf(snapshot.dataVersion), snapshot.timeZone);
  }

  const ingestOptions = {
    timeZone: options.timeZone,
    currency: options.currency,
    ...(options.rates ? { rates: options.rates } : {}),
    ...(options.keepLevel ? { keepLevel: options.keepLevel } : {}),
  };
  /** The ingest options of an upload: `period=` of its message resolved to days, as `--period` is. */
  function uploadOptions(name: string, period: UploadPeriod | undefined) {
    if (!period) return ingestOptions;
    const span = periodSpan(period.text, period.locale, clock.now(), options.timeZone);
    if (!span) {
      throw new AppError('period_invalid', 'slack.import.periodInvalid', {
        params: { name, period: period.text },
      });
    }
    return { ...ingestOptions, period: span };
  }
  let prunedAt = 0;
  async function record(change: Omit<Change, 'at'>): Promise<void> {
    const now = clock.now().getTime();
    await recordChange(db, { ...change, at: now });
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    await pruneChanges(db, now - (options.historyDays ?? 400) * DAY_MS);
  }

  return {
    why,
    loaded: () => cache.peek() !== null,
    recordChange: record,
    history: async (limit) => ({
      changes: await listChanges(db, limit),
      keepDays: options.historyDays ?? 400,
    }),
    async undoImport(id, by) {
      const outcome = await undoImport(db, id, { actor: by.user, via: by.via, now: clock.now().getTime() });
      if (outcome.ok) {
        await refreshVocabulary();
        await options.afterImport?.();
      }
      return outcome;
    },
    parse(text, locale) {
      // The same words in the same minute, language and vocabulary parse the same: parse once.
      const now = clock.now();
      const minute = Math.floor(now.getTime() / 60_000);
      if (parsedFor.vocab !== vocab || parsedFor.minute !== minute) {
        parsed.clear();
        parsedFor = { vocab, minute };
      }
      const key = `${locale}|${text}`;
      let result = parsed.get(key);
      if (!result) {
        result = parseCommand(text, { vocabulary: vocab, locale, now, timeZone: options.timeZone });
        if (parsed.size >= ANSWERS_KEPT) parsed.delete(parsed.keys().next().value as string);
        parsed.set(key, result);
      }
      return result;
    },
    run,
    async renderContext(locale) {
      let sources: Awaited<ReturnType<typeof listSources>>;
      try {
        sources = await listSources(db);
      } catch (error) {
        // The store is down: answers from the snapshot in memory still render, "as of" the last look.
        if (!isStoreUnavailable(error) || !cache.peek()) throw error;
        return createRenderContext(locale, lastNewest);
      }
      const newest = sources.reduce<number | null>(
        (max, s) => (max === null || s.lastImportAt > max ? s.lastImportAt : max),
        null,
      );
      lastNewest = newest;
      return createRenderContext(locale, newest);
    },
    async sources() {
      const now = clock.now().getTime();
      const staleMs = (options.staleAfterHours ?? 26) * 3_600_000;
      const refresh = new Map(
        (await (options.refreshStatus?.() ?? Promise.resolve([]))).map((r) => [r.name, r]),
      );
      const stored = await listSources(db);
      const statuses: SourceStatus[] = stored.map((s) => {
        const r = refresh.get(s.origin);
        // Fresh means read recently, whether or not that read brought new rows.
        const freshAt = Math.max(s.lastImportAt, r?.lastRefreshAt ?? 0);
        return {
          name: s.origin,
          rows: s.leadRows + s.costRows,
          rejected: s.rejectedRows,
          updatedAt: s.lastImportAt,
          stale: now - freshAt > staleMs,
          ...(r ? refreshFields(r) : {}),
        };
      });
      // Configured sources never imported yet (a first pull failing, a folder still empty).
      for (const r of refresh.values()) {
        if (stored.some((s) => s.origin === r.name)) continue;
        statuses.push({
          name: r.name,
          rows: 0,
          rejected: 0,
          updatedAt: null,
          stale: true,
          ...refreshFields(r),
        });
      }
      return statuses;
    },
    async refresh(by) {
      const done = options.refreshSources
        ? await options.refreshSources()
        : { count: 0, rows: 0, rejected: 0 };
      if (by) {
        await record({
          actor: by.user,
          action: 'refresh',
          via: by.via,
          subject: null,
          details: {
            sources: done.count,
            rows: done.rows,
            rejected: done.rejected,
            failed: (done.failures ?? []).map((f) => f.name),
          },
        });
      }
      await refreshVocabulary();
      await options.afterImport?.();
      return done;
    },
    previewImport: (path, period) => previewImport(db, { path, options: uploadOptions(path, period) }),
    async importFile(path, name, by, period): Promise<ImportSummary> {
      // A large upload is ingested in a worker thread: Slack requests keep being acknowledged.
      const report = await ingestIntoStoreOffThread(
        db,
        { path, name, options: uploadOptions(name, period), keepVersions: true },
        clock,
      );
      if (report.error?.messageKey === 'ingest.error.gridNoRange') {
        // A Slack user cannot pass --period or edit sources[]: name the way that exists here.
        throw new AppError('format_unknown', 'slack.import.gridNoRange', { params: report.error.params });
      }
      if (report.error) throw report.error;
      const stored = report.stored;
      if (stored && by) {
        await record({
          actor: by.user,
          action: 'import',
          via: by.via,
          subject: stored.id,
          details: {
            name,
            bytes: by.bytes,
            sha256: by.sha256,
            origin: stored.origin,
            added: stored.rowsAdded,
            updated: stored.rowsUpdated,
            skipped: report.skipped,
            ...(by.confirmed ? { confirmed: by.confirmed } : {}),
          },
        });
      }
      await refreshVocabulary();
      await options.afterImport?.();
      return {
        id: stored?.id ?? null,
        added: stored?.rowsAdded ?? null,
        updated: stored?.rowsUpdated ?? null,
        name,
        preset: report.preset?.label ?? '-',
        accepted: report.accepted + report.merged,
        rejected: report.skipped,
        rejections: report.skippedExamples.map((e) => ({
          row: e.row,
          field: e.field,
          key: e.key,
          params: e.params,
        })),
        warnings: report.warnings.map((w) => ({ key: w.key, params: w.params })),
        ...(report.span ? { span: report.span } : {}),
        ...(report.totalCheck ? { totalCheck: report.totalCheck } : {}),
        currency: report.currency,
      };
    },
    async plan(command: Extract<Command, { kind: 'plan' }>): Promise<PlanSummary> {
      const planned = plan(
        await cache.get(),
        {
          customers: command.customers,
          filters: command.filters,
          ...(command.period ? { period: command.period } : {}),
        },
        { now: clock.now(), targets },
      );
      if (!planned.ok) throw planned.error;
      const p = planned.value;
      return {
        customers: p.customers,
        periodLabel: p.period.label ?? (command.period ? describeSpec(command.period) : ''),
        stages: [
          { metric: 'sql', needed: p.needed.sql.value },
          { metric: 'mql', needed: p.needed.mql.value },
          { metric: 'leads', needed: p.needed.leads.value },
        ],
        budget: p.needed.budget.value,
        currency: options.currency,
      };
    },
    async suggestValues(dimension, typed, limit) {
      const values = vocabulary(await cache.get())[dimension];
      const needle = typed.trim().toLowerCase();
      return values.filter((v) => v.toLowerCase().includes(needle)).slice(0, limit);
    },
  };
}
