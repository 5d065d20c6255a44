/**
 * The one time-zone check of the code base (kpi.yaml, `/kpi digest subscribe … tz=…`, the
 * environment): any zone the runtime's tz database knows, aliases included (`CET`,
 * `US/Eastern`, `europe/paris`), answered with its canonical name (`Europe/Brussels`,
 * `America/New_York`, `Europe/Paris`) so that what is stored and shown is one spelling.
 * UTC offsets such as `+01:00` are refused: they are not zones and have no DST rules. Names
 * with digits are zones too (`EST5EDT`, `GMT0`, `Etc/GMT+1`): only the shape of an offset is
 * turned away before the runtime is asked.
 */
export function canonicalTimeZone(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(trimmed)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    // RangeError: not a zone this runtime knows.
    return null;
  }
}
