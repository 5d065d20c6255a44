import { AppError } from '../../shared/errors.ts';
import type { RetryPolicy } from '../../shared/retry.ts';
import { createHubSpotApi, type HubSpotApi } from '../hubspot/client.ts';
import { createMetaApi, type MetaApi } from '../meta/client.ts';

/** Builds the API client of a live source (tests point them at loopback servers). */
export interface ApiClients {
  hubspot(source: { name: string }): HubSpotApi;
  meta(source: { name: string; accountId: string }): MetaApi;
}

/** The environment variables the live sources read. */
export interface ApiEnv {
  HUBSPOT_ACCESS_TOKEN?: string | undefined;
  HUBSPOT_API_URL?: string | undefined;
  META_ACCESS_TOKEN?: string | undefined;
  META_API_URL?: string | undefined;
}

const missing = (source: string, platform: string, variable: string) =>
  new AppError('api_token_missing', 'api.token_missing', { params: { source, platform, variable } });

/** The clients from the environment; a source whose token is not set fails naming the variable. */
export function apiClientsFromEnv(
  env: ApiEnv,
  policy: RetryPolicy & { perSecond?: number; searchPerSecond?: number } = {},
): ApiClients {
  return {
    hubspot(source) {
      if (!env.HUBSPOT_ACCESS_TOKEN) throw missing(source.name, 'HubSpot', 'HUBSPOT_ACCESS_TOKEN');
      return createHubSpotApi({
        ...policy,
        accessToken: env.HUBSPOT_ACCESS_TOKEN,
        source: source.name,
        ...(env.HUBSPOT_API_URL ? { basePath: env.HUBSPOT_API_URL } : {}),
      });
    },
    meta(source) {
      if (!env.META_ACCESS_TOKEN) throw missing(source.name, 'Meta Ads', 'META_ACCESS_TOKEN');
      return createMetaApi({
        ...policy,
        accessToken: env.META_ACCESS_TOKEN,
        accountId: source.accountId,
        source: source.name,
        ...(env.META_API_URL ? { rootUrl: env.META_API_URL } : {}),
      });
    },
  };
}
