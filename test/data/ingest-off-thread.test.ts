import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestIntoStoreOffThread } from '../../src/data/ingest-off-thread.ts';
import { ingestIntoStore } from '../../src/data/sources.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { isAppError } from '../../src/shared/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { listImports } from '../../src/store/imports.ts';
import { countLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { getDataVersion } from '../../src/store/version.ts';
import { embeddedHarness, postgresHarness } from '../store/fixtures.ts';

const options = { timeZone: 'Europe/Paris', currency: 'EUR' as const };
let dir = '';
let contacts = '';
let broken = '';
let mystery = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-ingest-off-'));
  const sample = await readFile('samples/hubspot-contacts.csv', 'utf8');
  contacts = join(dir, 'contacts.csv');
  await writeFile(contacts, sample);
  // Two bad rows: an impossible create date and a row with no record id.
  const lines = sample.split('\n');
  const header = lines[0] ?? '';
  const cells = header.split(',').length;
  broken = join(dir, 'broken.csv');
  await writeFile(
    broken,
    [
      header,
      ...lines.slice(1, 30),
      `"999999",${Array(cells - 1)
        .fill('"not a date"')
        .join(',')}`,
      '',
    ].join('\n'),
  );
  mystery = join(dir, 'mystery.csv');
  await writeFile(mystery, 'foo,bar\n1,2\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// The time taken and the import record (its id, its version) differ from one import to the next.
const comparable = (report: object) => ({ ...report, elapsedMs: 0, stored: null });

describe.each([embeddedHarness(), postgresHarness()])('ingest in a worker thread ($name)', (harness) => {
  let db: Db;
  beforeAll(async () => {
    db = await harness.open();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await harness.dispose();
  });

  it('writes the same rows and report as on this thread, bumps the version once, reports progress', async () => {
    const clock = new ManualClock('2026-11-02T09:00:00Z');
    const progress: number[] = [];
    const ran: string[] = [];
    const before = await getDataVersion(db);
    const report = await ingestIntoStoreOffThread(
      db,
      { path: contacts, options: { ...options, origin: 'worker' } },
      clock,
      { minBytes: 0, progress: (read) => progress.push(read), ran: (where) => ran.push(where) },
    );
    expect(ran).toEqual(['worker']);
    expect(report.error).toBeNull();
    expect(report.accepted).toBeGreaterThan(0);
    expect(await getDataVersion(db)).toBe(before + 1);
    expect(report.stored?.dataVersion).toBe(before + 1);
    expect(await countLeads(db, 'worker')).toBe(report.accepted);
    expect(progress.length).toBeGreaterThan(0);
    // The import's times count on from the caller's clock.
    const [last] = await listImports(db, 1);
    // The worker's clock runs on from the caller's instant by the time it spends (opening the
    // store first), so the start is that instant plus a little, never today's wall clock.
    const asked = Date.parse('2026-11-02T09:00:00Z');
    expect(last?.startedAt).toBeGreaterThanOrEqual(asked);
    expect(last?.startedAt).toBeLessThan(asked + 60_000);
    expect(last?.finishedAt).toBeGreaterThanOrEqual(last?.startedAt ?? Number.NaN);
    expect(last?.finishedAt).toBeLessThan(asked + 60_000);
    const here = await ingestIntoStore(
      db,
      { path: contacts, options: { ...options, origin: 'here' } },
      clock,
    );
    expect(comparable(report)).toEqual(comparable(here));
  });

  it('keeps bad input as on this thread: rows skipped with row and reason, a file it cannot read named', async () => {
    const clock = new ManualClock('2026-11-02T09:00:00Z');
    const off = await ingestIntoStoreOffThread(db, { path: broken, options }, clock, { minBytes: 0 });
    expect(off.skipped).toBe(1);
    expect(off.skippedExamples[0]).toMatchObject({ row: 31 });
    const failed = await ingestIntoStoreOffThread(db, { path: mystery, options }, clock, { minBytes: 0 });
    expect(isAppError(failed.error)).toBe(true);
    expect(failed.error?.params).toMatchObject({ file: mystery });
    const here = await ingestIntoStore(db, { path: mystery, options }, clock);
    expect(comparable(failed)).toEqual(comparable(here));
  });

  it('ingests a file below the worker size on this thread', async () => {
    const ran: string[] = [];
    const clock = new ManualClock('2026-11-02T09:00:00Z');
    const report = await ingestIntoStoreOffThread(db, { path: broken, options }, clock, {
      ran: (w) => ran.push(w),
    });
    expect(report.error).toBeNull();
    expect(report.accepted).toBe(29);
    expect(ran).toEqual(['here']);
  });
});
