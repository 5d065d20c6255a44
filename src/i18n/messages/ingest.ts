import type { MessageTable } from '../table.ts';

/** User-facing text of the ingest area, English and French. */
export const ingestMessages = {
  // key: { en: 'English with {param}', fr: 'Français avec {param}' },
} as const satisfies MessageTable;
