import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnSink } from '../../src/data/column-sink.ts';
import type { SplitStats } from '../../src/data/lead-parts.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { ColumnMappingSchema, genericPreset } from '../../src/ingest/map.ts';
import type { IngestOptions } from '../../src/ingest/options.ts';
import { snapshotRows } from './snapshot-rows.ts';

/**
 * A lead file mapped in byte ranges on worker threads goes through the lead lane there (PartSink
 * takes coded leads, the ranges are read as byte batches) and gives what the sequential path
 * gives, with the lane and without it: the same report, the same rows in the same order, the
 * same dictionaries and customer codes. The files mix records the lane maps with those it leaves
 * to the usual way (bad dates, summary-like first cells, short and extra rows, blank lines,
 * quotes inside cells), record ids repeated across the whole file (so across ranges), and long
 * quoted notes with newlines where the planned range starts fall.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lead-parts-lane-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MAPPING = ColumnMappingSchema.parse({
  kind: 'lead',
  id: 'parts-lane-leads',
  dateOrder: 'ymd',
  columns: {
    recordId: 'Id',
    createdAt: 'Created',
    channel: 'Channel',
    campaign: 'Campaign',
    email: 'Email',
    status: 'Status',
    closedAt: 'Closed',
    amount: 'Amount',
    customerId: 'Account',
  },
  types: { amount: 'number' },
  defaults: { source: 'crm' },
});
const HEADER = [
  'Id',
  'Created',
  'Channel',
  'Campaign',
  'Email',
  'Status',
  'Closed',
  'Amount',
  'Account',
  'Note',
];
const OPTIONS: IngestOptions = { timeZone: 'Europe/Paris', currency: 'EUR', preset: genericPreset(MAPPING) };

/** A CSV cell: bare when it can be, else quoted. */
const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Mostly values the lane reads, sometimes one it leaves to the usual way. */
const mostly = (common: fc.Arbitrary<string>, other: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 10, arbitrary: common }, { weight: 1, arbitrary: other });

const row = fc.record({
  // Few ids: each comes back many times, in ranges other than its first.
  id: mostly(
    fc.integer({ min: 0, max: 40 }).map((n) => `L${n}`),
    fc.constantFrom(' L1', 'é9', '', '--', 'Total'),
  ),
  created: mostly(
    fc.constantFrom('2025-11-01 08:14', '2025-11-02', '2026-03-29 02:30', '2025-10-26 02:30'),
    fc.constantFrom('2025-13-01', 'soon', ''),
  ),
  channel: fc.constantFrom('Paid Search', 'Organic Search', 'email', ' Direct Traffic ', 'Référence', ''),
  campaign: fc.constantFrom('brand_fr', 'Brand FR', 'ABM%20Diretores', '', 'camp"aign'),
  email: fc.constantFrom('ana@gmail.com', 'test@test.com', 'bad@', '', 'Léa@outlook.fr'),
  status: fc.constantFrom('Open', 'won', 'lost', '', 'Closed Won'),
  closed: mostly(fc.constantFrom('', '', '2025-11-05 10:00'), fc.constant('bad date')),
  amount: mostly(fc.constantFrom('', '12.5', '1234', '-7'), fc.constantFrom('1,234.50', 'abc')),
  account: fc.constantFrom('', 'A1', 'A2', ' A1 '),
  // Now and then a note long enough to hold a planned range start, with newlines and quotes.
  note: fc.oneof(
    { weight: 8, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 2, max: 40 })
        .map((n) => Array.from({ length: n }, (_, k) => `line ${k}, "quoted"`).join('\n')),
    },
  ),
  twist: fc.oneof(
    { weight: 20, arbitrary: fc.constant('none') },
    fc.constantFrom('total', 'short', 'extra', 'blank'),
  ),
});

function line(r: typeof row extends fc.Arbitrary<infer T> ? T : never): string {
  if (r.twist === 'blank') return '';
  const cells = [
    r.id,
    r.created,
    r.channel,
    r.campaign,
    r.email,
    r.status,
    r.closed,
    r.amount,
    r.account,
    r.note,
  ];
  if (r.twist === 'total') cells[0] = 'Total';
  if (r.twist === 'short') cells.length = 3;
  if (r.twist === 'extra') cells.push('x');
  return cells.map(cell).join(',');
}

