import type { MessageTable } from '../table.ts';

/** User-facing text of the store area, English and French. */
export const storeMessages = {
  'store.migration_duplicate': {
    en: 'Two migrations share the number {version}: {first} and {second}. Renumber one of them.',
    fr: 'Deux migrations portent le numéro {version} : {first} et {second}. Renumérotez-en une.',
  },
  'store.migration_failed': {
    en: 'The database migration {name} failed: {reason}',
    fr: 'La migration de base de données {name} a échoué : {reason}',
  },
  'store.unavailable': {
    en: 'The database is unavailable ({reason}). Check DATABASE_URL or DATA_DIR.',
    fr: 'La base de données est indisponible ({reason}). Vérifiez DATABASE_URL ou DATA_DIR.',
  },
} as const satisfies MessageTable;
