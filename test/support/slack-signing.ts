import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 of `v0:${timestamp}:${body}` with the signing secret. */
export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Override the signature (to send a bad one). */
  signature?: string;
  retryNum?: number;
  contentType?: string;
}

export interface SignedPost {
  status: number;
  body: string;
  /** Milliseconds until the response arrived. */
  elapsedMs: number;
  headers: Record<string, string>;
}

/** POSTs `body` to the app's receiver exactly as Slack does (headers, signature, form encoding). */
export async function postSigned(
  url: string,
  body: string,
  options: SignedPostOptions,
): Promise<SignedPost & { sent: Record<string, string>; requestBody: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const sent: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (options.retryNum !== undefined) {
    sent['x-slack-retry-num'] = String(options.retryNum);
    sent['x-slack-retry-reason'] = 'http_timeout';
  }
  return resend(url, body, sent);
}

/** Sends the same bytes and headers again (a replay). */
export async function resend(
  url: string,
  body: string,
  sent: Record<string, string>,
): Promise<SignedPost & { sent: Record<string, string>; requestBody: string }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: sent, body });
  const text = await response.text();
  return {
    status: response.status,
    body: text,
    elapsedMs: performance.now() - started,
    headers: Object.fromEntries(response.headers.entries()),
    sent,
    requestBody: body,
  };
}

/** A slash-command request body, as Slack form-encodes it. */
export function slashCommandBody(fields: {
  text: string;
  user?: string;
  channel?: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: fields.channel ?? 'C0001',
    channel_name: 'growth',
    user_id: fields.user ?? 'U0001',
    user_name: 'marie',
    command: '/kpi',
    text: fields.text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `${Date.now()}.${Math.floor(Math.random() * 1e9)}.abc`,
  }).toString();
}

/** An interaction request body: `payload=<json>`. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
