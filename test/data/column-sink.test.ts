import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/command/grammar.ts';
import { vocabularyFrom } from '../../src/command/vocabulary.ts';
import { ColumnSink } from '../../src/data/column-sink.ts';
import { loadSnapshot } from '../../src/data/load.ts';
import { ingestIntoStore } from '../../src/data/sources.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import type { IngestOptions } from '../../src/ingest/options.ts';
import type { IngestReport } from '../../src/ingest/report.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import { type Snapshot, vocabulary } from '../../src/kpi/snapshot.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { dataCoverage } from '../../src/store/coverage.ts';
import { listSources } from '../../src/store/imports.ts';
import { openStore } from '../../src/store/open.ts';
import { snapshotRows } from './snapshot-rows.ts';

const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url).pathname;
const OPTIONS: IngestOptions = { timeZone: 'Europe/Paris', currency: 'EUR', rates: { USD: 0.9 } };

const QUESTIONS = [
  'leads mql sql customers revenue by=channel period=2026',
  'leads cpl spend by=campaign period=2026',
  'leads mql_to_sql by=source period=2026 view=cohort',
  'spend clicks impressions by=week period=2026',
  'customers cac by=country period=2026',
];
const NOW = new Date(Date.UTC(2026, 11, 1, 12));

/** The answers of a few questions (the vocabulary each snapshot has), as JSON. */
function answersOf(s: Snapshot): unknown[] {
  const ctx = {
    vocabulary: vocabularyFrom(vocabulary(s)),
    locale: 'en' as const,
    now: NOW,
    timeZone: s.timeZone,
  };
  return QUESTIONS.map((text) => {
    const cmd = parseCommand(text, ctx);
    if (!cmd.ok || cmd.value.kind !== 'query') return { parse: cmd.ok ? cmd.value.kind : cmd.error.code };
    const r = runQuery(s, cmd.value.query, { now: NOW, targets: DEFAULT_TARGETS, onlyRequested: true });
    // Sums over rows in another order may differ in the last bits: 12 significant digits.
    return r.ok
      ? JSON.parse(JSON.stringify(r.value), (_, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v))
      : { error: r.error.code };
  });
}

const reportOf = (r: IngestReport) => ({ ...r, elapsedMs: 0, stored: undefined });

