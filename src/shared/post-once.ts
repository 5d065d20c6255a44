import type { WebClient } from '@slack/web-api';
import type { Clock } from './clock.ts';
import type { SlackMessage } from './slack-message.ts';

/** What posting needs to know of a claimed run (the store's `Run` satisfies it). */
export interface ClaimedRun {
  runKey: string;
  status: string;
  slackChannel: string | null;
  slackTs: string | null;
  createdAt: number;
}

/** The two claim-fenced writes posting makes (the store's `RunStore` satisfies it). */
export interface PostClaims {
  /** About to call Slack: from now on a crash leaves 'posting' and the resumer looks first. */
  markPosting(runKey: string, owner: string, channel: string, nowMs: number): Promise<boolean>;
  /** Records the posted message's ts (before anything else happens). */
  recordTs(runKey: string, owner: string, channel: string, ts: string, nowMs: number): Promise<boolean>;
}

/** The Web API methods the posting machinery uses (a real WebClient satisfies it). */
export type SlackClient = Pick<WebClient, 'chat' | 'conversations' | 'files'>;

/** Test seams: called at the riskiest instant, after Slack answered and before the ts is written. */
export interface PostHooks {
  afterPost?: (runKey: string, ts: string) => Promise<void> | void;
}

export interface PostOnceDeps {
  client: SlackClient;
  runs: PostClaims;
  clock: Clock;
  /** This process' claim owner id. */
  owner: string;
  hooks?: PostHooks;
}

/** How far before the run was created a message lookup starts (clock skew between hosts). */
const LOOKUP_MARGIN_S = 3600;
const LOOKUP_MAX_PAGES = 10;

interface MetadataMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

const carries = (m: MetadataMessage, eventType: string, runKey: string): boolean =>
  m.metadata?.event_type === eventType && m.metadata.event_payload?.run_key === runKey;

/**
 * Finds a message this app posted for `runKey` (its metadata carries the key): in the channel's
 * history, or in a thread's replies when `threadTs` is given. Returns its ts, or null.
 */
async function findOwnMessage(
  client: SlackClient,
  channel: string,
  eventType: string,
  runKey: string,
  options: { threadTs?: string; sinceMs: number },
): Promise<string | null> {
  const oldest = String(Math.max(0, Math.floor(options.sinceMs / 1000) - LOOKUP_MARGIN_S));
  let cursor: string | undefined;
  for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
    const response = options.threadTs
      ? await client.conversations.replies({
          channel,
          ts: options.threadTs,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        })
      : await client.conversations.history({
          channel,
          oldest,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
    const messages = (response.messages ?? []) as MetadataMessage[];
    const hit = messages.find((m) => carries(m, eventType, runKey));
    if (hit?.ts) return hit.ts;
    cursor = response.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}

/** Raised when this process lost its claim to another one (its lease ran out). */
export class ClaimLostError extends Error {
  constructor(runKey: string) {
    super(`claim lost: ${runKey}`);
    this.name = 'ClaimLostError';
  }
}

/**
 * Posts the run's message at most once and returns its ts. The run must be claimed by
 * `deps.owner`. When a previous attempt may have reached Slack (status 'posting' with no ts:
 * it died between Slack's answer and the ts write), the message is looked up by its metadata
 * and adopted instead of posted again.
 */
export async function postOnce(
  deps: PostOnceDeps,
  run: ClaimedRun,
  channel: string,
  eventType: string,
  message: SlackMessage,
  threadTs?: string,
): Promise<string> {
  const { client, runs, clock, owner } = deps;
  if (run.slackTs) return run.slackTs;
  if (run.status === 'posting') {
    const lookupChannel = run.slackChannel ?? channel;
    const found = await findOwnMessage(client, lookupChannel, eventType, run.runKey, {
      sinceMs: run.createdAt,
      ...(threadTs ? { threadTs } : {}),
    });
    if (found) {
      if (!(await runs.recordTs(run.runKey, owner, lookupChannel, found, clock.now().getTime()))) {
        throw new ClaimLostError(run.runKey);
      }
      return found;
    }
  }
  if (!(await runs.markPosting(run.runKey, owner, channel, clock.now().getTime()))) {
    throw new ClaimLostError(run.runKey);
  }
  const response = await client.chat.postMessage({
    channel,
    text: message.text,
    ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    metadata: { event_type: eventType, event_payload: { run_key: run.runKey } },
    unfurl_links: false,
    unfurl_media: false,
  });
  const ts = response.ts;
  const postedChannel = response.channel ?? channel;
  if (!ts) throw new Error(`chat.postMessage answered without a ts for ${run.runKey}`);
  await deps.hooks?.afterPost?.(run.runKey, ts);
  if (!(await runs.recordTs(run.runKey, owner, postedChannel, ts, clock.now().getTime()))) {
    throw new ClaimLostError(run.runKey);
  }
  return ts;
}
