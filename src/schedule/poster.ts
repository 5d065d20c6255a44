import { t } from '../i18n/catalogue.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Clock } from '../shared/clock.ts';
import { errorText } from '../shared/errors.ts';
import { escapeEntities } from '../shared/escape.ts';
import { type Logger, silentLogger } from '../shared/logger.ts';
import { ClaimLostError, type PostHooks, postOnce, type SlackClient } from '../shared/post-once.ts';
import { defaultBackoff, realSleep } from '../shared/retry.ts';
import { isPermanentSlackError } from '../shared/slack-errors.ts';
import type { SlackMessage } from '../shared/slack-message.ts';
import type { Db } from '../store/db.ts';
import { createRunStore, type Run, type RunStore } from '../store/runs.ts';
import type { DueRun } from './due.ts';
import type { Subscription } from './subscriptions.ts';

/** What a digest posts: the summary in the channel, the details and the chart in its thread. */
export interface DigestContent {
  summary: SlackMessage;
  details: SlackMessage[];
  chart?: { filename: string; data: Buffer; title?: string } | null;
}

/** Builds the digest content for a due run (computeDigest + renderDigest + chart in production). */
export type RenderDigest = (due: DueRun, subscription: Subscription) => Promise<DigestContent>;

export interface DigestPosterOptions {
  clock: Clock;
  /** This process' id as a claim owner (host + pid + random). */
  owner: string;
  render: RenderDigest;
  /** How long a claim holds before another replica may take it over (default 10 min). */
  leaseMs?: number;
  /** Attempts before a delivery fails for good and is reported (default 5). */
  maxAttempts?: number;
  backoffMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
  /** Where failed deliveries are reported; when absent they are logged at error level. */
  adminChannel?: string | null;
  adminLocale?: Locale;
  logger?: Logger;
  hooks?: PostHooks;
}

export type PostOutcome =
  | { status: 'posted'; runKey: string; channel: string; ts: string }
  | { status: 'skipped'; runKey: string; reason: 'claimed_elsewhere' | 'claim_lost' }
  | { status: 'failed'; runKey: string; error: string };

export interface DigestPoster {
  /** Posts the due run exactly once (or learns another replica has it). Never throws. */
  post(due: DueRun, subscription: Subscription): Promise<PostOutcome>;
}

/** Message metadata event types: the key to find our own messages after a crash. */
export const DIGEST_EVENT = 'kpi_digest';
export const DIGEST_DETAIL_EVENT = 'kpi_digest_detail';

const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * The digest poster: claim the run under its key, post the summary once (adopting a message a
 * crashed attempt already posted), then the thread parts, each a sub-run with its own key, then
 * complete the claim. Failed attempts are retried with backoff; the last one is reported.
 */
