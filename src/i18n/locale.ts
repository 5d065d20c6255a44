/** The two languages the bot speaks. */
export type Locale = 'en' | 'fr';

/** Maps a Slack locale such as `fr-FR` or `en-US` to one we speak (English otherwise). */
export function toLocale(raw: string | undefined | null, fallback: Locale = 'en'): Locale {
  if (!raw) return fallback;
  const lang = raw.toLowerCase().slice(0, 2);
  return lang === 'fr' ? 'fr' : lang === 'en' ? 'en' : fallback;
}
