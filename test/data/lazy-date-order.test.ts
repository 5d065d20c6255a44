import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnSink } from '../../src/data/column-sink.ts';
import { loadSnapshot } from '../../src/data/load.ts';
import { ingestIntoStore } from '../../src/data/sources.ts';
import { readCsv } from '../../src/ingest/csv.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { ColumnMappingSchema, genericPreset } from '../../src/ingest/map.ts';
import { choosePlan, type IngestOptions } from '../../src/ingest/options.ts';
import { emptyReport, type IngestReport } from '../../src/ingest/report.ts';
import { type RecordSource, runIngest } from '../../src/ingest/run.ts';
import { type IngestSink, MemorySink } from '../../src/ingest/sink.ts';
import type { SourceRecord } from '../../src/ingest/writer.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { openStore } from '../../src/store/open.ts';
import { snapshotRows } from './snapshot-rows.ts';

/**
 * A lead file whose sample shows no numeric date is mapped before its date order is settled
 * (src/ingest/run.ts lazyDateOrder); `settleDateOrderFirst` keeps the older path, settling it
 * first. Both must give the same reports, snapshot and stored rows.
 */
const OPTIONS: IngestOptions = { timeZone: 'Europe/Paris', currency: 'EUR', rates: { USD: 0.9 } };
const FIRST: IngestOptions = { ...OPTIONS, settleDateOrderFirst: true };
const spendFixture = new URL('../fixtures/google-ads-campaigns/campaign-report.csv', import.meta.url)
  .pathname;

const HEADER = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Create Date',
  'Lifecycle Stage',
  'Lead Status',
  'Original Source',
  'UTM Source',
  'UTM Campaign',
  'First Conversion',
  'Contact owner',
  'Country/Region',
  'Became a Marketing Qualified Lead Date',
  'Became a Sales Qualified Lead Date',
  'Became a Customer Date',
  'Total Revenue',
];

