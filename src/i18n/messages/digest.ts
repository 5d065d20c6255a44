import type { MessageTable } from '../table.ts';

/** User-facing text of the digest area, English and French. */
export const digestMessages = {
  // key: { en: 'English with {param}', fr: 'Français avec {param}' },
} as const satisfies MessageTable;