/** The files ingested into a real embedded store and read back, as `kpi --data` did before. */
async function throughStore(files: readonly string[], options: IngestOptions) {
  const dir = await mkdtemp(join(tmpdir(), 'column-sink-store-'));
  const db = await openStore({ DATA_DIR: dir });
  try {
    const reports: IngestReport[] = [];
    for (const path of files) reports.push(await ingestIntoStore(db, { path, options }, systemClock));
    const snapshot = await loadSnapshot(db, {
      timeZone: options.timeZone,
      currency: options.currency,
      persist: false,
    });
    return {
      rows: snapshotRows(snapshot),
      answers: answersOf(snapshot),
      reports: reports.map(reportOf),
      sources: (await listSources(db)).map((s) => ({ ...s, lastImportId: '', lastImportAt: 0 })),
      coverage: await dataCoverage(db, options.timeZone),
    };
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same files into the column sink, as `kpi --data` does now. */
async function throughColumns(files: readonly string[], options: IngestOptions) {
  const sink = new ColumnSink({ timeZone: options.timeZone, currency: options.currency });
  const reports: IngestReport[] = [];
  for (const path of files) {
    sink.startFile(path);
    const report = await ingestFile(path, options, sink);
    sink.recordImport(report, options.origin ?? report.preset?.id ?? path, Date.now());
    reports.push(report);
  }
  const sources = sink.sources().map((s) => ({ ...s, lastImportId: '', lastImportAt: 0 }));
  const coverage = sink.coverage();
  const snapshot = sink.build();
  return {
    rows: snapshotRows(snapshot),
    answers: answersOf(snapshot),
    reports: reports.map(reportOf),
    sources,
    coverage,
  };
}

describe('the column sink gives the snapshot the store gives', () => {
  it('on the fixtures of every preset, ingested one after the other (one re-imported)', async () => {
    const files = [
      fixture('hubspot-contacts/contacts.csv'),
      fixture('hubspot-deals/deals.csv'),
      fixture('salesforce-leads/leads-report.csv'),
      fixture('salesforce-opportunities/opportunities-report.csv'),
      fixture('pipedrive-deals/deals.csv'),
      fixture('google-ads-campaigns/campaign-report.csv'),
      fixture('meta-ads/meta-en.csv'),
      fixture('meta-ads/meta-fr.csv'),
      fixture('linkedin-campaigns/linkedin-en.csv'),
      fixture('hubspot-contacts/contacts-current.csv'),
      fixture('hubspot-contacts/contacts.csv'),
    ];
    const store = await throughStore(files, OPTIONS);
    const columns = await throughColumns(files, OPTIONS);
    expect(store.rows.leads.length).toBeGreaterThan(0);
    expect(store.rows.costs.length).toBeGreaterThan(0);
    expect(columns).toEqual(store);
  });

  it('on campaign grids over a period, and a file with bad rows', async () => {
    const files = [
      fixture('google-ads-campaigns/campaign-grid-en-us.csv'),
      fixture('google-ads-campaigns/campaign-grid-fr.csv'),
      fixture('linkedin-campaigns/linkedin-pt-br.csv'),
    ];
    const options = { ...OPTIONS, period: { from: '2026-03-01', to: '2026-03-31' } };
    expect(await throughColumns(files, options)).toEqual(await throughStore(files, options));
  });

  it('on report levels: a second grain refused, replacing the stored one, or skipped where it is kept', async () => {
    // Spend rows are columns in the sink (data/spend-rows.ts): the level check reads them there.
    const files = [
      fixture('google-ads-campaigns/campaign-report.csv'),
      fixture('google-ads-levels/ad-group-report.csv'),
      fixture('meta-ads/meta-age-gender.csv'),
      fixture('meta-ads/meta-adset-level.csv'),
      fixture('google-ads-levels/ad-group-report-range.csv'),
    ];
    const keeps: Readonly<Record<string, string>>[] = [
      {},
      { google: 'ad_group', meta: 'ad_group' },
      { google: 'campaign', meta: 'ad+age+gender' },
    ];
    for (const keepLevel of keeps) {
      const options = { ...OPTIONS, keepLevel, period: { from: '2026-11-01', to: '2026-11-30' } };
      const columns = await throughColumns(files, options);
      expect(columns).toEqual(await throughStore(files, options));
      expect(
        columns.reports.some(
          (r) => r.error !== null || r.warnings.some((w) => w.key.startsWith('ingest.warn.level')),
        ),
      ).toBe(true);
    }
  });

  it('on a file with a record twice: merged, counted and named as the store does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'column-sink-dup-'));
    try {
      const lines = async (file: string) => (await readFile(fixture(file), 'utf8')).trimEnd().split(/\r?\n/);
      const [spendHeader, ...spendRows] = await lines('meta-ads/meta-en.csv');
      const path = join(dir, 'twice.csv');
      // A spend row repeated (no id column: its identity is the whole row), a lead file with
      // records twice (the fixture has one already), imported twice (the second time every row
      // replaces one held, and is counted accepted, not merged).
      await writeFile(path, [spendHeader, ...spendRows, spendRows[1]].join('\n'));
      const leads = join(dir, 'leads-twice.csv');
      const [header, ...rows] = await lines('hubspot-contacts/contacts.csv');
      await writeFile(leads, [header, ...rows, ...rows.slice(0, 2)].join('\n'));
      const columns = await throughColumns([path, leads, leads], OPTIONS);
      expect(columns.reports.map((r) => [r.accepted, r.merged])).toEqual([
        [spendRows.length - 1, 1],
        [rows.length - 2, 3],
        [rows.length - 2, 3],
      ]);
      expect(columns.reports[2]!.mergedExamples.at(-1)).toEqual({ row: rows.length + 3, firstRow: 3 });
      expect(columns).toEqual(await throughStore([path, leads, leads], OPTIONS));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('on bad input: the same rows skipped, with the same row, field and reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'column-sink-bad-'));
    try {
      const header = await readFile(fixture('hubspot-contacts/contacts.csv'), 'utf8').then(
        (t) => t.split('\n')[0]!,
      );
      const good =
        '"1","A","B","a@acme.fr","","2026-03-02 10:00","Lead","New","Paid Search","google","Brand","Form","O","France","","","",""';
      const lines = [
        header,
        good,
        '"2","A","B","a@acme.fr","","30/02/2026","Lead","New","Paid Search","google","Brand","Form","O","France","","","",""',
        '"3","A","B","a@acme.fr","","","Lead","New","Paid Search","google","Brand","Form","O","France","","","",""',
        '"4","A","B","a@acme.fr","","2026-03-02 10:00","Customer","New","Paid Search","google","Brand","Form","O","France","","","2026-03-09 10:00","12,34,5"',
        '',
        '"5","A","B","not an email","","2026-03-03 10:00","Lead","New","Organic Search","","","Form","O","France","","","","","extra"',
        good.replace('10:00', '11:00'),
        '"6","A"',
        'Total,,,,,,,,,,,,,,,,,',
      ];
      const path = join(dir, 'bad.csv');
      await writeFile(path, `${lines.join('\n')}\n`);
      const columns = await throughColumns([path], OPTIONS);
      // A bad date, a missing one, a bad number, a short row; a merged duplicate, an extra cell,
      // a blank line and a totals row: each counted and worded as the store path does.
      const report = columns.reports[0]!;
      expect(report.skippedExamples.map((e) => [e.row, e.field, e.key])).toEqual([
        [3, 'createdAt', 'ingest.skip.date'],
        [4, 'createdAt', 'ingest.skip.required'],
        [5, 'amount', 'ingest.skip.number'],
        [9, 'createdAt', 'ingest.skip.short'],
      ]);
      expect([report.merged, report.blank, report.summary]).toEqual([1, 1, 1]);
      expect(columns).toEqual(await throughStore([path], OPTIONS));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('on generated spend exports with repeated rows, re-imported with changes: merged and replaced as the store does', async () => {
    // Meta rows have no id column: a row's key is its cells (hashed without its text in the
    // sink, identity.ts hashRawIdentity; SHA-1 in the store). Rows repeated in a file merge; a
    // row in both files is the same key, replaced; a changed cell is another row.
    const row = fc.record({
      campaign: fc.constantFrom('Lead Gen US', '"Lead Gen US, Retargeting"', 'Brand', ''),
      day: fc.integer({ min: 10, max: 14 }),
      spend: fc.constantFrom('75.20', '22.80', '0', '1234.5', '', 'n/a', '-3'),
      impressions: fc.constantFrom('8400', '', '12'),
      clicks: fc.constantFrom('130', '41', ''),
      pad: fc.constantFrom('', ','),
    });
    const header =
      'Campaign name,Day,Reporting starts,Reporting ends,Amount spent (USD),Impressions,Link clicks,Leads';
    const line = (r: typeof row extends fc.Arbitrary<infer T> ? T : never) =>
      `${r.campaign},2026-11-${r.day},2026-11-${r.day},2026-11-${r.day},${r.spend},${r.impressions},${r.clicks},${r.pad}`;
    const dir = await mkdtemp(join(tmpdir(), 'column-sink-spend-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(row, { minLength: 1, maxLength: 30 }),
          fc.array(fc.nat(), { maxLength: 10 }),
          fc.array(row, { maxLength: 10 }),
          async (first, repeats, more) => {
            // The second file: some rows of the first again, and others.
            const again = repeats.map((i) => first[i % first.length]!);
            const a = join(dir, 'a.csv');
            const b = join(dir, 'b.csv');
            await writeFile(a, [header, ...first.map(line), ...again.slice(0, 3).map(line)].join('\n'));
            await writeFile(b, [header, ...[...more, ...again].map(line)].join('\n'));
            expect(await throughColumns([a, b], OPTIONS)).toEqual(await throughStore([a, b], OPTIONS));
          },
        ),
        { numRuns: 12 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('on generated HubSpot exports re-imported with changes: one row per record id, the later one', async () => {
    const header = await readFile(fixture('hubspot-contacts/contacts.csv'), 'utf8').then(
      (t) => t.split('\n')[0]!,
    );
    const row = fc.record({
      id: fc.integer({ min: 1, max: 30 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      stage: fc.constantFrom('Lead', 'Marketing Qualified Lead', 'Customer', 'Opportunity', ''),
      source: fc.constantFrom('Paid Search', 'Organic Search', 'Paid Social', 'Referrals', ''),
      // One spelling per campaign: a re-imported row spelling it otherwise may leave the other
      // spelling as the label (ColumnSink's note); the store keeps only the later one.
      campaign: fc.constantFrom('Spring_Sale', 'Brand', ''),
      email: fc.constantFrom('ada@acme.fr', 'test@test.com', ''),
      revenue: fc.constantFrom('', '1200', '99.5', 'n/a'),
      date: fc.constantFrom('', '2026-03-05 10:00', '05/03/2026', 'bad'),
    });
    const csv = (rows: (typeof row extends fc.Arbitrary<infer T> ? T : never)[]) =>
      `${header}\n${rows
        .map((r) =>
          [
            r.id,
            'A',
            'B',
            r.email,
            '',
            `2026-03-${String(r.day).padStart(2, '0')} ${String(r.hour).padStart(2, '0')}:15`,
            r.stage,
            'New',
            r.source,
            'google',
            r.campaign,
            'Form',
            'Owner',
            'France',
            r.date,
            '',
            r.stage === 'Customer' ? r.date : '',
            r.revenue,
          ]
            .map((v) => `"${v}"`)
            .join(','),
        )
        .join('\n')}\n`;
    const dir = await mkdtemp(join(tmpdir(), 'column-sink-gen-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(row, { minLength: 1, maxLength: 25 }),
          fc.array(row, { maxLength: 25 }),
          async (first, second) => {
            const a = join(dir, 'a.csv');
            const b = join(dir, 'b.csv');
            await writeFile(a, csv(first));
            await writeFile(b, csv(second));
            const options = { ...OPTIONS, dateOrder: 'dmy' as const };
            expect(await throughColumns([a, b], options)).toEqual(await throughStore([a, b], options));
          },
        ),
        { numRuns: 15 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
