import type { MessageTable } from '../table.ts';

/** User-facing text of the slack area, English and French. */
export const slackMessages = {
  // key: { en: 'English with {param}', fr: 'Français avec {param}' },
} as const satisfies MessageTable;
