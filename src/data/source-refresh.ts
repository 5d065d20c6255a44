import type { Config, SourceConfig } from '../config/file.ts';
import { t } from '../i18n/catalogue.ts';
import { formatIngestReport } from '../ingest/report.ts';
import type { Clock } from '../shared/clock.ts';
import { errorText } from '../shared/errors.ts';
import { escapeEntities } from '../shared/escape.ts';
import { type Logger, silentLogger } from '../shared/logger.ts';
import { recordChange } from '../store/changes.ts';
import type { Db } from '../store/db.ts';
import { listRefreshStates, markAlerted, type RefreshState } from '../store/source-refresh.ts';
import { type RefreshOutcome, refreshSource } from './refresh.ts';
import type { SourcePullDeps } from './source-pull.ts';

/** When a source is read by itself: a cron expression, on-change (files, folders) or off. */
export type RefreshTrigger = { kind: 'cron'; expression: string } | { kind: 'on-change' } | { kind: 'off' };

const HOURLY = '0 * * * *';

/** Sheets and API sources every hour; files and folders when they change. */
export function triggerOf(source: SourceConfig): RefreshTrigger {
  const files = source.type === 'file' || source.type === 'folder';
  const refresh = source.refresh ?? (files ? 'on-change' : HOURLY);
  if (refresh === 'off') return { kind: 'off' };
  // on-change means something only for files; a sheet or an API has nothing to watch.
  if (refresh === 'on-change') return files ? { kind: 'on-change' } : { kind: 'cron', expression: HOURLY };
  return { kind: 'cron', expression: refresh };
}

/** What `/kpi sources` and the App Home show of a source's refresh. */
export interface SourceRefreshStatus {
  name: string;
  lastRefreshAt: number | null;
  nextRefreshAt: number | null;
  rows: number | null;
  failures: number;
  lastError: string | null;
}

export interface SourceRefresherDeps {
  db: Db;
  clock: Clock;
  config: Config;
  /** This process in leases (host:pid:random). */
  owner: string;
  pull: SourcePullDeps;
  /** Posts plain text to the admin channel; absent when none is configured. */
  adminReport?: (text: string) => Promise<void>;
  /** Told after a refresh stored rows (the app then loads and persists the new version's snapshot). */
  afterImport?: () => void;
  /** Next run of a source's schedule, when this process runs the schedules. */
  nextRun?: (name: string) => number | null;
  logger?: Logger;
}

export interface SourceRefresher {
  /** Reads one source now under its lease (force: even when fresh). */
  refresh(
    source: SourceConfig,
    options?: { force?: boolean; maxAgeMs?: number; settled?: SourcePullDeps['settled'] },
  ): Promise<RefreshOutcome>;
  /**
   * Reads every source (not `off`) whose last success is older than maxAge (default
   * `refresh.maxAge`): digests and alert evaluations call this first. Sources being read by
   * another replica are not waited for; the data version tells when their rows arrive.
   */
  ensureFresh(maxAgeMs?: number): Promise<RefreshOutcome[]>;
  status(): Promise<SourceRefreshStatus[]>;
}

/**
 * Source refresh for the running app: the lease-guarded read of ingest/refresh.ts plus what
 * an operator needs around it: the admin channel told once when a source has failed N times
 * in a row (naming the error and the last good refresh), a watched folder's skipped rows sent
 * there with the ingest report, and the status of every source.
 */
export function createSourceRefresher(deps: SourceRefresherDeps): SourceRefresher {
  const { db, config } = deps;
  const logger = deps.logger ?? silentLogger;
  const locale = config.workspace.locale;
  const threshold = config.refresh.failuresBeforeAlert;
  const inFlight = new Map<string, Promise<RefreshOutcome>>();

  const report = async (text: string) => {
    if (!deps.adminReport) return;
    try {
      await deps.adminReport(text);
    } catch (error) {
      logger.error({ error: errorText(error) }, 'admin report failed');
    }
  };

  const afterFailure = async (source: SourceConfig, state: RefreshState | null) => {
    if (!state || state.failures < threshold) return;
    // Told once per streak: the first replica to mark it sends it.
    if (!(await markAlerted(db, source.name, state.failures))) return;
    const lastGood =
      state.lastSuccessAt === null ? t(locale, 'slack.sources.never') : iso(state.lastSuccessAt);
    await report(
      t(locale, 'schedule.source_failing', {
        source: escapeEntities(source.name),
        failures: state.failures,
        error: escapeEntities(state.lastError ?? '?'),
        lastGood,
      }),
    );
  };

  const refresh: SourceRefresher['refresh'] = (source, options = {}) => {
    // One read of a source at a time in this process; the lease does it across processes.
    const running = inFlight.get(source.name);
    if (running) return running;
    const run = (async (): Promise<RefreshOutcome> => {
      const pullDeps = options.settled ? { ...deps.pull, settled: options.settled } : deps.pull;
      const outcome = await refreshSource(db, source, config, pullDeps, {
        owner: deps.owner,
        ...(options.force ? { force: true } : {}),
        ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
      });
      if (outcome.status === 'skipped') return outcome;
      const rows = outcome.pull.rows;
      if (outcome.status === 'refreshed' && rows > 0) {
        deps.afterImport?.();
        // A change made by no one: the trail names the schedule (people's refreshes are recorded by Slack).
        await recordChange(db, {
          at: deps.clock.now().getTime(),
          actor: 'schedule',
          action: 'refresh',
          via: 'schedule',
          subject: source.name,
          details: {
            sources: 1,
            rows,
            rejected: outcome.pull.reports.reduce((n, r) => n + r.skipped, 0),
          },
        }).catch((error: unknown) =>
          logger.warn({ error: errorText(error) }, 'refresh not recorded in the trail'),
        );
      }
      logger.info(
        { source: source.name, status: outcome.status, rows, error: outcome.pull.error?.code },
        'source refreshed',
      );
      if (outcome.status === 'failed') await afterFailure(source, outcome.state);
      if (source.type === 'folder') {
        // Every file dropped in a watched folder that lost rows (or failed) is reported with its report.
        for (const r of outcome.pull.reports) {
          if (r.skipped > 0 || r.error) {
            await report(
              `${t(locale, 'schedule.folder_report', { source: escapeEntities(source.name) })}\n\`\`\`${escapeEntities(formatIngestReport(r, locale))}\`\`\``,
            );
          }
        }
      }
      return outcome;
    })().finally(() => inFlight.delete(source.name));
    inFlight.set(source.name, run);
    return run;
  };

  return {
    refresh,
    async ensureFresh(maxAgeMs = config.refresh.maxAge) {
      const outcomes: RefreshOutcome[] = [];
      for (const source of config.sources) {
        if (triggerOf(source).kind === 'off') continue;
        try {
          outcomes.push(await refresh(source, { maxAgeMs }));
        } catch (error) {
          // The store went away mid-refresh: the digest still goes out on the data it has.
          logger.error({ source: source.name, error: errorText(error) }, 'refresh before use failed');
        }
      }
      return outcomes;
    },
    async status() {
      const states = new Map((await listRefreshStates(db)).map((s) => [s.name, s]));
      return config.sources.map((source) => {
        const state = states.get(source.name);
        return {
          name: source.name,
          lastRefreshAt: state?.lastSuccessAt ?? null,
          nextRefreshAt: deps.nextRun?.(source.name) ?? null,
          rows: state?.lastRows ?? null,
          failures: state?.failures ?? 0,
          lastError: state?.failures ? state.lastError : null,
        };
      });
    },
  };
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
