import { describe, expect, it } from 'vitest';
import { formatIngestReport } from '../../src/ingest/report.ts';
import { ingestRows } from '../../src/ingest/rows.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { balance, options, TEST_SPEND } from './support.ts';

describe('ingestRows (already split rows, e.g. a Google Sheet)', () => {
  it('reads numbers and serial dates, skips blank rows, ignores an extra hidden column', async () => {
    const sink = new MemorySink();
    const header = ['Day', 'Campaign', 'Cost', ''];
    const rows = [
      [46082, 'Spring', 12.5, 'hidden'],
      [],
      ['', '', '', ''],
      ['2026-03-02', 'Spring', '1 000,50 €', 'hidden'],
      [46084, 'Summer', 'abc'],
    ];
    const report = await ingestRows('Sheet1!A1:D', header, rows, options({ headerRow: 1 }), sink);
    expect(report).toMatchObject({ accepted: 2, skipped: 1, blank: 2, rowsRead: 3 });
    expect(report.skippedExamples[0]).toMatchObject({ row: 6, field: 'amount' });
    expect(sink.costList().map((c) => [c.date, c.amount])).toEqual([
      ['2026-03-01', 12.5],
      ['2026-03-02', 1000.5],
    ]);
    expect(balance(report)).toBe(report.rowsRead);
  });

  it('accepts async iterables and detects the date order from their text dates', async () => {
    async function* gen() {
      yield ['01/02/2026', 'A', 1];
      yield ['13/02/2026', 'A', 2];
    }
    const sink = new MemorySink();
    const report = await ingestRows(
      'range',
      ['Day', 'Campaign', 'Cost'],
      gen(),
      options({ preset: TEST_SPEND }),
      sink,
    );
    expect(report.dateOrder).toMatchObject({ order: 'dmy', row: 3, value: '13/02/2026' });
    expect(sink.costList().map((c) => c.date)).toEqual(['2026-02-01', '2026-02-13']);
  });

  it('reports leads and spend that join no campaign on the other side, and keeps them', async () => {
    const sink = new MemorySink();
    await ingestRows(
      'spend',
      ['Day', 'Campaign', 'Cost'],
      [['2026-03-01', 'Spring Sale', 10]],
      options(),
      sink,
    );
    const leads = await ingestRows(
      'leads',
      ['Record ID', 'Create Date', 'Campaign'],
      [
        ['1', '2026-03-01', 'spring_sale'],
        ['2', '2026-03-01', 'Winter'],
        ['3', '2026-03-01', ''],
      ],
      options(),
      sink,
    );
    expect(leads.unattributed).toEqual({ rows: 2, amount: 0, checked: true });
    // These leads have no channel column: their channel is unknown, not necessarily paid.
    expect(formatIngestReport(leads, 'en')).toContain(
      '2 leads of paid or unknown channels join no campaign with spend (kept, unattributed)',
    );
    expect(formatIngestReport(leads, 'fr')).toContain('2 leads de canaux payants ou inconnus');
    expect(sink.leads.size).toBe(3);
    const spend = await ingestRows(
      'spend2',
      ['Day', 'Campaign', 'Cost'],
      [['2026-03-02', 'Autumn', 7.5]],
      options(),
      sink,
    );
    expect(spend.unattributed).toEqual({ rows: 1, amount: 7.5, checked: true });
  });

  it('infers stage dates from a lifecycle stage column and counts them', async () => {
    const sink = new MemorySink();
    const report = await ingestRows(
      'crm',
      ['Record ID', 'Create Date', 'Lifecycle Stage', 'Became a Customer Date', 'Email'],
      [
        ['1', '2026-03-01', 'Customer', '', 'jane@acme.io'],
        ['2', '2026-03-01', 'Customer', '2026-03-20', 'test@test.com'],
        ['3', '2026-03-01', 'Subscriber', '', ''],
      ],
      options(),
      sink,
    );
    expect(report.inferred).toEqual({ customerAt: 1 });
    const [a, b, c] = sink.leadList();
    expect(a).toMatchObject({ customerAt: a?.createdAt, valid: true });
    expect(b).toMatchObject({ valid: false });
    expect(b?.customerAt).toBeGreaterThan(b?.createdAt ?? 0);
    expect(c).toMatchObject({ customerAt: null, valid: false });
  });

  it('names the preset that does not fit the header', async () => {
    const report = await ingestRows('x', ['Day'], [], options({ preset: 'test-spend' }), new MemorySink());
    expect(report.error?.code).toBe('format_unknown');
    expect(report.error?.params).toMatchObject({ preset: 'test-spend', missing: 'campaign, amount' });
  });
});
