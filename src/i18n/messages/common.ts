import type { MessageTable } from '../table.ts';

/** User-facing text shared by every area, English and French. */
export const commonMessages = {
  'common.internal': {
    en: 'Something went wrong on our side. The error was logged; please try again.',
    fr: 'Une erreur est survenue de notre côté. Elle a été journalisée ; merci de réessayer.',
  },
  'common.na': { en: 'n/a', fr: 'n/d' },
} as const satisfies MessageTable;
