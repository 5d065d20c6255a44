import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Preset } from '../../src/ingest/preset.ts';
import type { IngestReport } from '../../src/ingest/report.ts';
import type { IngestRowsOptions } from '../../src/ingest/rows.ts';

/** A lead export in the shape of a CRM contacts export (test data, not a real platform). */
export const TEST_LEADS: Preset = {
  id: 'test-leads',
  label: 'Test leads',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Record ID'], type: 'text' },
    { field: 'createdAt', headers: ['Create Date', 'Created'], type: 'datetime' },
    { field: 'campaign', headers: ['Campaign'], type: 'text' },
    { field: 'channel', headers: ['Channel'], type: 'text' },
    { field: 'email', headers: ['Email'], type: 'text' },
    { field: 'phone', headers: ['Phone'], type: 'text' },
    { field: 'stage', headers: ['Lifecycle Stage'], type: 'text' },
    { field: 'customerAt', headers: ['Became a Customer Date'], type: 'datetime' },
    { field: 'amount', headers: ['Amount'], type: 'money' },
  ],
  required: ['createdAt'],
};

/** A spend export in the shape of an ad-platform campaign report (test data). */
export const TEST_SPEND: Preset = {
  id: 'test-spend',
  label: 'Test spend',
  kind: 'cost',
  columns: [
    { field: 'date', headers: ['Day', 'Jour'], type: 'date' },
    { field: 'campaign', headers: ['Campaign', 'Nom de la campagne'], type: 'text' },
    {
      field: 'amount',
      headers: ['Cost', 'Spend'],
      type: 'money',
      headerPattern: String.raw`^(?:Amount spent|Montant dépensé) \((?<currency>[A-Z]{3})\)$`,
    },
    { field: 'impressions', headers: ['Impr.', 'Impressions'], type: 'integer' },
    { field: 'clicks', headers: ['Clicks'], type: 'integer' },
  ],
  required: ['date', 'campaign', 'amount'],
  defaults: { channel: 'paid_search', source: 'google' },
  summaryPatterns: [/^Total: /],
};

export const PRESETS = [TEST_LEADS, TEST_SPEND];

export function options(extra: Partial<IngestRowsOptions> = {}): IngestRowsOptions {
  return { timeZone: 'Europe/Paris', currency: 'EUR', presets: PRESETS, ...extra };
}

/** A temporary directory removed after the test file. */
export function tmpDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ingest-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Nothing is lost: every row read is accepted, merged, a summary row, or skipped. */
export function balance(report: IngestReport): number {
  return report.accepted + report.merged + report.summary + report.skipped;
}
