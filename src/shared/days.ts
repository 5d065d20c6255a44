import { tzOffset } from '@date-fns/tz';

/**
 * Calendar days as integers (days since 1970-01-01). The snapshot stores every date as one,
 * already in the workspace time zone, so queries compare integers and never touch a zone.
 */
export const DAY_MS = 86_400_000;

/** The sentinel of an absent date in Int32Array day columns. */
export const NULL_DAY = -2_147_483_648;

/** `YYYY-MM-DD` → epoch day, or null when the text is not a real calendar date. */
export function dayFromIso(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  // Date.UTC maps years 0–99 to 1900–1999; the check above rejects those.
  return Math.round(ms / DAY_MS);
}

/** Epoch day → `YYYY-MM-DD`. */
export function isoFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Year, month (1–12) and day of month of an epoch day. */
export function ymd(day: number): { y: number; m: number; d: number } {
  const date = new Date(day * DAY_MS);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export function dayOf(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** The epoch day of an instant in a time zone. */
export function zonedDay(ms: number, timeZone: string): number {
  return Math.floor((ms + tzOffset(timeZone, new Date(ms)) * 60_000) / DAY_MS);
}
