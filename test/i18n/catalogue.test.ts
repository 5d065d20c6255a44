import { describe, expect, it } from 'vitest';
import { catalogue, t } from '../../src/i18n/catalogue.ts';
import { toLocale } from '../../src/i18n/locale.ts';
import { isSingular } from '../../src/i18n/plural.ts';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('message catalogue', () => {
  it.each(Object.entries(catalogue))(
    '%s has English and French with the same placeholders',
    (_key, message) => {
      expect(message.en.trim()).not.toBe('');
      expect(message.fr.trim()).not.toBe('');
      expect(placeholders(message.fr)).toEqual(placeholders(message.en));
    },
  );

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('fr', 'common.na')).toBe('n/d');
    expect(t('en', 'common.na', { unused: 1 })).toBe('n/a');
  });

  it('maps Slack locales to the languages we speak', () => {
    expect(toLocale('fr-FR')).toBe('fr');
    expect(toLocale('en-GB')).toBe('en');
    expect(toLocale('de-DE')).toBe('en');
    expect(toLocale('de-DE', 'fr')).toBe('fr');
    expect(toLocale(undefined, 'fr')).toBe('fr');
  });
});

describe('singular and plural counts', () => {
  it('follows each language: French reads 0 and 1 as singular, English only 1', () => {
    expect([0, 1, 2].map((n) => isSingular('fr', n))).toEqual([true, true, false]);
    expect([0, 1, 2].map((n) => isSingular('en', n))).toEqual([false, true, false]);
  });
});
