import type { Locale } from './locale.ts';

/**
 * Whether a count takes the singular in a language: CLDR's rules through Intl.PluralRules, so
 * French reads 0 and 1 as singular ("0 jour", "1 jour") and English only 1 ("0 days", "1 day").
 * The catalogue keeps a `…_one` key beside the plural one; the caller picks with this.
 */
const rules: Record<Locale, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  fr: new Intl.PluralRules('fr'),
};

export const isSingular = (locale: Locale, count: number): boolean => rules[locale].select(count) === 'one';
