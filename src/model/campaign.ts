import { foldLabel } from './channel.ts';

/**
 * The key that joins leads to spend. Campaign names are typed by hand in ad platforms and
 * CRMs, so "Spring Sale", "spring_sale", "Spring-Sale " and "spring%20sale" (UTM) must meet.
 */
export function campaignKey(name: string | null | undefined): string | null {
  if (name == null) return null;
  let decoded = name;
  if (/%[0-9a-f]{2}/i.test(decoded)) {
    try {
      decoded = decodeURIComponent(decoded.replace(/\+/g, ' '));
    } catch {
      // Not valid percent-encoding: keep the raw text.
    }
  }
  const key = foldLabel(decoded.replace(/[_+]/g, ' '));
  return key === '' ? null : key;
}

/**
 * Whether a row with campaign key `key` joins the other side of the data (a lead to spend, a
 * spend row to leads): the other side holds the key, or nothing is known of it yet (`otherKeys`
 * empty: the join is not checked, the ingest report says so).
 */
export function joinsOtherSide(key: string | null, otherKeys: ReadonlySet<string>): boolean {
  return key !== null && (otherKeys.size === 0 || otherKeys.has(key));
}
