import type { Locale } from '../i18n/locale.ts';
import { resolvePeriod } from '../kpi/periods.ts';
import type { PeriodSpec } from '../kpi/query.ts';
import { parseDay, parsePeriod } from './period.ts';

/**
 * The period a file covers, as `--period` and `sources[].period` write it: any period the grammar
 * knows (`2023-09`, `2026-W05`, `2026-Q1`, `last-month`, `2026-01-27..2026-02-23`) or the query
 * clauses `from=2026-01-27 to=2026-02-23`. Null when the text is none of these.
 */
export function parseSpanText(text: string, locale: Locale): PeriodSpec | null {
  const clauses = /^\s*from=(\S+)\s+to=(\S+)\s*$/i.exec(text) ?? /^\s*to=(\S+)\s+from=(\S+)\s*$/i.exec(text);
  if (clauses) {
    const swapped = /^\s*to=/i.test(text);
    const from = parseDay(swapped ? clauses[2]! : clauses[1]!, locale);
    const to = parseDay(swapped ? clauses[1]! : clauses[2]!, locale);
    return from && to && from <= to ? { kind: 'range', from, to } : null;
  }
  return parsePeriod(text, locale);
}

/** The first and last day of such a period in the workspace zone (relative ones as of `now`). */
export function periodSpan(
  text: string,
  locale: Locale,
  now: Date,
  timeZone: string,
): { from: string; to: string } | null {
  const spec = parseSpanText(text, locale);
  if (spec === null) return null;
  const resolved = resolvePeriod(spec, now, timeZone);
  return resolved.ok ? { from: resolved.value.current.from, to: resolved.value.current.to } : null;
}
