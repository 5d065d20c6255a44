import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnSink } from '../../src/data/column-sink.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { ColumnMappingSchema, genericPreset } from '../../src/ingest/map.ts';
import type { IngestOptions } from '../../src/ingest/options.ts';
import { snapshotRows } from './snapshot-rows.ts';

/**
 * ColumnSink.deferKeys: a first lead file's rows taken as new and their keys claimed after
 * (when the scan thread stops vouching for the ids, at the file's end when it never took over,
 * or when a later file looks a key up) give the same reports, rows and sources as every key claimed as its row
 * comes (deferKeys false): ids repeated early or late in a file, ids only the text reading
 * makes equal (" L1" and "L1"), rows without an id, and later files re-importing the same ids.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deferred-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MAPPING = ColumnMappingSchema.parse({
  kind: 'lead',
  id: 'crm-leads',
  dateOrder: 'ymd',
  columns: {
    recordId: 'Id',
    createdAt: 'Created',
    channel: 'Channel',
    campaign: 'Campaign',
    amount: 'Amount',
  },
  types: { amount: 'number' },
});
const HEADER = 'Id,Created,Channel,Campaign,Amount';

/** The files ingested in order into one sink; each file's report and the sink's rows and sources. */
async function ingestAll(paths: string[], deferKeys: boolean, extra: Partial<IngestOptions>) {
  const sink = new ColumnSink({ timeZone: 'UTC', currency: 'EUR', parts: false, deferKeys });
  const reports = [];
  for (const [k, path] of paths.entries()) {
    sink.startFile(path);
    const origin = k % 2 === 0 ? 'crm' : 'crm-other';
    const report = await ingestFile(
      path,
      { timeZone: 'UTC', currency: 'EUR', preset: genericPreset(MAPPING), origin, ...extra },
      sink,
    );
    sink.recordImport(report, origin, 0);
    const { elapsedMs: _, ...rest } = report;
    reports.push(rest);
  }
  const sources = sink.sources().map((s) => ({ ...s, lastImportId: '' }));
  return { reports, sources, rows: snapshotRows(sink.build(), 'as-written') };
}

const row = fc.record({
  id: fc.constantFrom(
    'L1',
    'L2',
    'L3',
    ' L1',
    'L4 ',
    'é5',
    '',
    '--',
    ...Array.from({ length: 40 }, (_, i) => `U${i}`),
  ),
  day: fc.integer({ min: 1, max: 28 }),
  channel: fc.constantFrom('Paid Search', 'Email', 'Organic'),
  campaign: fc.constantFrom('brand_fr', 'spring', ''),
  amount: fc.constantFrom('', '10.5', '200', 'x'),
});

interface Row {
  id: string;
  day: number;
  channel: string;
  campaign: string;
  amount: string;
}

function fileText(rows: Row[]) {
  const lines = rows.map(
    (r) => `${r.id},2026-03-${String(r.day).padStart(2, '0')} 10:00,${r.channel},${r.campaign},${r.amount}`,
  );
  return `${HEADER}\n${lines.join('\n')}\n`;
}

describe('ColumnSink.deferKeys (property): the same as every key claimed as its row comes', () => {
  it('one to three files, ids repeated within and across files, read on a scan thread', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(row, { minLength: 1, maxLength: 120 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 32, max: 2000 }),
        async (files, chunk) => {
          const paths: string[] = [];
          for (const rows of files) {
            const path = join(dir, `f${n++}.csv`);
            await writeFile(path, fileText(rows));
            paths.push(path);
          }
          const extra: Partial<IngestOptions> = {
            readChunkBytes: chunk,
            // The keys are deferred only where the scan thread checks the ids (run.ts).
            scanThread: { minBytes: 0 },
          };
          expect(await ingestAll(paths, true, extra)).toEqual(await ingestAll(paths, false, extra));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('a repeat far into a large file read on a scan thread: merged once, as without the deferral', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => ({
      id: i === 25_000 ? 'U17' : `U${i}`,
      day: 1 + (i % 28),
      channel: 'Email',
      campaign: 'spring',
      amount: '',
    }));
    const path = join(dir, 'late-repeat.csv');
    await writeFile(path, fileText(rows));
    const extra: Partial<IngestOptions> = { scanThread: { minBytes: 0 }, readChunkBytes: 4096 };
    const deferred = await ingestAll([path], true, extra);
    expect(deferred.reports[0]).toMatchObject({ accepted: 29_999, merged: 1 });
    expect(deferred).toEqual(await ingestAll([path], false, extra));
  });
});
