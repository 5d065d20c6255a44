/**
 * The load generator of `npm run bench:slack`, in a worker thread of its own: the loopback
 * Slack runs on the bench's main thread, and the replies and Web API calls the app sends it
 * (each reply JSON-parsed there) must not delay the reading of the acknowledgements measured
 * here. workerData: { url, responseBase, secret, prefix, count, concurrency, queries }.
 * Posts { type: 'progress', done } after each request and { type: 'done', result } at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { postSigned, slashCommandBody } from '../test/support/slack-signing.ts';

export interface LoadJob {
  url: string;
  /** response_url of request `id` = responseBase + id. */
  responseBase: string;
  secret: string;
  prefix: string;
  count: number;
  concurrency: number;
  queries: readonly string[];
}

export interface LoadResult {
  acks: number[];
  /** [status, count] pairs; 0 = connection refused. */
  statuses: [number, number][];
  ids: string[];
  acked: string[];
}

export type LoadMessage = { type: 'progress'; done: number } | { type: 'done'; result: LoadResult };

const port = parentPort;
if (!port) throw new Error('bench/slack-load.ts runs as a worker thread');
const job = workerData as LoadJob;
const acks: number[] = [];
const statuses = new Map<number, number>();
const ids: string[] = [];
const acked: string[] = [];
let next = 0;
let done = 0;
const worker = async () => {
  for (;;) {
    const i = next++;
    if (i >= job.count) return;
    const id = `${job.prefix}-${i}`;
    ids.push(id);
    const body = slashCommandBody({
      text: job.queries[i % job.queries.length] ?? 'leads',
      user: `U${i % 50}`,
      responseUrl: `${job.responseBase}${id}`,
    });
    const res = await postSigned(`${job.url}/slack/events`, body, { secret: job.secret }).catch(() => null);
    const status = res?.status ?? 0;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (res) acks.push(res.elapsedMs);
    if (status === 200) acked.push(id);
    port.postMessage({ type: 'progress', done: ++done } satisfies LoadMessage);
  }
};
await Promise.all(Array.from({ length: job.concurrency }, worker));
port.postMessage({
  type: 'done',
  result: { acks, statuses: [...statuses], ids, acked },
} satisfies LoadMessage);
