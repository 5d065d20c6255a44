import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/catalogue.ts';
import { failure, parse } from './support.ts';

describe('history and import undo', () => {
  it('reads history with an optional count, in English and French', () => {
    expect(parse('history')).toEqual({ kind: 'history' });
    expect(parse('history 20')).toEqual({ kind: 'history', limit: 20 });
    expect(parse('historique 5', 'fr')).toEqual({ kind: 'history', limit: 5 });
    expect(parse('audit')).toEqual({ kind: 'history' });
  });

  it('refuses a count that is not 1 to 50, or an extra word, naming it', () => {
    for (const text of ['history 0', 'history 51', 'history ten']) {
      const error = failure(text);
      expect(error.messageKey).toBe('command.history_count');
      expect(t('fr', error.messageKey, error.params)).toContain('de 1 à 50');
    }
    expect(failure('history 5 more').token).toBe('more');
  });

  it('reads import undo <id>, and still reads import <file name>', () => {
    expect(parse('import undo 3f9a1c2e07')).toEqual({ kind: 'import', undo: '3f9a1c2e07' });
    expect(parse('importer annuler 3f9a1c2e07', 'fr')).toEqual({ kind: 'import', undo: '3f9a1c2e07' });
    expect(parse('import contacts.csv')).toEqual({ kind: 'import', fileRef: 'contacts.csv' });
    expect(parse('import "undo.csv"')).toMatchObject({ kind: 'import', fileRef: '"undo.csv"' });
    expect(failure('import undo').messageKey).toBe('command.import_undo_id');
    expect(failure('import undo a b').token).toBe('b');
  });
});
