import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { ByteRecords } from '../../src/ingest/byte-records.ts';
import type { CsvDialect } from '../../src/ingest/csv.ts';
import { CsvScanner } from '../../src/ingest/csv-scan.ts';
import { ScanThread } from '../../src/ingest/scan-thread.ts';

const dir = mkdtempSync(join(tmpdir(), 'kpi-scan-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Rec = { line: number; cells: string[] };

function recordsOf(batch: ByteRecords): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < batch.length; i++) out.push(batch.record(i));
  return out;
}

/** csv-scan.ts byte mode on this thread, the whole file in one push (file.ts's records without a scan thread). */
function onThisThread(bytes: Buffer, dialect: CsvDialect, headerLine: number): Rec[] {
  const scanner = new CsvScanner(dialect, { bytes: true, skipThrough: headerLine });
  const out: Rec[] = [];
  for (const batch of scanner.pushBytes(bytes)) out.push(...recordsOf(batch));
  for (const batch of scanner.endBytes()) out.push(...recordsOf(batch));
  return out;
}

/** The records a ScanThread gives, handing off once `localBytes` are read here (after it is ready). */
async function viaThread(
  path: string,
  dialect: CsvDialect,
  headerLine: number,
  chunk: number,
  localBytes: number,
): Promise<{ records: Rec[]; progress: number[] }> {
  const thread = new ScanThread({ localBytes });
  await thread.ready;
  const records: Rec[] = [];
  const progress: number[] = [];
  for await (const batch of thread.records(path, dialect, headerLine, chunk, (read) => progress.push(read)))
    records.push(...recordsOf(batch));
  return { records, progress };
}

const DIALECTS: CsvDialect[] = [
  { delimiter: ',', newline: '\n', quote: '"' },
  { delimiter: ';', newline: '\r\n', quote: '"' },
];

// What exports are made of, quoted newlines and stray quotes included: a hand off inside a
// quoted cell that holds a newline must start the thread at the record's start.
const piece = fc.constantFrom(
  'Paid Search',
  'Côte d’Ivoire',
  '😀',
  '2026-03-05',
  '12.5',
  '"',
  '""',
  '"a,b"',
  '"line\nbreak"',
  '"crlf\r\nin"',
  ',',
  ';',
  '\n',
  '\r\n',
  '',
);

let files = 0;

describe('ScanThread (property): the batches this thread would scan, however the file is handed off', () => {
  for (const dialect of DIALECTS) {
    it(`delimiter ${JSON.stringify(dialect.delimiter)}, newline ${JSON.stringify(dialect.newline)}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(piece, { minLength: 1, maxLength: 400 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 1, max: 300 }),
          fc.integer({ min: 0, max: 2000 }),
          async (parts, bom, headerLine, chunk, localBytes) => {
            const bytes = Buffer.concat([
              bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
              Buffer.from(parts.join(''), 'utf8'),
            ]);
            const path = join(dir, `f${files++}.csv`);
            writeFileSync(path, bytes);
            const { records, progress } = await viaThread(path, dialect, headerLine, chunk, localBytes);
            expect(records).toEqual(onThisThread(bytes, dialect, headerLine));
            // Progress only grows, up to the whole file.
            for (let k = 1; k < progress.length; k++) expect(progress[k]!).toBeGreaterThan(progress[k - 1]!);
            expect(progress.at(-1) ?? 0).toBe(bytes.length);
          },
        ),
        { numRuns: 25 },
      );
    }, 60_000);
  }
});

describe('ScanThread: failures and stops', () => {
  const dialect = DIALECTS[0]!;
  const big = Buffer.from(Array.from({ length: 5000 }, (_, i) => `L${i},2026-01-01,email\n`).join(''));

  it('throws a read error of the thread with its code (the file gone when the thread opens it)', async () => {
    const path = join(dir, 'gone.csv');
    writeFileSync(path, big);
    const thread = new ScanThread();
    await thread.ready;
    const seen: Rec[] = [];
    const read = async () => {
      for await (const batch of thread.records(path, dialect, 0, 1024)) {
        seen.push(...recordsOf(batch));
        // The first chunk was read here; the thread opens the file once asked for the next batch.
        unlinkSync(path);
      }
    };
    await expect(read()).rejects.toMatchObject({ code: 'ENOENT' });
    expect(seen.length).toBeGreaterThan(0);
  });

  it('reads the whole file on this thread when the thread is not ready in time', async () => {
    const path = join(dir, 'local.csv');
    writeFileSync(path, big);
    // Handing off only past the file's end: every byte is read here.
    const thread = new ScanThread({ localBytes: big.length + 1 });
    const records: Rec[] = [];
    for await (const batch of thread.records(path, dialect, 0, 4096)) records.push(...recordsOf(batch));
    expect(records).toEqual(onThisThread(big, dialect, 0));
  });

  it('ends the thread when its batches stop being read', async () => {
    const path = join(dir, 'stop.csv');
    writeFileSync(path, big);
    const thread = new ScanThread();
    await thread.ready;
    let batches = 0;
    for await (const _batch of thread.records(path, dialect, 0, 512)) if (++batches === 3) break;
    expect(batches).toBe(3);
    expect(thread.closed).toBe(true);
  });
});
