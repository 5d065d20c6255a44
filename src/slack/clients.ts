import { WebClient, type WebClientOptions } from '@slack/web-api';

/**
 * Retry policies. The SDK's default (tenRetriesInAboutThirtyMinutes) can hold a call for
 * half an hour, and on a 429 it pauses the whole client: unacceptable on the /kpi path.
 * Interactive calls get two quick retries (about 2 s at worst) and fail fast on a 429;
 * bulk posting retries nothing itself, the post queue does (honouring Retry-After).
 */
export const INTERACTIVE_CLIENT_OPTIONS = {
  retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1_000, maxRetryTime: 2_000 },
  rejectRateLimitedCalls: true,
  timeout: 5_000,
} as const satisfies WebClientOptions;

export const BULK_CLIENT_OPTIONS = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  timeout: 30_000,
} as const satisfies WebClientOptions;

export interface ClientSettings {
  token: string;
  /** Slack's API base (government cloud, a proxy, a test server); slack.com by default. */
  slackApiUrl?: string | undefined;
  logger?: WebClientOptions['logger'];
}

/** The client for digests and alerts: give it to `createPacedClient`. */
export function createBulkClient(settings: ClientSettings): WebClient {
  return new WebClient(settings.token, {
    ...BULK_CLIENT_OPTIONS,
    ...(settings.slackApiUrl ? { slackApiUrl: settings.slackApiUrl } : {}),
    ...(settings.logger ? { logger: settings.logger } : {}),
  });
}
