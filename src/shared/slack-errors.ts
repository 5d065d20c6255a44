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

/**
 * True for a Web API platform error (`data.error`) that retrying cannot fix, also when it is
 * the cause of another error (the paced poster wraps what fails for good in an AppError).
 */
export function isPermanentSlackError(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const data = (current as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string' && PERMANENT.has(data.error)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
