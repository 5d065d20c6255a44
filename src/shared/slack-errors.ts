/** Slack errors no retry can fix: give up at once (and report). */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'missing_scope',
  'user_not_found',
  'invalid_blocks',
  'msg_too_long',
]);

/** True for a Web API platform error (`data.error`) that retrying cannot fix. */
export function isPermanentSlackError(error: unknown): boolean {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' && PERMANENT.has(data.error);
}
