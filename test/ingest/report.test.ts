import { describe, expect, it } from 'vitest';
import { emptyReport, formatIngestReport, reportToJson } from '../../src/ingest/report.ts';
import { AppError } from '../../src/shared/errors.ts';

const sample = () => ({
  ...emptyReport('spend.csv', 'EUR'),
  kind: 'cost' as const,
  preset: { id: 'meta-ads', label: 'Meta Ads', how: 'detected' as const },
  encoding: 'utf8',
  delimiter: ';',
  decimal: ',' as const,
  headerRow: 1,
  dateOrder: { order: 'dmy' as const, how: 'data' as const, row: 5, value: '14/03/2026' },
  rowsRead: 10,
  accepted: 6,
  merged: 1,
  summary: 1,
  skipped: 2,
  skippedExamples: [
    { row: 4, field: 'amount', key: 'ingest.skip.number' as const, params: { value: 'abc' } },
  ],
  unattributed: { rows: 2, amount: 1234.5, checked: true },
  elapsedMs: 12.4,
});

describe('formatIngestReport', () => {
  it('renders every part of the report in English', () => {
    const text = formatIngestReport(sample(), 'en');
    expect(text).toBe(
      [
        'spend.csv: Meta Ads (detected from the header)',
        'encoding utf8, delimiter ";", decimal separator ",", header on row 1',
        'date order dmy: "14/03/2026" on row 5',
        '10 rows read: 6 accepted, 1 merged as duplicates, 1 summary rows skipped, 2 skipped',
        '  row 4, amount: not a number: "abc"',
        '  … and 1 more',
        '€1,234.50 of spend (2 rows) joins no campaign with leads (kept, unattributed)',
        'done in 12 ms',
      ].join('\n'),
    );
  });

  it('renders in French', () => {
    const text = formatIngestReport(sample(), 'fr');
    expect(text).toContain('ordre des dates dmy : « 14/03/2026 » ligne 5');
    expect(text).toContain('ligne 4, amount : nombre illisible : « abc »');
    expect(text).toMatch(/1\s234,50\s€ de dépenses/);
  });

  it('renders a file error, and serialises it as plain JSON', () => {
    const report = {
      ...emptyReport('x.csv', 'EUR'),
      error: new AppError('file_unreadable', 'ingest.error.empty', { params: { file: 'x.csv' } }),
    };
    expect(formatIngestReport(report, 'en')).toBe(
      'x.csv: not imported\nx.csv: the file is empty\ndone in 0 ms',
    );
    expect(JSON.parse(JSON.stringify(reportToJson(report))).error).toEqual({
      code: 'file_unreadable',
      messageKey: 'ingest.error.empty',
      params: { file: 'x.csv' },
    });
  });
});
