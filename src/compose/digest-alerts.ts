import { hostname } from 'node:os';
import { alertHomeLines, alertRuleMetrics, createAlertsCommandHandler } from '../alerts/commands.ts';
import { createAlertNotifier } from '../alerts/notify.ts';
import { type AlertRule, builtinRules, ruleFromConfig } from '../alerts/rules.ts';
import { startAlertSchedule } from '../alerts/schedule.ts';
import { type AlertService, createAlertService } from '../alerts/service.ts';
import { configuredDigestSettings } from '../config/digest-settings.ts';
import type { Config } from '../config/file.ts';
import { dataCoverageOffThread } from '../data/coverage-off-thread.ts';
import type { SourceRefresher } from '../data/source-refresh.ts';
import { DEFAULT_DIGEST_SETTINGS, type DigestSettings } from '../digest/types.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Snapshot } from '../kpi/snapshot.ts';
import { createDigestCommandHandler, createDigestPreview, digestHomeLines } from '../schedule/commands.ts';
import { createDigestRenderer } from '../schedule/digest-render.ts';
import { createDigestPoster } from '../schedule/poster.ts';
import { startScheduler } from '../schedule/scheduler.ts';
import { createSubscriptionService, type SubscriptionService } from '../schedule/subscriptions.ts';
import type { Clock } from '../shared/clock.ts';
import { errorText } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { SlackClient } from '../shared/post-once.ts';
import { registerAlertActions } from '../slack/listeners/alert-actions.ts';
import type { SlackExtensions } from '../slack/services.ts';
import type { Db } from '../store/db.ts';
import { listSources } from '../store/imports.ts';
import { listRefreshStates } from '../store/source-refresh.ts';

export interface DigestAlertsDeps {
  db: Db;
  clock: Clock;
  /**
   * The client digests and alerts post with: in production the paced, retrying poster
   * (src/slack/paced-client.ts) over the bulk client.
   */
  client: SlackClient;
  config: Config;
  /** The current snapshot (the Slack adapter's snapshot cache). */
  snapshot: () => Promise<Snapshot>;
  /** The clicking user's language (alert buttons). */
  localeOf: (user: string) => Promise<Locale>;
  logger: Logger;
  /** Configured sources: digests and alert evaluations first re-read those older than refresh.maxAge. */
  refresher?: SourceRefresher;
}

export interface DigestAlerts {
  /** Give to createSlackApp: `/kpi digest …`, `/kpi alerts …`, App Home sections, alert buttons. */
  extensions: SlackExtensions;
  subscriptions: SubscriptionService;
  alerts: AlertService;
  /** Syncs config subscriptions and rules, starts the digest and alert schedules; returns stop. */
  start(): Promise<() => Promise<void>>;
  /** Evaluates the alert rules now: call it after each import. */
  afterImport(): Promise<void>;
}

/** The digest settings of the config (the rest from the digest's defaults). */
function digestSettings(config: Config): DigestSettings {
  return { ...DEFAULT_DIGEST_SETTINGS, ...configuredDigestSettings(config), targets: config.targets };
}

/** The alert rules of the config, plus the built-ins when they have a channel to post to. */
function configRules(config: Config): { rules: AlertRule[]; builtins: AlertRule[] } {
  const rules = config.alerts.rules.map((r) => ruleFromConfig(r)).filter((r): r is AlertRule => r !== null);
  const channel = config.alerts.builtIn.channel ?? config.digest.adminChannel;
  if (!channel) return { rules, builtins: [] };
  const [stale, collapse] = builtinRules(channel, {
    staleAfterHours: config.alerts.builtIn.staleSourceHours,
    collapseRatio: config.alerts.builtIn.leadCollapse.ratio,
  });
  const builtins: AlertRule[] = stale ? [stale] : [];
  if (collapse?.kind === 'lead_collapse' && config.alerts.builtIn.leadCollapse.enabled) {
    builtins.push({
      ...collapse,
      weeks: config.alerts.builtIn.leadCollapse.weeks,
      minBaseline: config.alerts.builtIn.leadCollapse.minBaseline,
    });
  }
  return { rules, builtins };
}

