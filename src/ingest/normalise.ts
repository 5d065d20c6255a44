// The one validator used, alone: the package's index loads all of its ~130 modules at start-up.
import isEmailModule from 'validator/lib/isEmail.js';

// A CommonJS module whose types declare only its `default` (which it also sets on itself).
const isEmail = isEmailModule.default;

import { type Currency, currencyFromSymbol } from '../model/money.ts';

export type { DateParts } from './dates.ts';
export { parseDateTime } from './dates.ts';

/** A parsed number cell: `value` null for an empty cell or a placeholder such as `--`. */
export type ParsedNumber =
  | { ok: true; value: number | null; currency: Currency | null; percent: boolean }
  | { ok: false };

const EMPTY = new Set(['', '-', '--', '—', '–', 'n/a', 'na', 'n/d', 'null', 'none', '(not set)']);
// Spaces used as thousands separators: space, no-break, narrow no-break, thin, figure.
const SPACES = /[\s\u00a0\u202f\u2009\u2007]/g;
const PLAIN = /^-?\d{1,15}(\.\d{1,15})?$/;
const US_GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d{1,15})?$/;
const PLAIN_COMMA = /^-?\d{1,15},\d{1,15}$/;
const CURRENCY_AT_START = /^(US\$|R\$|C\$|A\$|[$€£¥]|[A-Z]{3}(?![A-Z]))/;
const CURRENCY_AT_END = /((?<![A-Z])[A-Z]{3}|US\$|R\$|C\$|A\$|[$€£¥])$/;

/**
 * Reads a number as exports write it: thousands separators (comma, dot, spaces including
 * no-break and narrow no-break, apostrophes), a decimal comma or dot, a currency symbol or
 * ISO code before or after, negatives as `-1`, `−1` or `(1,234.56)`, a trailing `%`.
 * `decimal` is the file's separator when known (so "1.234" is 1234 in a decimal-comma file,
 * and "12.5" there is not a number). When it is not known, a lone dot is a decimal point and
 * a lone comma followed by exactly three digits a thousands separator ("1,234" → 1234,
 * "1,5" → 1.5). Never throws.
 */
