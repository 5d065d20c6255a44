import type { MessageTable } from '../table.ts';

/** User-facing text of the command area, English and French. */
export const commandMessages = {
  // key: { en: 'English with {param}', fr: 'Français avec {param}' },
} as const satisfies MessageTable;