/**
 * The digest and alert features wired for the composition root (main.ts): one call, then
 * `extensions` to the Slack app and `start()` once the store is migrated.
 */
export function createDigestAlerts(deps: DigestAlertsDeps): DigestAlerts {
  const { db, clock, client, config, logger } = deps;
  const { timeZone, locale } = config.workspace;
  const owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const adminChannel = config.digest.adminChannel ?? null;
  // A source is as fresh as its last import or its last successful refresh (an incremental
  // pull that found nothing new imports nothing, and the source is still fresh).
  const sources = async () => {
    const refreshed = new Map((await listRefreshStates(db)).map((s) => [s.name, s.lastSuccessAt ?? 0]));
    return (await listSources(db)).map((s) => ({
      origin: s.origin,
      lastImportAt: Math.max(s.lastImportAt, refreshed.get(s.origin) ?? 0),
    }));
  };
  // Digests and alerts read fresh data: sources older than refresh.maxAge are read first.
  const freshSnapshot = async () => {
    await deps.refresher?.ensureFresh();
    return deps.snapshot();
  };
  const freshSources = async () => {
    await deps.refresher?.ensureFresh();
    return sources();
  };
  const subscriptions = createSubscriptionService(db, clock, { day: 1, time: '09:00', timeZone, locale });
  // The digest judges a source by the days its data reaches (each side it feeds).
  const digestSources = async () => {
    const known = new Map((await freshSources()).map((s) => [s.origin, s.lastImportAt]));
    return (await dataCoverageOffThread(db, timeZone)).map((c) => ({
      origin: c.origin,
      lastImportAt: known.get(c.origin) ?? null,
      feeds: c.side,
      lastDataDay: c.lastDay,
    }));
  };
  const render = createDigestRenderer({
    clock,
    snapshot: freshSnapshot,
    sources: digestSources,
    settings: digestSettings(config),
  });
  const poster = createDigestPoster(client, db, {
    clock,
    owner,
    render,
    adminChannel,
    adminLocale: locale,
    logger,
  });
  const notifier = createAlertNotifier(client, db, {
    clock,
    owner,
    adminChannel,
    adminLocale: locale,
    logger,
  });
  const alerts = createAlertService({
    store: db,
    clock,
    notifier,
    locale,
    targets: config.targets,
    snapshot: freshSnapshot,
    sources: freshSources,
    stageLagDays: config.digest.stageLagDays,
    logger,
  });
  const now = () => clock.now().getTime();

  return {
    subscriptions,
    alerts,
    extensions: {
      digest: createDigestCommandHandler({
        subscriptions,
        preview: createDigestPreview(render, clock, timeZone),
      }),
      alerts: createAlertsCommandHandler(alerts, now),
      alertRuleMetrics: alertRuleMetrics(alerts),
      homeDigests: digestHomeLines(subscriptions),
      homeAlerts: alertHomeLines(alerts, now),
      register: (app, gate) =>
        registerAlertActions(app, { service: alerts, localeOf: deps.localeOf, logger, gate }),
    },
    async start() {
      await subscriptions.syncFromConfig(config.digest.subscriptions);
      const { rules, builtins } = configRules(config);
      await alerts.syncRules(rules, builtins);
      const stopDigests = await startScheduler({
        store: db,
        clock,
        subscriptions,
        poster,
        graceMs: config.digest.graceHours * 3600_000,
        logger,
      });
      const stopAlerts = startAlertSchedule(alerts, { logger });
      return async () => {
        await stopAlerts();
        await stopDigests();
      };
    },
    async afterImport() {
      try {
        await alerts.evaluateAll();
      } catch (error) {
        logger.error({ error: errorText(error) }, 'alert evaluation after import failed');
      }
    },
  };
}