interface LeadCells {
  id?: string;
  created: string;
  mql?: string;
  phone?: string;
  blank?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (i: number) => `2026-${pad((i % 12) + 1)}-${pad((i % 28) + 1)} 10:${pad(i % 60)}`;
/** A HubSpot contacts export of these rows (about 200 bytes a row: the sample is the first 128 KB). */
function leadCsv(rows: readonly LeadCells[], newline = '\n'): string {
  const lines = [HEADER.map((h) => `"${h}"`).join(',')];
  rows.forEach((r, i) => {
    if (r.blank) {
      lines.push(HEADER.map(() => '').join(','));
      return;
    }
    const stage = r.mql ? 'Marketing Qualified Lead' : 'Lead';
    lines.push(
      [
        r.id ?? String(10_000 + i),
        'Ada',
        `Martin${i}`,
        `ada.martin${i}@acme-conseil.fr`,
        r.phone ?? '+33 6 12 34 56 78',
        r.created,
        stage,
        'New',
        'Paid Search',
        'google',
        `Campaign_${i % 7}`,
        'Demo request',
        'Claire Dubois',
        'France',
        r.mql ?? '',
        '',
        '',
        '',
      ]
        .map((c) => `"${c}"`)
        .join(','),
    );
  });
  return lines.join(newline) + newline;
}

const isoRows = (n: number): LeadCells[] => Array.from({ length: n }, (_, i) => ({ created: iso(i) }));

const reportOf = (r: IngestReport) => ({ ...r, elapsedMs: 0, stored: undefined });

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lazy-date-order-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileNo = 0;
async function writeLeads(text: string): Promise<string> {
  const path = join(dir, `leads-${fileNo++}.csv`);
  await writeFile(path, text);
  return path;
}

/** The files through the column sink, as `kpi --data` ingests them on one thread. */
async function throughColumns(files: readonly string[], options: IngestOptions) {
  const sink = new ColumnSink({ timeZone: options.timeZone, currency: options.currency, parts: false });
  const reports: IngestReport[] = [];
  for (const path of files) {
    sink.startFile(path);
    const report = await ingestFile(path, options, sink);
    sink.recordImport(report, report.preset?.id ?? path, 0);
    reports.push(reportOf(report));
  }
  const sources = sink.sources().map((s) => ({ ...s, lastImportId: '' }));
  const coverage = sink.coverage();
  return { reports, rows: snapshotRows(sink.build(), 'as-written'), sources, coverage };
}

/** The files into a real embedded store, read back. */
async function throughStore(files: readonly string[], options: IngestOptions) {
  const storeDir = await mkdtemp(join(tmpdir(), 'lazy-date-order-store-'));
  const db = await openStore({ DATA_DIR: storeDir });
  try {
    const reports: IngestReport[] = [];
    for (const path of files)
      reports.push(reportOf(await ingestIntoStore(db, { path, options }, systemClock)));
    const snapshot = await loadSnapshot(db, {
      timeZone: options.timeZone,
      currency: options.currency,
      persist: false,
    });
    return { reports, rows: snapshotRows(snapshot, 'as-written') };
  } finally {
    await db.close();
    await rm(storeDir, { recursive: true, force: true });
  }
}

/** Lazy and settled-first give the same, through the column sink and through the store. */
async function expectSame(files: readonly string[], store = true) {
  const lazy = await throughColumns(files, OPTIONS);
  const first = await throughColumns(files, FIRST);
  expect(lazy).toEqual(first);
  if (store) {
    const storeLazy = await throughStore(files, OPTIONS);
    const storeFirst = await throughStore(files, FIRST);
    expect(storeLazy).toEqual(storeFirst);
    expect(storeLazy.rows.leads.length).toBe(lazy.rows.leads.length);
  }
  return lazy;
}

/** How a source was read: passes over its records, and whether the whole input was searched. */
async function passesOf(
  text: string,
  options: IngestOptions,
  sink: IngestSink = new ColumnSink({ timeZone: options.timeZone, currency: options.currency, parts: false }),
) {
  const records: SourceRecord[] = [];
  for await (const batch of readCsv([text], { delimiter: ',', newline: '\n', quote: '"' }))
    records.push(...batch);
  const [header, ...data] = records;
  const chosen = choosePlan((header?.cells ?? []).map(String), options, 'leads.csv');
  if (!chosen.ok) throw new Error(chosen.error.message);
  const seen = { scan: 0, map: 0, searched: 0 };
  /** The passes in the order they started. */
  const events: string[] = [];
  const source: RecordSource = {
    sample: data.slice(0, 500),
    sampleIsAll: false,
    delimiter: ',',
    async *records(pass) {
      seen[pass]++;
      events.push(pass);
      for (let i = 0; i < data.length; i += 1000) yield data.slice(i, i + 1000);
    },
    async mayHoldNumericDates() {
      seen.searched++;
      events.push('searched');
      return true;
    },
  };
  const report = emptyReport('leads.csv', options.currency);
  await runIngest(chosen.value.plan, source, options, sink, report);
  return { seen, events, report: reportOf(report) };
}

describe('a lead file mapped before its date order is settled', () => {
  it('an ISO-only file: no pass before the rows, and the same result', async () => {
    const text = leadCsv(isoRows(3000));
    const lazy = await passesOf(text, OPTIONS);
    const first = await passesOf(text, FIRST);
    expect(lazy.events).toEqual(['map']);
    expect(first.events).toEqual(['searched', 'scan', 'map']);
    expect(lazy.report).toEqual(first.report);
    const result = await expectSame([await writeLeads(text)]);
    expect(result.reports[0]?.dateOrder).toEqual({ order: null, how: 'none' });
    expect(result.reports[0]?.accepted).toBe(3000);
  });

  it('numeric dates deep in the file decide day first', async () => {
    const rows = isoRows(3000);
    rows[2600] = { created: '03/04/2026 10:00' };
    rows[2700] = { created: '25/03/2026 09:00', mql: '04/05/2026' };
    rows[2800] = { created: '12/11/2026' };
    const text = leadCsv(rows);
    const lazy = await passesOf(text, OPTIONS);
    expect(lazy.events).toEqual(['map', 'searched', 'scan']);
    expect(lazy.report).toEqual((await passesOf(text, FIRST)).report);
    const result = await expectSame([await writeLeads(text)]);
    expect(result.reports[0]?.dateOrder).toMatchObject({
      order: 'dmy',
      how: 'data',
      value: '25/03/2026 09:00',
    });
    expect(result.reports[0]?.accepted).toBe(3000);
  });

  it('numeric dates deep in the file decide month first, one row contradicting', async () => {
    const rows = isoRows(3000);
    rows[2500] = { created: '03/04/2026' };
    rows[2600] = { created: '03/25/2026 10:00' };
    rows[2650] = { created: '04/26/2026' };
    rows[2900] = { created: '26/04/2026' };
    const result = await expectSame([await writeLeads(leadCsv(rows))]);
    expect(result.reports[0]?.dateOrder).toMatchObject({ order: 'mdy', how: 'data' });
    expect(result.reports[0]?.skipped).toBe(1);
  });

  it('dates that read both ways only, after the sample: refused with nothing kept, as before', async () => {
    const rows = isoRows(3000);
    for (let i = 2500; i < 3000; i += 10) rows[i] = { created: '03/04/2026' };
    const ambiguous = await writeLeads(leadCsv(rows));
    const after = await writeLeads(leadCsv(isoRows(1200).map((r, i) => ({ ...r, id: String(20_000 + i) }))));
    const result = await expectSame([spendFixture, ambiguous, after]);
    expect(result.reports[1]?.error?.code).toBe('date_order_ambiguous');
    expect(result.reports[1]?.accepted).toBe(0);
    expect(result.reports[1]?.rowsRead).toBe(0);
    expect(result.reports[2]?.accepted).toBe(1200);
    expect(result.rows.leads.length).toBe(1200);
    // A second lead file cannot be dropped from the sink: it is settled first, as before.
    const again = await expectSame([after, ambiguous], false);
    expect(again.reports[1]?.error?.code).toBe('date_order_ambiguous');
  });

  it('a sink that cannot drop rows: mapped first only when the language of the headers decides', async () => {
    const rows = isoRows(3000);
    for (let i = 2500; i < 3000; i += 10) rows[i] = { created: '03/04/2026' };
    const english = leadCsv(rows);
    // English headers: settled first (the file is refused before any row), as before.
    const refused = await passesOf(english, OPTIONS, new MemorySink());
    expect(refused.events).toEqual(['searched', 'scan']);
    expect(refused.report.error?.code).toBe('date_order_ambiguous');
    // French headers (a generic mapping): the order is day first whatever the dates say.
    const preset = genericPreset(
      ColumnMappingSchema.parse({
        kind: 'lead',
        id: 'fr-leads',
        columns: {
          recordId: 'ID',
          createdAt: 'Date de creation',
          campaign: 'Campagne',
          email: 'Email',
          owner: 'Nom',
        },
      }),
    );
    const lines = [
      'ID,Date de creation,Campagne,Email,Nom',
      ...rows.map((r, i) => `${i},${r.created},Campagne ${i % 5},lead${i}@example.com,Claire Dubois ${i}`),
    ];
    const french = `${lines.join('\n')}\n`;
    const fr = { ...OPTIONS, preset };
    const lazy = await passesOf(french, fr, new MemorySink());
    expect(lazy.events).toEqual(['map', 'searched', 'scan']);
    expect(lazy.report).toEqual(
      (await passesOf(french, { ...fr, settleDateOrderFirst: true }, new MemorySink())).report,
    );
    expect(lazy.report.dateOrder).toMatchObject({ order: 'dmy', how: 'language' });
    const path = await writeLeads(french);
    const storeLazy = await throughStore([path], fr);
    expect(storeLazy).toEqual(await throughStore([path], { ...fr, settleDateOrderFirst: true }));
    expect(storeLazy.rows.leads.length).toBe(3000);
    expect(await throughColumns([path], fr)).toEqual(
      await throughColumns([path], { ...fr, settleDateOrderFirst: true }),
    );
  });

  it('phone numbers that look like dates, ISO dates: the same, no stop', async () => {
    const rows = isoRows(3000).map((r) => ({ ...r, phone: '06.12.34.56.78' }));
    const result = await expectSame([await writeLeads(leadCsv(rows))]);
    expect(result.reports[0]?.dateOrder).toEqual({ order: null, how: 'none' });
  });

  it('a numeric date in the very last row, and CRLF line ends', async () => {
    const rows = isoRows(2500);
    rows[2499] = { created: '14/03/2026 08:00' };
    for (const newline of ['\n', '\r\n']) {
      const result = await expectSame([await writeLeads(leadCsv(rows, newline))]);
      expect(result.reports[0]?.dateOrder).toMatchObject({ order: 'dmy', how: 'data', row: 2501 });
    }
    const deep = isoRows(3000);
    deep[2700] = { created: '25/03/2026 09:00' };
    await expectSame([await writeLeads(leadCsv(deep, '\r\n'))]);
    // A cell trim reads as a numeric date, after white space (a space, a no-break space).
    for (const space of [' ', '\u00a0']) {
      const spaced = isoRows(2500);
      spaced[2499] = { created: `${space}03/14/2026` };
      const result = await expectSame([await writeLeads(leadCsv(spaced))], false);
      expect(result.reports[0]?.dateOrder).toMatchObject({ order: 'mdy', how: 'data', row: 2501 });
    }
  });

  it('fast-check: files mixing ISO and numeric dates at random rows give the same', async () => {
    const cell = fc.oneof(
      { weight: 30, arbitrary: fc.nat(400).map(iso) },
      { weight: 1, arbitrary: fc.constant('') },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.integer({ min: 1, max: 31 }),
            fc.integer({ min: 1, max: 31 }),
            fc.constantFrom('/', '-', '.'),
          )
          .map(([a, b, sep]) => `${pad(a)}${sep}${pad(b)}${sep}2026`),
      },
    );
    const row = fc.record({
      created: cell,
      mql: fc.option(cell, { nil: undefined }),
      blank: fc.nat(50).map((n) => n === 0),
      dup: fc.nat(40),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 900, maxLength: 1500 }),
        fc.boolean(),
        async (cells, crlf) => {
          const rows = cells.map((c, i) => ({
            created: c.created,
            ...(c.mql ? { mql: c.mql } : {}),
            ...(c.blank ? { blank: true } : {}),
            // Some record ids repeat (merged rows).
            id: c.dup === 0 ? '99999' : String(10_000 + i),
          }));
          // The sample (first 128 KB) without numeric dates, sometimes: the lazy path's case.
          if (cells.length % 4 !== 0)
            for (let i = 0; i < 800; i++) rows[i] = { ...rows[i]!, created: iso(i), mql: '' };
          const path = await writeLeads(leadCsv(rows, crlf ? '\r\n' : '\n'));
          const lazy = await throughColumns([path], OPTIONS);
          const first = await throughColumns([path], FIRST);
          expect(lazy).toEqual(first);
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});
