import type { MessageTable } from '../table.ts';

/** User-facing text of the alerts area, English and French. */
export const alertsMessages = {
  // key: { en: 'English with {param}', fr: 'Français avec {param}' },
} as const satisfies MessageTable;
