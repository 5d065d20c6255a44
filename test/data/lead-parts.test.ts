import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnSink } from '../../src/data/column-sink.ts';
import type { SplitStats } from '../../src/data/lead-parts.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import type { IngestOptions } from '../../src/ingest/options.ts';
import type { Preset } from '../../src/ingest/preset.ts';
import type { IngestReport } from '../../src/ingest/report.ts';
import type { Snapshot } from '../../src/kpi/snapshot.ts';
import { DIMENSIONS } from '../../src/model/dimension.ts';

/** A CRM-like lead export with every kind of lead field the column sink keeps. */
const LEADS: Preset = {
  id: 'part-leads',
  label: 'Part test leads',
  kind: 'lead',
  columns: [
    { field: 'recordId', headers: ['Record ID'], type: 'text' },
    { field: 'createdAt', headers: ['Created'], type: 'datetime' },
    { field: 'channel', headers: ['Channel'], type: 'text' },
    { field: 'source', headers: ['Source'], type: 'text' },
    { field: 'campaign', headers: ['Campaign'], type: 'text' },
    { field: 'email', headers: ['Email'], type: 'text' },
    { field: 'stage', headers: ['Lifecycle Stage'], type: 'text' },
    { field: 'customerAt', headers: ['Customer Date'], type: 'datetime' },
    { field: 'customerId', headers: ['Company ID'], type: 'text' },
    { field: 'amount', headers: ['Amount'], type: 'money' },
  ],
  required: ['createdAt'],
};
const HEADER =
  'Record ID,Created,Channel,Source,Campaign,Email,Lifecycle Stage,Customer Date,Company ID,Amount';
const OPTIONS: IngestOptions = { timeZone: 'Europe/Paris', currency: 'EUR', preset: LEADS };

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lead-parts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  report: IngestReport;
  snapshot: Snapshot;
  coverage: unknown;
  sources: unknown;
  split: SplitStats | null;
}

/** Ingests `path` as kpi --data does: on this thread, or in `threads` parts whatever its size. */
async function run(path: string, threads: number | null, ranges?: number): Promise<Run> {
  let split: SplitStats | null = null;
  const sink = new ColumnSink({
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    parts:
      threads === null
        ? false
        : { threads, minBytes: 0, ...(ranges ? { ranges } : {}), onSplit: (s) => (split = s) },
  });
  sink.startFile(path);
  const report = await ingestFile(path, OPTIONS, sink);
  sink.recordImport(report, 'part-leads', 1_000);
  const coverage = sink.coverage();
  const sources = sink.sources().map(({ lastImportId: _, ...rest }) => rest);
  return { report: { ...report, elapsedMs: 0 }, snapshot: sink.build(), coverage, sources, split };
}

/** Every column, dictionary (labels and keys, by code) and count of a snapshot. */
function contents(s: Snapshot) {
  const dictionaries = Object.fromEntries(
    DIMENSIONS.map((d) => [d, { labels: s.dictionaries[d].labels, keys: s.dictionaries[d].keys }]),
  );
  return { ...s, dictionaries };
}

async function expectSame(path: string, threads: number, ranges?: number): Promise<SplitStats> {
  const one = await run(path, null);
  const parts = await run(path, threads, ranges);
  expect(parts.split, 'the file was mapped in parts').not.toBeNull();
  expect(parts.report).toEqual(one.report);
  expect(JSON.stringify(parts.report)).toBe(JSON.stringify(one.report));
  expect(contents(parts.snapshot)).toEqual(contents(one.snapshot));
  expect(parts.coverage).toEqual(one.coverage);
  expect(parts.sources).toEqual(one.sources);
  return parts.split as unknown as SplitStats;
}

const CHANNELS = ['paid_search', 'organic', 'email', 'Paid Social', 'referral', 'direct', 'webinar'];
const CAMPAIGNS = ['Spring Sale', 'spring_sale', 'ABM%20Diretores', 'abm diretores', 'Brand', ''];
const STAGES = ['lead', 'marketingqualifiedlead', 'customer', 'opportunity', ''];

/** A lead row: `i` picks its values; `id` its record id (repeats make duplicates). */
function row(i: number, id: string, note = ''): string {
  const day = 1 + (i % 27);
  const cells = [
    id,
    `2026-03-${String(day).padStart(2, '0')} 1${i % 10}:00`,
    CHANNELS[i % CHANNELS.length]!,
    i % 3 === 0 ? 'google' : 'linkedin',
    note === '' ? CAMPAIGNS[i % CAMPAIGNS.length]! : `"${note}"`,
    `lead${i}@example${i % 5}.com`,
    STAGES[i % STAGES.length]!,
    i % 4 === 0 ? `2026-04-0${1 + (i % 9)}` : '',
    i % 6 === 0 ? '' : `C${i % 13}`,
    i % 4 === 0 ? `${(i * 37) % 1000}.50` : '',
  ];
  return cells.join(',');
}