export function parseNumber(raw: string, decimal: ',' | '.' | null = null): ParsedNumber {
  // Fast paths for the common shapes: "1234", "-12.5", "1,234.56" (decimal dot), "1234,5" (decimal comma).
  // Not "12.5" in a decimal-comma file: there the dot groups thousands.
  if (decimal !== ',' && PLAIN.test(raw))
    return { ok: true, value: Number(raw) || 0, currency: null, percent: false };
  if (decimal === '.' && US_GROUPED.test(raw)) {
    return { ok: true, value: Number(raw.replaceAll(',', '')) || 0, currency: null, percent: false };
  }
  if (decimal === ',' && PLAIN_COMMA.test(raw)) {
    return { ok: true, value: Number(raw.replace(',', '.')) || 0, currency: null, percent: false };
  }
  let s = raw.replace(SPACES, '');
  if (EMPTY.has(s.toLowerCase())) return { ok: true, value: null, currency: null, percent: false };
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  let currency: Currency | null = null;
  const takeSign = () => {
    if (s.startsWith('-') || s.startsWith('−')) {
      negative = !negative;
      s = s.slice(1);
    } else if (s.startsWith('+')) s = s.slice(1);
  };
  takeSign();
  const start = CURRENCY_AT_START.exec(s);
  if (start) {
    currency = currencyFromSymbol(start[0]);
    s = s.slice(start[0].length);
    takeSign();
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  const end = currency === null ? CURRENCY_AT_END.exec(s) : null;
  if (end) {
    currency = currencyFromSymbol(end[0]);
    s = s.slice(0, -end[0].length);
  }
  if (s.endsWith('-') || s.endsWith('−')) {
    negative = !negative;
    s = s.slice(0, -1);
  }
  s = s.replace(/['’]/g, '');
  const digits = normaliseSeparators(s, decimal);
  if (digits === null || !/^(\d+(\.\d*)?|\.\d+)$/.test(digits)) return { ok: false };
  const value = Number(digits);
  if (!Number.isFinite(value)) return { ok: false };
  return { ok: true, value: negative && value !== 0 ? -value : value, currency, percent };
}

/** Leaves only digits and one `.` decimal point, or null when the separators make no sense. */
function normaliseSeparators(s: string, decimal: ',' | '.' | null): string | null {
  const commas = s.split(',').length - 1;
  const dots = s.split('.').length - 1;
  if (commas > 0 && dots > 0) {
    const dec = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    const thousands = dec === ',' ? '.' : ',';
    if ((dec === ',' ? commas : dots) > 1) return null;
    return s.split(thousands).join('').replace(',', '.');
  }
  if (commas === 0 && dots === 0) return s;
  const sep = commas > 0 ? ',' : '.';
  if ((sep === ',' ? commas : dots) > 1) {
    // Several of one separator: thousands, each group of three digits.
    return /^\d{1,3}([.,]\d{3})+$/.test(s) ? s.split(sep).join('') : null;
  }
  const isThousands = decimal ? sep !== decimal : sep === ',' && /^\d{1,3},\d{3}$/.test(s);
  if (isThousands) return /^\d{1,3}[.,]\d{3}$/.test(s) ? s.replace(sep, '') : null;
  return s.replace(',', '.');
}

export const PLACEHOLDER_EMAIL_LOCAL =
  /^(no-?reply|do-?not-?reply|test|none|null|n\/?a|example|fake|xxx+|asdf|abc|a)$/;
const PLACEHOLDER_EMAIL_DOMAIN =
  // Not mail.com or email.com: real mail providers.
  /^(test|example|exemple|domain|fake|none|noemail|a|aa|xxx+|asdf)\.(com|org|net|fr|io|test)$/;

const SIMPLE_LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAINS = new Map<string, boolean>();

function domainIsValid(domain: string): boolean {
  let valid = DOMAINS.get(domain);
  if (valid === undefined) {
    if (DOMAINS.size > 50_000) DOMAINS.clear();
    valid = isEmail(`a@${domain}`);
    DOMAINS.set(domain, valid);
  }
  return valid;
}

/** validator 13's part of a local part between dots, UTF-8 allowed (its emailUserUtf8Part, copied). */
const UTF8_LOCAL_PART = /^[a-z\d!#$%&'*+\-/=?^_`{|}~\u00A1-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+$/i;

/**
 * Whether validator.isEmail (default options) accepts this local part whatever the domain, for
 * an address of at most 254 characters: not quoted, at most 64 bytes of UTF-8, each part between
 * dots of its allowed characters ("léa.lefèvre", which the ASCII fast path does not take). Then
 * isEmail(address) is domainIsValid(domain): the rest of its checks look at the domain only.
 * A local part with a surrogate is left to isEmail (its byte count goes through encodeURI).
 */
export function isPlainUtf8Local(local: string): boolean {
  let bytes = 0;
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return false;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  if (bytes > 64 || (local[0] === '"' && local[local.length - 1] === '"')) return false;
  for (const part of local.split('.')) if (!UTF8_LOCAL_PART.test(part)) return false;
  return true;
}

/** Per domain: whether validator accepts it and it is not a placeholder domain (test.com…). */
const USABLE_DOMAINS = new Map<string, boolean>();

export function usableDomain(domain: string): boolean {
  let usable = USABLE_DOMAINS.get(domain);
  if (usable === undefined) {
    if (USABLE_DOMAINS.size > 50_000) USABLE_DOMAINS.clear();
    usable = domainIsValid(domain) && !PLACEHOLDER_EMAIL_DOMAIN.test(domain);
    USABLE_DOMAINS.set(domain, usable);
  }
  return usable;
}

/**
 * The common address: lowercase ASCII letters, digits and `_+-` in dot-separated parts before
 * one `@` (SIMPLE_LOCAL's shape, its first part at most 64 characters), the same and dots after.
 * Trimming and lowercasing leave it as it is; validator reads its local part as plain.
 */
const PLAIN_EMAIL = /^[a-z0-9_+-]{1,64}(?:\.[a-z0-9_+-]+)*@[a-z0-9._+-]+$/;

/**
 * isValidEmail for the common address (PLAIN_EMAIL), with no trimmed, lowercased or local-part
 * copy; null for any other text (isValidEmail's general path reads it then).
 */
function plainEmailValid(email: string): boolean | null {
  if (!PLAIN_EMAIL.test(email)) return null;
  const at = email.indexOf('@');
  if (!usableDomain(email.slice(at + 1))) return false;
  // PLACEHOLDER_EMAIL_LOCAL's words are at most 12 characters, or x's only.
  if ((at <= 12 || email.charCodeAt(0) === 0x78) && PLACEHOLDER_EMAIL_LOCAL.test(email.slice(0, at)))
    return false;
  // test@test.com: the local part is the domain's first label (mail@mail.com and email@email.com are real).
  const n = email.length;
  const domainLength = n - at - 1;
  if (domainLength < at || (domainLength > at && email.charCodeAt(at + 1 + at) !== 0x2e)) return true;
  for (let i = 0; i < at; i++) {
    const c = email.charCodeAt(i);
    if (c === 0x2e || c !== email.charCodeAt(at + 1 + i)) return true;
  }
  return email.startsWith('mail@') || email.startsWith('email@');
}

/** A syntactically valid e-mail that is not an obvious placeholder (test@test.com, noreply@…). */
export function isValidEmail(raw: string | null): boolean {
  if (raw === null) return false;
  const plain = plainEmailValid(raw);
  return plain ?? emailValidGeneral(raw);
}

/** isValidEmail for any text (exported for the property test that holds the fast path to it). */
export function emailValidGeneral(raw: string): boolean {
  const email = raw.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  // validator.isEmail costs microseconds, mostly on the domain: for a plain local part (what
  // validator accepts as such), check the domain once per domain and cache the answer.
  const valid =
    at > 0 && (SIMPLE_LOCAL.test(local) || (email.length <= 254 && isPlainUtf8Local(local)))
      ? domainIsValid(domain)
      : isEmail(email);
  if (!valid) return false;
  if (PLACEHOLDER_EMAIL_LOCAL.test(local) || PLACEHOLDER_EMAIL_DOMAIN.test(domain)) return false;
  // test@test.com, fake@fake.net; but mail@mail.com is a real mailbox at a real provider.
  // The local part equals the domain's first label (what precedes its first dot), read in
  // place: no array and no strings per row (this runs once per lead).
  const sameName =
    local.indexOf('.') < 0 &&
    domain.startsWith(local) &&
    (domain.length === local.length || domain.charCodeAt(local.length) === 46);
  return !(sameName && local !== 'mail' && local !== 'email');
}

/** A phone number with 6 to 15 digits that are not all the same (000000, 1111111) or a run (123456789). */
export function isValidPhone(raw: string | null): boolean {
  if (raw === null) return false;
  const trimmed = raw.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(trimmed)) return false;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 15) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return !'01234567890123456789'.includes(digits) && !'98765432109876543210'.includes(digits);
}

// "13", "7", "13:00", "13:00:00 - 13:59:59" (Meta's time of day), "13h": the hour is the leading number.
const HOUR = /^(\d{1,2})(?:(?::\d{2}){1,2}(?:\s*[-–]\s*\d{1,2}(?::\d{2}){1,2})?|h)?$/i;

/** An hour of day as two digits ("00"–"23"), or null when the cell is not one. Empty placeholders read as null too. */
export function parseHour(raw: string | number): string | null {
  const text = String(raw).trim();
  const m = HOUR.exec(text);
  if (!m) return null;
  const hour = Number(m[1]);
  return hour <= 23 ? String(hour).padStart(2, '0') : null;
}
