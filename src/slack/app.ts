import { App } from '@slack/bolt';
import type { Locale } from '../i18n/locale.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { type AccessList, createAccessPolicy } from './access.ts';
import type { BotIdentity } from './auth.ts';
import { INTERACTIVE_CLIENT_OPTIONS } from './clients.ts';
import { dedupeDeliveries } from './dedupe.ts';
import type { ConfirmLimits, SlackDeps } from './deps.ts';
import { fileHosts } from './download.ts';
import { createEditorPolicy, type EditorList } from './editors.ts';
import { InFlight } from './in-flight.ts';
import { registerListeners } from './listeners/index.ts';
import { createLocaleResolver } from './locale.ts';
import { boltLogger } from './logger.ts';
import { HEALTH_ROUTE, type Readiness, SignedHttpReceiver, type SignedReceiverOptions } from './receiver.ts';
import { createReplier } from './respond.ts';
import type { SeenStore } from './seen.ts';
import type { KpiServices, SlackExtensions } from './services.ts';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string | undefined;
  /** Set: Socket Mode. Unset: HTTP mode on `port` (Slack's requests on /slack/events). */
  appToken?: string | undefined;
  port: number;
  slackApiUrl?: string | undefined;
  workspaceLocale: Locale;
  access?: AccessList | undefined;
  /** The bot's identity from a start-up auth.test (src/slack/auth.ts): Bolt then makes none of its own. */
  identity?: BotIdentity | undefined;
  /** GET /ready's answer (HTTP mode): null when ready, else why not. */
  readiness?: Readiness | undefined;
  /** HTTP mode: serve on this already-listening server instead of opening `port` (receiver.ts `attach`). */
  attach?: SignedReceiverOptions['attach'];
  /** Largest request body accepted (bytes, HTTP mode); larger ones get 413. */
  bodyLimit?: number | undefined;
  /** Who may change data and configuration; absent: the workspace's owners and admins. */
  editors?: EditorList | undefined;
  /** The largest file a DM upload or `/kpi import` may bring (default 200 MB). */
  maxFileBytes?: number | undefined;
  /** When an import asks for confirmation first (defaults: 20 % of the stored rows, 100 stage dates). */
  confirmImports?: ConfirmLimits | undefined;
}

const DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;

export interface SlackAppParts {
  services: KpiServices;
  extensions: SlackExtensions;
  clock: Clock;
  seen: SeenStore;
  logger: Logger;
}

export interface SlackApp {
  app: App;
  /** The users' languages (users.info, cached): for other features' buttons. */
  locales: SlackDeps['locales'];
  /** Starts listening; resolves to the HTTP port (HTTP mode) or null (Socket Mode). */
  start(): Promise<number | null>;
  /**
   * Graceful stop, first half: new requests get 503 (HTTP), and this waits until the
   * deliveries being handled have sent their replies, or `graceMs` passed. False: time ran out.
   */
  drain(graceMs: number): Promise<boolean>;
  /** Deliveries acknowledged and still being answered. */
  inFlight(): number;
  stop(): Promise<void>;
}

/** Bolt wiring only: receiver, client options, middleware and listeners. */
export function createSlackApp(settings: SlackSettings, parts: SlackAppParts): SlackApp {
  const logger = boltLogger(parts.logger);
  const clientOptions = {
    ...INTERACTIVE_CLIENT_OPTIONS,
    ...(settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {}),
  };
  const receiver = settings.appToken
    ? undefined
    : new SignedHttpReceiver({
        signingSecret: settings.signingSecret ?? '',
        port: settings.port,
        clock: parts.clock,
        logger,
        customRoutes: [HEALTH_ROUTE],
        ...(settings.readiness ? { readiness: settings.readiness } : {}),
        ...(settings.bodyLimit ? { bodyLimit: settings.bodyLimit } : {}),
        ...(settings.attach ? { attach: settings.attach } : {}),
      });
  // With the identity known, Bolt makes no auth.test (whose failure nothing would catch).
  const identity = settings.identity
    ? {
        botId: settings.identity.botId,
        botUserId: settings.identity.botUserId,
        tokenVerificationEnabled: false,
      }
    : {};
  // No conversation store: nothing here reads context.conversation, and Bolt's in-memory one
  // builds an Error (with its stack) for every request it has no conversation for.
  const app = receiver
    ? new App({ token: settings.botToken, receiver, clientOptions, logger, convoStore: false, ...identity })
    : new App({
        token: settings.botToken,
        convoStore: false,
        ...identity,
        appToken: settings.appToken,
        socketMode: true,
        clientOptions,
        logger,
      });

  const deps: SlackDeps = {
    services: parts.services,
    extensions: parts.extensions,
    locales: createLocaleResolver(app.client, settings.workspaceLocale, parts.clock),
    access: createAccessPolicy(settings.access, app.client, parts.clock),
    editors: createEditorPolicy(settings.editors, app.client, parts.clock, parts.logger),
    downloads: {
      hosts: fileHosts(settings.slackApiUrl),
      maxBytes: settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    },
    confirm: settings.confirmImports ?? { share: 0.2, stageDates: 100 },
    logger: parts.logger,
    clock: parts.clock,
    botToken: settings.botToken,
    client: app.client,
    seen: parts.seen,
  };
  const inFlight = new InFlight();
  const replier = createReplier({ clock: parts.clock, logger: parts.logger });
  app.use(dedupeDeliveries(parts.seen, parts.clock, logger, { replier, inFlight }));
  registerListeners(app, deps);
  app.error(async (error) => {
    parts.logger.error({ err: error }, 'unhandled slack error');
  });

  return {
    app,
    locales: deps.locales,
    async start() {
      await (receiver ? app.start(settings.port) : app.start());
      return receiver ? receiver.port : null;
    },
    async drain(graceMs) {
      receiver?.drain();
      return inFlight.idle(graceMs);
    },
    inFlight: () => inFlight.count,
    stop: () => app.stop().then(() => undefined),
  };
}