/** Ingests `path` into a ColumnSink: on this thread (`threads` null), or in parts whatever its size. */
async function run(path: string, threads: number | null, ranges: number, byteLane: boolean) {
  let split: SplitStats | null = null;
  const sink = new ColumnSink({
    timeZone: OPTIONS.timeZone,
    currency: 'EUR',
    parts: threads === null ? false : { threads, ranges, minBytes: 0, onSplit: (s) => (split = s) },
  });
  sink.startFile(path);
  const { elapsedMs: _, ...report } = await ingestFile(path, { ...OPTIONS, byteLane }, sink);
  sink.recordImport(report as never, 'parts-lane-leads', 0);
  const coverage = sink.coverage();
  const sources = sink.sources().map((s) => ({ ...s, lastImportId: '' }));
  const s = sink.build();
  const dictionaries = Object.fromEntries(
    Object.entries(s.dictionaries).map(([d, dict]) => [d, [dict.labels, dict.keys]]),
  );
  const result = {
    report,
    rows: snapshotRows(s, 'as-written'),
    customerCode: [...s.leads.customerCode],
    customerCodes: s.customerCodes,
    dictionaries,
    coverage,
    sources,
  };
  return { result, split: split as SplitStats | null };
}

describe('a lead file mapped in parts through the lead lane (property)', () => {
  it('gives the sequential report and snapshot, with the lane and without', async () => {
    let n = 0;
    let coded = 0;
    let reread = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 40, maxLength: 160 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 2, max: 6 }),
        async (rows, newline, threads, ranges) => {
          const path = join(dir, `leads-${n++}.csv`);
          await writeFile(path, [HEADER.join(','), ...rows.map(line)].join(newline) + newline);
          const sequential = await run(path, null, 1, true);
          const parts = await run(path, threads, ranges, true);
          expect(parts.split, 'the file was mapped in parts').not.toBeNull();
          expect(parts.result).toEqual(sequential.result);
          expect(JSON.stringify(parts.result.report)).toBe(JSON.stringify(sequential.result.report));
          expect((await run(path, null, 1, false)).result).toEqual(sequential.result);
          coded += parts.split!.coded;
          reread += parts.split!.reread;
          // Records the lane left to the usual way: not in the lane's count.
          expect(parts.split!.coded).toBeLessThanOrEqual(rows.filter((r) => r.twist === 'none').length);
        },
      ),
      { numRuns: 30 },
    );
    expect(coded, 'the ranges went through the lead lane').toBeGreaterThan(0);
    expect(reread, 'some planned start fell inside a quoted note').toBeGreaterThan(0);
  }, 180_000);

  it('maps every record of a plain file in the lane, over several runs a range, duplicates across ranges merged', async () => {
    // 2 ranges of ~45k records: each range hands over more than one run (part-sink.ts RUN_ROWS),
    // with values coded in a run before, and values first met in a later run.
    const total = 90_000;
    const rows = Array.from({ length: total }, (_, i) => {
      const campaign = i > 60_000 && i % 5 === 0 ? `late_${i % 17}` : `brand_${i % 13}`;
      const channel = i % 4 === 0 ? 'email' : i % 7 === 0 ? 'Organic Search' : 'Paid Search';
      return `L${i % 40_000},2025-11-0${1 + (i % 9)} 10:00,${channel},${campaign},u${i}@gmail.com,${i % 3 === 0 ? 'won' : 'Open'},,${i}.5,A${i % 7},`;
    });
    const path = join(dir, 'plain.csv');
    await writeFile(path, `${HEADER.join(',')}\n${rows.join('\n')}\n`);
    const sequential = await run(path, null, 1, true);
    const parts = await run(path, 2, 2, true);
    expect(parts.result).toEqual(sequential.result);
    expect(parts.result.report.accepted).toBe(40_000);
    expect(parts.result.report.merged).toBe(total - 40_000);
    expect(parts.split?.coded).toBe(total);
    expect(parts.split?.merged.length).toBe(2);
  }, 60_000);
});