export function createDigestPoster(
  client: SlackClient,
  store: Db,
  options: DigestPosterOptions,
): DigestPoster {
  const runs: RunStore = createRunStore(store);
  const { clock, owner, render } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = options.maxAttempts ?? 5;
  const backoff = options.backoffMs ?? defaultBackoff;
  const sleep = options.sleep ?? realSleep;
  const logger = options.logger ?? silentLogger;
  const now = () => clock.now().getTime();
  const deps = { client, runs, clock, owner, ...(options.hooks ? { hooks: options.hooks } : {}) };

  const channelOf = async (subscription: Subscription): Promise<string> => {
    if (subscription.target.kind === 'channel') return subscription.target.id;
    // A DM: its channel id is needed to look our message up in the history after a crash.
    const opened = await client.conversations.open({ users: subscription.target.id });
    const id = opened.channel?.id;
    if (!id) throw new Error(`conversations.open gave no channel for ${subscription.target.id}`);
    return id;
  };

  /** A thread part as its own run (null once posted), held under the parent's claim. */
  const threadPart = async (parent: Run, part: string): Promise<Run | null> =>
    runs.adopt(
      { runKey: `${parent.runKey}/${part}`, kind: 'digest', subject: parent.runKey, period: part },
      owner,
      now(),
    );

  const attempt = async (
    run: Run,
    due: DueRun,
    subscription: Subscription,
  ): Promise<{ channel: string; ts: string }> => {
    const content = await render(due, subscription);
    const channel = run.slackChannel ?? (await channelOf(subscription));
    const ts = await postOnce(deps, run, channel, DIGEST_EVENT, content.summary);
    const fresh = (await runs.get(run.runKey)) ?? run;
    const postedChannel = fresh.slackChannel ?? channel;
    for (const [i, detail] of content.details.entries()) {
      const part = await threadPart(run, `detail-${i + 1}`);
      if (!part) continue; // posted by an earlier attempt
      await postOnce(deps, part, postedChannel, DIGEST_DETAIL_EVENT, detail, ts);
      await runs.complete(part.runKey, owner, now());
    }
    if (content.chart) {
      const part = await threadPart(run, 'chart');
      if (part) {
        const found =
          part.status === 'posting' ? await chartInThread(postedChannel, ts, content.chart.filename) : false;
        if (!found) {
          // A process that lost its claim must not upload the chart too.
          if (!(await runs.markPosting(part.runKey, owner, postedChannel, now()))) {
            throw new ClaimLostError(part.runKey);
          }
          await client.files.uploadV2({
            channel_id: postedChannel,
            thread_ts: ts,
            file: content.chart.data,
            filename: content.chart.filename,
            title: content.chart.title ?? content.chart.filename,
          });
        }
        await runs.complete(part.runKey, owner, now());
      }
    }
    if (!(await runs.complete(run.runKey, owner, now()))) throw new ClaimLostError(run.runKey);
    return { channel: postedChannel, ts };
  };

  /** A chart upload cannot carry metadata: a resumed run looks for its file name in the thread. */
  const chartInThread = async (channel: string, threadTs: string, filename: string): Promise<boolean> => {
    const replies = await client.conversations.replies({ channel, ts: threadTs, limit: 200 });
    return (replies.messages ?? []).some((m) => (m.files ?? []).some((f) => f.name === filename));
  };

  const report = async (due: DueRun, subscription: Subscription, error: string): Promise<void> => {
    const locale = options.adminLocale ?? 'en';
    const target =
      subscription.target.kind === 'channel'
        ? `<#${subscription.target.id}>`
        : `<@${subscription.target.id}>`;
    const text = t(locale, 'schedule.delivery_failed', {
      target,
      week: due.week.label,
      attempts: maxAttempts,
      error: escapeEntities(error),
    });
    logger.error(
      { runKey: due.runKey, error, adminChannel: options.adminChannel ?? null },
      'digest delivery failed',
    );
    if (!options.adminChannel) return;
    try {
      await client.chat.postMessage({ channel: options.adminChannel, text });
    } catch (cause) {
      logger.error({ runKey: due.runKey, error: errorText(cause) }, 'admin report failed');
    }
  };

  return {
    async post(due, subscription) {
      const claimed = await runs.claim(
        { runKey: due.runKey, kind: 'digest', subject: subscription.id, period: due.week.label },
        owner,
        now(),
        leaseMs,
      );
      if (!claimed) return { status: 'skipped', runKey: due.runKey, reason: 'claimed_elsewhere' };
      let run = claimed;
      for (let i = 1; ; i++) {
        try {
          const { channel, ts } = await attempt(run, due, subscription);
          logger.info({ runKey: due.runKey, channel, ts, attempt: i }, 'digest posted');
          return { status: 'posted', runKey: due.runKey, channel, ts };
        } catch (error) {
          if (error instanceof ClaimLostError) {
            logger.warn({ runKey: due.runKey }, 'digest claim lost to another replica');
            return { status: 'skipped', runKey: due.runKey, reason: 'claim_lost' };
          }
          const message = errorText(error);
          const final = i >= maxAttempts || isPermanentSlackError(error);
          logger.warn({ runKey: due.runKey, attempt: i, final, error: message }, 'digest attempt failed');
          await runs.fail(due.runKey, owner, message, now(), final);
          if (final) {
            await report(due, subscription, message);
            return { status: 'failed', runKey: due.runKey, error: message };
          }
          await sleep(backoff(i));
          if (!(await runs.renew(due.runKey, owner, now(), leaseMs))) {
            return { status: 'skipped', runKey: due.runKey, reason: 'claim_lost' };
          }
          run = (await runs.get(due.runKey)) ?? run;
        }
      }
    },
  };
}
