import type { MessageTable } from '../table.ts';

/** User-facing text of the kpi area, English and French. */
export const kpiMessages = {
  // key: { en: 'English with {param}', fr: 'Français avec {param}' },
} as const satisfies MessageTable;
