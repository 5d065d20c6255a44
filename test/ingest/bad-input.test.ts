import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/catalogue.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { formatIngestReport } from '../../src/ingest/report.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { balance, options, tmpDir, writeFile } from './support.ts';

const dir = tmpDir();

async function ingest(name: string, content: string | Uint8Array, extra = {}) {
  const path = writeFile(dir, name, content);
  const sink = new MemorySink();
  const report = await ingestFile(path, options(extra), sink);
  return { path, sink, report, text: formatIngestReport(report, 'en') };
}

describe('bad input', () => {
  it('an empty file is one clear error naming the file', async () => {
    const { path, report, text } = await ingest('empty.csv', '');
    expect(report.error?.code).toBe('file_unreadable');
    expect(text).toContain(`${path}: the file is empty`);
    expect(report.rowsRead).toBe(0);
  });

  it('a missing file is a report, not an exception', async () => {
    const report = await ingestFile(`${dir}/missing.csv`, options(), new MemorySink());
    expect(report.error?.code).toBe('file_unreadable');
    expect(t('en', report.error!.messageKey, report.error!.params)).toMatch(/missing\.csv: file not found/);
  });

  it('a header only reads nothing and says so', async () => {
    const { report, text } = await ingest('header.csv', 'Day,Campaign,Cost\r\n');
    expect(report.error).toBeNull();
    expect(report.preset?.id).toBe('test-spend');
    expect(report.rowsRead).toBe(0);
    expect(text).toContain('the file has a header but no data rows');
  });

  it('an unknown format with no mapping names the file and the header', async () => {
    const { path, report, text } = await ingest('unknown.csv', 'foo,bar\n1,2\n');
    expect(report.error?.code).toBe('format_unknown');
    expect(text).toContain(`${path}: unknown export format (header: "foo", "bar")`);
    expect(text).toContain('sources[].mapping');
  });

  it('BOM + ";" + decimal commas', async () => {
    const csv =
      '\uFEFFJour;Nom de la campagne;Montant dépensé (EUR)\r\n14/03/2026;Printemps;1 234,56\r\n15/03/2026;Été;0,5\r\n';
    const { report, sink } = await ingest('fr.csv', csv);
    expect(report).toMatchObject({
      delimiter: ';',
      decimal: ',',
      encoding: 'utf8',
      accepted: 2,
      rowsRead: 2,
    });
    expect(sink.costList().map((c) => [c.date, c.campaign, c.amount])).toEqual([
      ['2026-03-14', 'Printemps', 1234.56],
      ['2026-03-15', 'Été', 0.5],
    ]);
  });

  it('too few and too many columns: read when the required cells are there, else skipped with row and field', async () => {
    const csv = [
      'Record ID,Create Date,Campaign,Email',
      '1,2026-03-01,Spring', // too few, but createdAt is there
      '2', // too few, createdAt missing
      '3,2026-03-02,Spring,a@b.io,extra,cells', // too many
      '4,2026-03-03,Spring,c@d.io',
    ].join('\n');
    const { report, sink, text } = await ingest('ragged.csv', csv);
    expect(report).toMatchObject({ rowsRead: 4, accepted: 3, skipped: 1 });
    expect(report.skippedExamples[0]).toMatchObject({ row: 3, field: 'createdAt' });
    expect(text).toContain(
      'row 3, createdAt: the row has 1 cells where the header has 4, and createdAt is missing',
    );
    expect(text).toContain('1 rows have more cells than the header: the extra cells were ignored');
    expect(sink.leads.size).toBe(3);
    expect(balance(report)).toBe(report.rowsRead);
  });

  it('a quoted newline stays in its cell and row numbers follow the spreadsheet', async () => {
    const csv = 'Record ID,Create Date,Campaign\r\n1,2026-03-01,"Spring\r\nSale"\r\n2,not a date,x\r\n';
    const { report, sink } = await ingest('quoted.csv', csv);
    expect(sink.leadList()[0]?.campaign).toBe('Spring\r\nSale');
    expect(report.skippedExamples[0]).toMatchObject({ row: 3, field: 'createdAt' });
  });

  it('"1 234,56 €" and "$1,234.56"', async () => {
    const eur = await ingest(
      'eur.csv',
      'Day;Campaign;Cost\n2026-03-01;A;1 234,56 €\n2026-03-02;A;\u202f1\u202f000,5 €\n',
    );
    expect(eur.sink.costList().map((c) => c.amount)).toEqual([1234.56, 1000.5]);
    const usd = await ingest('usd.csv', 'Day,Campaign,Cost\n2026-03-01,A,"$1,234.56"\n', { currency: 'USD' });
    expect(usd.sink.costList()[0]?.amount).toBe(1234.56);
  });

  it('a currency other than the workspace one is a file error unless a rate is given', async () => {
    const csv = 'Day,Campaign,Cost\n2026-03-01,A,"$1,000.00"\n';
    const refused = await ingest('usd-in-eur.csv', csv);
    expect(refused.report.error?.code).toBe('currency_mismatch');
    expect(refused.text).toContain('amounts are in USD but the workspace currency is EUR');
    expect(refused.sink.costs.size).toBe(0);
    const converted = await ingest('usd-rate.csv', csv, { rates: { USD: 0.92 } });
    expect(converted.sink.costList()[0]).toMatchObject({ amount: 920, currency: 'EUR' });
    const header = await ingest('header-usd.csv', 'Day,Campaign,Amount spent (USD)\n2026-03-01,A,10\n');
    expect(header.report.error?.code).toBe('currency_mismatch');
    const plain = 'Day,Campaign,Cost\n2026-03-01,A,10\n';
    const source = await ingest('source-usd.csv', plain, { sourceCurrency: 'USD' });
    expect(source.report.error?.code).toBe('currency_mismatch');
    const sourceRate = await ingest('source-usd-rate.csv', plain, {
      sourceCurrency: 'USD',
      rates: { USD: 0.5 },
    });
    expect(sourceRate.sink.costList()[0]?.amount).toBe(5);
  });

  it('an ambiguous 12/03/2026 file is an error naming the config key and the flag', async () => {
    const csv = 'Day,Campaign,Cost\n12/03/2026,A,1\n01/02/2026,A,2\n';
    const { path, report, sink, text } = await ingest('ambiguous.csv', csv);
    expect(report.error?.code).toBe('date_order_ambiguous');
    expect(text).toContain(`${path}: dates such as "12/03/2026" (row 2)`);
    expect(text).toContain('sources[].dateOrder: dmy|mdy');
    expect(text).toContain('--date-order dmy|mdy');
    expect(sink.costs.size).toBe(0);
    const fixed = await ingest('ambiguous-fixed.csv', csv, { dateOrder: 'dmy' });
    expect(fixed.sink.costList().map((c) => c.date)).toEqual(['2026-03-12', '2026-02-01']);
    expect(fixed.text).toContain('date order dmy: set in the options or the config');
  });

  it('the date order comes from any cell of the file, and contradicting rows are skipped', async () => {
    const rows = [
      'Day,Campaign,Cost',
      '12/03/2026,A,1',
      '01/02/2026,A,2',
      '03/14/2026,A,3',
      '03/15/2026,A,4',
      '14/03/2026,B,5',
    ];
    const { report, text } = await ingest('order.csv', rows.join('\n'));
    expect(report.dateOrder).toMatchObject({ order: 'mdy', how: 'data', row: 4, value: '03/14/2026' });
    expect(text).toContain('date order mdy: "03/14/2026" on row 4');
    expect(report.skippedExamples[0]).toMatchObject({ row: 6, field: 'date', key: 'ingest.skip.dateOrder' });
    expect(report).toMatchObject({ accepted: 4, skipped: 1 });
  });

  it('Excel serial dates (with a time fraction) in the workspace time zone', async () => {
    const csv = 'Record ID,Create Date\n1,46082\n2,46082.5\n';
    const { sink } = await ingest('serial.csv', csv);
    const [a, b] = sink.leadList();
    // 46082 = 2026-03-01; midnight and noon in Paris (UTC+1 in March before the DST change).
    expect(new Date(a!.createdAt).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(new Date(b!.createdAt).toISOString()).toBe('2026-03-01T11:00:00.000Z');
  });

  it('totals and summary rows are counted apart, not as errors', async () => {
    const csv = [
      'Campaign report',
      '"March 1, 2026 - March 31, 2026"',
      'Day,Campaign,Cost',
      '2026-03-01,A,10',
      '2026-03-02,B,20',
      'Total: Campaigns,,30',
      'Grand Totals (2 records),,30',
      'Search total,,30',
    ].join('\n');
    const { report } = await ingest('totals.csv', csv);
    expect(report).toMatchObject({ headerRow: 3, rowsRead: 5, accepted: 2, summary: 3, skipped: 0 });
    const named = await ingest(
      'total-campaign.csv',
      'Campaign,Day,Cost\nTotal Energies,2026-03-01,5\nTotal,,5\n',
    );
    expect(named.report).toMatchObject({ accepted: 1, summary: 1 });
    expect(named.sink.costList()[0]?.campaign).toBe('Total Energies');
  });

  it('duplicated rows are merged and counted, the later one wins', async () => {
    const csv = [
      'Record ID,Create Date,Campaign',
      '1,2026-03-01,A',
      '1,2026-03-01,B',
      '2,2026-03-02,C',
      '2,2026-03-02,C',
    ].join('\n');
    const { report, sink } = await ingest('dups.csv', csv);
    expect(report).toMatchObject({ rowsRead: 4, accepted: 2, merged: 2 });
    expect(sink.leadList().map((l) => l.campaign)).toEqual(['B', 'C']);
    const noId = await ingest(
      'dups-noid.csv',
      'Day,Campaign,Cost\n2026-03-01,A,1\n2026-03-01,A,1\n2026-03-01,A,2\n',
    );
    expect(noId.report).toMatchObject({ accepted: 2, merged: 1 });
  });

  it('Latin-1 (Windows-1252) files', async () => {
    const bytes = iconv.encode('Day;Campaign;Cost\n2026-03-01;Café Noël;12,5\n', 'windows1252');
    const { report, sink } = await ingest('latin1.csv', bytes);
    expect(report.encoding).toBe('windows1252');
    expect(sink.costList()[0]?.campaign).toBe('Café Noël');
  });

  it.each([
    ['utf-16le', true],
    ['utf-16le', false],
    ['utf-16be', true],
    ['utf-16be', false],
  ] as const)('%s files (BOM %s), tab-separated', async (encoding, bom) => {
    const text = `${bom ? '\uFEFF' : ''}Day\tCampaign\tCost\r\n2026-03-01\tÉté 2026\t1,5\r\n`;
    const { report, sink } = await ingest(`${encoding}-${bom}.csv`, iconv.encode(text, encoding));
    expect(report).toMatchObject({ encoding, delimiter: '\t', accepted: 1 });
    expect(sink.costList()[0]).toMatchObject({ campaign: 'Été 2026', amount: 1.5 });
  });

  it('a campaign holding <!channel> or a formula is stored literally', async () => {
    const csv =
      'Record ID,Create Date,Campaign\n1,2026-03-01,<!channel>\n2,2026-03-01,"=HYPERLINK(""http://x"",""y"")"\n';
    const { sink } = await ingest('hostile.csv', csv);
    expect(sink.leadList().map((l) => l.campaign)).toEqual(['<!channel>', '=HYPERLINK("http://x","y")']);
  });

  it('reports progress in bytes read', async () => {
    const path = writeFile(dir, 'progress.csv', 'Day,Campaign,Cost\n2026-03-01,A,1\n');
    const seen: [number, number][] = [];
    await ingestFile(path, options(), new MemorySink(), (read, total) => seen.push([read, total]));
    const size = 'Day,Campaign,Cost\n2026-03-01,A,1\n'.length;
    expect(seen.at(-1)).toEqual([size, size]);
  });

  it('nothing is lost: every row read is accepted, merged, summary or skipped', async () => {
    const csv = [
      'Record ID,Create Date,Campaign,Amount',
      '1,2026-03-01,A,10',
      '1,2026-03-01,A,10',
      '2,yesterday,A,10',
      '3,2026-03-01,A,ten',
      '',
      'Total,,,30',
      '4,2026-03-02,B,',
    ].join('\n');
    const { report } = await ingest('mixed.csv', csv);
    expect(report).toMatchObject({ rowsRead: 6, accepted: 2, merged: 1, skipped: 2, summary: 1, blank: 1 });
    expect(balance(report)).toBe(report.rowsRead);
    expect(report.skippedExamples.map((e) => [e.row, e.field])).toEqual([
      [4, 'createdAt'],
      [5, 'amount'],
    ]);
  });
});
