import type { MessageTable } from '../table.ts';

/** User-facing text of the store area, English and French. */
export const storeMessages = {
  // key: { en: 'English with {param}', fr: 'Français avec {param}' },
} as const satisfies MessageTable;