describe('a lead file mapped in byte ranges on worker threads', () => {
  it('gives the sequential snapshot and report: duplicates across the split, bad rows in every range, a total row', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 400; i++) {
      // Ids repeat across the whole file (an id of the first half comes back in the second).
      const id = i % 7 === 3 ? `R${i % 50}` : `R${i}`;
      if (i % 45 === 10) lines.push(`${id},not a date,email,x,y,z,lead,,,`);
      else if (i % 61 === 5) lines.push('');
      else if (i % 53 === 7) lines.push(`${row(i, id)},extra,cells`);
      else lines.push(row(i, id));
    }
    lines.push('Total,,,,,,,,,');
    const path = join(dir, 'dups.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    for (const [threads, ranges] of [
      [2, undefined],
      [3, undefined],
      [4, undefined],
      [2, 7],
    ] as const) {
      const split = await expectSame(path, threads, ranges);
      expect(split.merged.length).toBeGreaterThan(1);
    }
  });

  it('finds the record boundary when a planned split falls inside a quoted cell with newlines', async () => {
    const lines = [HEADER];
    // Every row carries a long quoted note with newlines: the planned starts fall inside them.
    const note = Array.from({ length: 12 }, (_, k) => `line ${k}, with ""quotes""`).join('\n');
    for (let i = 0; i < 60; i++) lines.push(row(i, `R${i % 40}`, note));
    const path = join(dir, 'quoted.csv');
    await writeFile(path, `${lines.join('\r\n')}\r\n`);
    let reread = 0;
    for (const threads of [2, 3, 4]) reread += (await expectSame(path, threads, threads * 2)).reread;
    expect(reread, 'some planned start fell inside a quoted cell').toBeGreaterThan(0);
  });

  it('keeps a BOM, CRLF and a last row without a newline as the sequential read does', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 300; i++) lines.push(row(i, `R${i % 120}`));
    const path = join(dir, 'bom.csv');
    await writeFile(path, `\uFEFF${lines.join('\r\n')}`);
    await expectSame(path, 3);
  });

  it('reads a Windows-1252 file (decoded as text, parsed by readCsv) in ranges as the sequential read does', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 200; i++)
      lines.push(row(i, `R${i % 90}`, i % 9 === 0 ? 'Été, "promo"\nligne 2' : ''));
    const path = join(dir, 'cp1252.csv');
    await writeFile(path, Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'));
    expect((await run(path, null)).report.encoding).toBe('windows1252');
    await expectSame(path, 3);
  });

  it('finds the record boundary inside a quoted cell of a Windows-1252 file too (read as text)', async () => {
    const lines = [HEADER];
    const note = Array.from({ length: 12 }, (_, k) => `ligne ${k} été, avec ""guillemets""`).join('\n');
    for (let i = 0; i < 60; i++) lines.push(row(i, `R${i % 40}`, note));
    const path = join(dir, 'quoted-cp1252.csv');
    // The last record is open up to the end of the file: no newline after it.
    await writeFile(path, Buffer.from(lines.join('\r\n'), 'latin1'));
    expect((await run(path, null)).report.encoding).toBe('windows1252');
    let reread = 0;
    for (const threads of [2, 3, 4]) reread += (await expectSame(path, threads, threads * 2)).reread;
    expect(reread, 'some planned start fell inside a quoted cell').toBeGreaterThan(0);
  });

  it('refuses a file whose size or mtime moved while its ranges were read', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 100; i++) lines.push(row(i, `R${i}`));
    const path = join(dir, 'moving.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    const sink = new ColumnSink({
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      parts: { threads: 2, minBytes: 0, afterRanges: () => appendFile(path, `${row(100, 'R100')}\n`) },
    });
    const report = await ingestFile(path, OPTIONS, sink);
    expect(report.error?.code).toBe('file_unreadable');
    expect(report.error?.messageKey).toBe('command.cli.file_changed');
    expect(report.error?.params).toEqual({ file: path });
  });

  it('lets go of the threads started for a file refused before its rows, and maps the next one', async () => {
    const refused = join(dir, 'usd.csv');
    const usd = [
      HEADER,
      ...Array.from({ length: 50 }, (_, i) => `${row(i, `U${i}`).replace(/,[^,]*$/, ',$12.50')}`),
    ];
    await writeFile(refused, `${usd.join('\n')}\n`);
    const lines = [HEADER, ...Array.from({ length: 120 }, (_, i) => row(i, `R${i % 70}`))];
    const path = join(dir, 'after-refused.csv');
    await writeFile(path, `${lines.join('\n')}\n`);
    const sink = new ColumnSink({
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      parts: { threads: 2, minBytes: 0 },
    });
    sink.startFile(refused);
    expect((await ingestFile(refused, OPTIONS, sink)).error?.code).toBe('currency_mismatch');
    sink.startFile(path);
    const report = await ingestFile(path, OPTIONS, sink);
    expect({ ...report, elapsedMs: 0 }).toEqual((await run(path, null)).report);
  });

  it('property: random small files split into 2–4 ranges read as one', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'a', 'Spring Sale', 'x y', 'not a date'),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replaceAll('"', '""')},\n"`),
    );
    const record = fc.record({
      id: fc.integer({ min: 0, max: 30 }),
      i: fc.integer({ min: 0, max: 1000 }),
      kind: fc.constantFrom('ok', 'ok', 'ok', 'bad', 'blank', 'quoted', 'short'),
      note: cell,
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 1, maxLength: 80 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 0, max: 2 }),
        async (records, newline, total, threads, more) => {
          const lines = [HEADER];
          for (const r of records) {
            const id = `R${r.id}`;
            if (r.kind === 'bad') lines.push(`${id},31/31/2026,email,,,,,,,`);
            else if (r.kind === 'blank') lines.push('');
            else if (r.kind === 'short') lines.push(`${id},2026-03-01`);
            else if (r.kind === 'quoted') lines.push(row(r.i, id, r.note.replaceAll('"', '')));
            else lines.push(row(r.i, id));
          }
          if (total) lines.push('Total,,,,,,,,,');
          const path = join(dir, `prop-${n++}.csv`);
          await writeFile(path, `${lines.join(newline)}${newline}`);
          await expectSame(path, threads, threads + more * threads);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
