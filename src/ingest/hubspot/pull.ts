import type { HubSpotApi, HubSpotObject, HubSpotRecord } from './client.ts';

/** The search endpoints return at most this many results per query (paging past it is refused). */
export const SEARCH_CAP = 10_000;
const SEARCH_PAGE = 200;

export interface PullPlan {
  /** Records modified at or after this instant (epoch ms); null: the whole history. */
  since: number | null;
  /** Records modified before this instant: the start of the pull, the next pull's cursor. */
  until: number;
}

export interface PullStats {
  requests: number;
  /** Date windows the search was split into to stay under SEARCH_CAP. */
  windows: number;
}

/**
 * Every record of a pull, page by page. The whole history goes through the list endpoint
 * (`after` paging, no cap); an incremental pull searches `lastmodifieddate` in [since, until),
 * and a window that matches more than the search cap is halved until each half fits.
 */
export async function* pullRecords(
  api: HubSpotApi,
  object: HubSpotObject,
  properties: readonly string[],
  plan: PullPlan,
  stats: PullStats = { requests: 0, windows: 0 },
): AsyncGenerator<HubSpotRecord[]> {
  if (plan.since === null) {
    let after: string | null = null;
    do {
      const page = await api.list(object, properties, after);
      stats.requests++;
      yield page.results;
      after = page.after;
    } while (after !== null);
    return;
  }
  const windows: [number, number][] = [[plan.since, plan.until]];
  while (windows.length > 0) {
    const [from, to] = windows.shift() as [number, number];
    stats.windows++;
    let after: string | null = null;
    let first = true;
    do {
      const page = await api.search(object, { from, to, properties, after, limit: SEARCH_PAGE });
      stats.requests++;
      if (first && (page.total ?? 0) > SEARCH_CAP && to - from > 1) {
        // Too many for one query: split the window in two (oldest first) and start over.
        const middle = from + Math.floor((to - from) / 2);
        windows.unshift([from, middle], [middle, to]);
        break;
      }
      first = false;
      yield page.results;
      after = page.after;
    } while (after !== null);
  }
}
