import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../shared/logger.ts';

/** Slack's own file host: url_private and url_private_download point there. */
export const SLACK_FILE_HOST = 'files.slack.com';
const MAX_REDIRECTS = 3;

export interface DownloadLimits {
  /** Hosts the bot token may be sent to (files.slack.com, the host of SLACK_API_URL). */
  hosts: readonly string[];
  maxBytes: number;
}

/** The hosts a download may carry the token to: Slack's file host, and SLACK_API_URL's when set. */
export function fileHosts(slackApiUrl: string | undefined): string[] {
  const hosts = [SLACK_FILE_HOST];
  if (slackApiUrl) {
    try {
      hosts.push(new URL(slackApiUrl).host);
    } catch {
      // An invalid SLACK_API_URL is refused by the environment check; nothing to add here.
    }
  }
  return hosts;
}

export type DownloadOutcome =
  | { ok: true; bytes: number; sha256: string }
  | { ok: false; reason: 'too_big'; bytes: number }
  | { ok: false; reason: 'host'; host: string }
  | { ok: false; reason: 'failed'; status?: number };

class TooBig extends Error {
  readonly bytes: number;
  constructor(bytes: number) {
    super('file over the size limit');
    this.bytes = bytes;
  }
}

/**
 * Downloads a Slack file to `path` as a stream (never the whole file in memory), hashing it on
 * the way. The size Slack announced is checked before any request, the Content-Length before
 * the body, and the bytes as they come; the token goes only to `limits.hosts` (a redirect
 * elsewhere is followed without it: Slack's CDN links are pre-signed).
 */
export async function downloadSlackFile(
  url: string,
  announcedSize: number | undefined,
  path: string,
  token: string,
  limits: DownloadLimits,
  logger: Logger,
): Promise<DownloadOutcome> {
  if (announcedSize !== undefined && announcedSize > limits.maxBytes) {
    logger.warn({ size: announcedSize, max: limits.maxBytes }, 'slack file refused before download: too big');
    return { ok: false, reason: 'too_big', bytes: announcedSize };
  }
  const first = hostOf(url);
  if (first === null || !limits.hosts.includes(first)) {
    logger.warn({ host: first }, 'slack file refused: not a Slack file host, the token was not sent');
    return { ok: false, reason: 'host', host: first ?? '?' };
  }
  let current = url;
  let response: Response | null = null;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const host = hostOf(current);
    const headers: Record<string, string> =
      host !== null && limits.hosts.includes(host) ? { Authorization: `Bearer ${token}` } : {};
    response = await fetch(current, { headers, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).toString();
      response = null;
      continue;
    }
    break;
  }
  if (!response?.ok || !response.body) {
    logger.warn({ status: response?.status }, 'slack file download failed');
    await response?.body?.cancel();
    return response
      ? { ok: false, reason: 'failed', status: response.status }
      : { ok: false, reason: 'failed' };
  }
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(length) && length > limits.maxBytes) {
    await response.body.cancel();
    logger.warn({ size: length, max: limits.maxBytes }, 'slack file refused: Content-Length over the limit');
    return { ok: false, reason: 'too_big', bytes: length };
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) {
        done(new TooBig(bytes));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    // The web stream's chunk type differs from node:stream/web's by name only.
    await pipeline(Readable.fromWeb(response.body as never), meter, createWriteStream(path));
  } catch (error) {
    if (error instanceof TooBig) {
      logger.warn(
        { size: error.bytes, max: limits.maxBytes },
        'slack file refused: over the limit while streaming',
      );
      return { ok: false, reason: 'too_big', bytes: error.bytes };
    }
    logger.warn({ err: error }, 'slack file download failed while streaming');
    return { ok: false, reason: 'failed' };
  }
  return { ok: true, bytes, sha256: hash.digest('hex') };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
