import { t } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locale.ts';
import { realSleep } from '../../shared/retry.ts';
import { renderNotice, type SlackMessage } from '../../shared/slack-message.ts';
import { isStoreUnavailable } from '../../store/unavailable.ts';

export interface PatienceOptions {
  locale: Locale;
  /** Sends an interim ephemeral notice (the answer follows through the same response_url). */
  notify: (message: SlackMessage) => Promise<unknown>;
  /** True once the data is loaded (the snapshot is in memory). */
  loaded: () => boolean;
  /** After this long without an answer while the data is loading, say so (default 2 s). */
  noticeAfterMs?: number;
  /** How long to keep retrying while the store is unreachable (default 3 minutes). */
  retryForMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Answers a request whatever the state of the data: while the snapshot is still loading the
 * user is told "loading data, a moment" (once, after a short wait) and gets the answer when
 * it is ready; while the store is unreachable they are told "data store unavailable,
 * retrying" (once) and the question is asked again with backoff until the store is back or
 * the retry time is over (then the failure is theirs to see). Both notices and the answer
 * go through the same response_url, well within its 5 uses.
 */
export async function answerPatiently(
  run: () => Promise<SlackMessage>,
  options: PatienceOptions,
): Promise<SlackMessage> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const until = now() + (options.retryForMs ?? 3 * 60_000);
  let toldLoading = false;
  let toldStoreDown = false;
  for (let attempt = 1; ; attempt++) {
    const answer = run();
    let timer: NodeJS.Timeout | undefined;
    if (!toldLoading && !options.loaded()) {
      timer = setTimeout(() => {
        if (options.loaded()) return;
        toldLoading = true;
        void options.notify(renderNotice(t(options.locale, 'slack.loading'))).catch(() => undefined);
      }, options.noticeAfterMs ?? 2_000);
    }
    try {
      return await answer;
    } catch (error) {
      if (!isStoreUnavailable(error) || now() >= until) throw error;
      if (!toldStoreDown) {
        toldStoreDown = true;
        await options
          .notify(renderNotice(t(options.locale, 'slack.store_unavailable')))
          .catch(() => undefined);
      }
      await sleep(Math.min(15_000, 500 * 2 ** (attempt - 1)));
    } finally {
      clearTimeout(timer);
    }
  }
}
