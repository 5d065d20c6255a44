/**
 * Intl formatters, built once per locale tag and options. Building one costs far more than using
 * it (about a millisecond; in a CPU profile of `npm run bench:slack` it was the largest main-thread
 * cost of a /kpi answer), so every formatter of the app comes from here.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function memo<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(
  kind: string,
  tag: string,
  options: object,
  make: () => T,
): T {
  const key = `${kind}|${tag}|${JSON.stringify(options)}`;
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

export function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return memo('number', tag, options, () => new Intl.NumberFormat(tag, options));
}

export function dateTimeFormat(tag: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  return memo('date', tag, options, () => new Intl.DateTimeFormat(tag, options));
}

export function listFormat(tag: string, options: Intl.ListFormatOptions = {}): Intl.ListFormat {
  return memo('list', tag, options, () => new Intl.ListFormat(tag, options));
}
