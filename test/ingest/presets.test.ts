import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COST_FIELD_TYPES, LEAD_FIELD_TYPES } from '../../src/ingest/fields.ts';
import { detectPreset } from '../../src/ingest/map.ts';
import { PRESETS, presetById } from '../../src/ingest/presets/index.ts';
import type { IngestReport } from '../../src/ingest/report.ts';
import { CHANNELS } from '../../src/model/channel.ts';
import { FIXTURES, ingestFixture as ingest } from '../fixtures/load.ts';

interface Fixture {
  file: string;
  preset: string;
  /** 0-based line of the header row, and its delimiter. */
  headerLine: number;
  delimiter: string;
  report: Partial<Pick<IngestReport, 'accepted' | 'merged' | 'skipped' | 'summary' | 'encoding' | 'decimal'>>;
  /** Footer lines a Salesforce report ends with: summary rows, or skipped ones the reader reports. */
  footer?: number;
}

const FIXTURE_TABLE: readonly Fixture[] = [
  {
    file: 'hubspot-contacts/contacts.csv',
    preset: 'hubspot-contacts',
    headerLine: 0,
    delimiter: ',',
    report: { accepted: 5, merged: 1, skipped: 1, summary: 0 },
  },
  {
    file: 'hubspot-deals/deals.csv',
    preset: 'hubspot-deals',
    headerLine: 0,
    delimiter: ',',
    report: { accepted: 4, merged: 0, skipped: 0 },
  },
  {
    file: 'salesforce-leads/leads-report.csv',
    preset: 'salesforce-leads',
    headerLine: 0,
    delimiter: ',',
    report: { accepted: 3, merged: 0 },
    footer: 5,
  },
  {
    file: 'salesforce-opportunities/opportunities-report.csv',
    preset: 'salesforce-opportunities',
    headerLine: 0,
    delimiter: ',',
    report: { accepted: 3, merged: 0 },
    footer: 6,
  },
  {
    file: 'pipedrive-deals/deals.csv',
    preset: 'pipedrive-deals',
    headerLine: 0,
    delimiter: ',',
    report: { accepted: 3, skipped: 0 },
  },
  {
    file: 'google-ads-campaigns/campaign-report.csv',
    preset: 'google-ads-campaigns',
    headerLine: 2,
    delimiter: '\t',
    report: { accepted: 4, summary: 3, skipped: 0, encoding: 'utf-16le' },
  },
  {
    file: 'microsoft-ads-campaigns/campaign-performance.csv',
    preset: 'microsoft-ads-campaigns',
    headerLine: 9,
    delimiter: ',',
    report: { accepted: 3, summary: 3, skipped: 0 },
  },
  {
    file: 'meta-ads/meta-fr.csv',
    preset: 'meta-ads',
    headerLine: 0,
    delimiter: ';',
    report: { accepted: 3, skipped: 1, decimal: ',' },
  },
  {
    file: 'meta-ads/meta-en.csv',
    preset: 'meta-ads',
    headerLine: 0,
    delimiter: ',',
    report: { accepted: 2, skipped: 1 },
  },
  {
    file: 'linkedin-campaigns/linkedin-pt-br.csv',
    preset: 'linkedin-campaigns',
    headerLine: 2,
    delimiter: '\t',
    report: { accepted: 3, skipped: 0, encoding: 'utf-16le', decimal: ',' },
  },
  {
    file: 'linkedin-campaigns/linkedin-en.csv',
    preset: 'linkedin-campaigns',
    headerLine: 0,
    delimiter: '\t',
    report: { accepted: 2, skipped: 0, encoding: 'utf-16le' },
  },
];

function headerOf(f: Fixture): string[] {
  const bytes = readFileSync(join(FIXTURES, f.file));
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = (utf16 ? bytes.toString('utf16le') : bytes.toString('utf8')).replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/)[f.headerLine] ?? '';
  return line.split(f.delimiter).map((c) => c.replace(/^"(.*)"$/, '$1'));
}

describe('the built-in presets', () => {
  it('have unique ids, known fields, required fields among their columns, valid defaults', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) {
      const known = Object.keys(p.kind === 'lead' ? LEAD_FIELD_TYPES : COST_FIELD_TYPES);
      const fields = p.columns.map((c) => c.field);
      for (const field of fields) expect(known, `${p.id}.${field}`).toContain(field);
      for (const field of p.required) expect(fields, `${p.id} requires ${field}`).toContain(field);
      if (p.defaults?.channel) expect(CHANNELS).toContain(p.defaults.channel);
      expect(presetById(p.id)).toBe(p);
    }
  });
  it('give ad platforms their channel, source and kind', () => {
    const defaults = (id: string) => presetById(id)?.defaults;
    expect(defaults('google-ads-campaigns')).toEqual({
      channel: 'paid_search',
      source: 'google',
      kind: 'media',
    });
    expect(defaults('microsoft-ads-campaigns')).toEqual({
      channel: 'paid_search',
      source: 'bing',
      kind: 'media',
    });
    expect(defaults('meta-ads')).toEqual({ channel: 'paid_social', source: 'facebook', kind: 'media' });
    expect(defaults('linkedin-campaigns')).toEqual({
      channel: 'paid_social',
      source: 'linkedin',
      kind: 'media',
    });
  });
});

describe.each(FIXTURE_TABLE)('fixture $file', (f) => {
  it(`is detected as ${f.preset} from its header row alone`, () => {
    expect(detectPreset(headerOf(f), PRESETS)?.preset.id).toBe(f.preset);
  });
  it('ingests with the expected report', async () => {
    const { report } = await ingest(f.file);
    expect(report.error).toBeNull();
    expect(report.preset).toEqual({ id: f.preset, label: presetById(f.preset)?.label, how: 'detected' });
    expect(report.headerRow).toBe(f.headerLine + 1);
    expect(report).toMatchObject(f.report);
    expect(report.accepted + report.merged + report.summary + report.skipped).toBe(report.rowsRead);
    if (f.footer !== undefined) {
      expect(report.summary).toBeGreaterThanOrEqual(3);
      expect(report.summary + report.skipped).toBe(f.footer);
    }
  });
});
