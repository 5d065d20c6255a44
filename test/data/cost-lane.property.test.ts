import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnSink } from '../../src/data/column-sink.ts';
import { CostLane } from '../../src/ingest/cost-lane.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { ColumnMappingSchema, genericPreset } from '../../src/ingest/map.ts';
import type { IngestOptions } from '../../src/ingest/options.ts';
import { countLane } from './lane-count.ts';
import { snapshotRows } from './snapshot-rows.ts';

/**
 * The cost lane (src/ingest/cost-lane.ts) against the usual way (IngestOptions.byteLane false):
 * messy spend files ingested both ways into a ColumnSink (after a lead file, so that campaigns
 * join or not, and before a file at another grain that the level check compares with them)
 * give the same reports and the same snapshot, column by column, in row order, with the same
 * dictionaries, coverage and sources. Files are read in small chunks so records straddle reads.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cost-lane-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LEADS = ColumnMappingSchema.parse({
  kind: 'lead',
  id: 'crm',
  dateOrder: 'ymd',
  columns: { recordId: 'Id', createdAt: 'Created', channel: 'Channel', campaign: 'Campaign' },
});
const LEAD_FILE = [
  'Id,Created,Channel,Campaign',
  '1,2025-01-01 10:00,Paid Search,Brand FR',
  '2,2025-01-02 11:00,Paid Social,spring sale',
  '3,2025-01-02 12:00,Paid Social,Côte',
].join('\n');

const SPEND_HEADER = [
  'Date',
  'Channel',
  'Source',
  'Campaign',
  'Ad',
  'Spend',
  'Impressions',
  'Clicks',
  'Results',
  'Result type',
  'Ends',
  'Notes',
];
const spendMapping = (withId: boolean, money: 'money' | 'number') =>
  ColumnMappingSchema.parse({
    kind: 'cost',
    id: 'ads',
    dateOrder: 'ymd',
    columns: {
      date: 'Date',
      channel: 'Channel',
      source: 'Source',
      campaign: 'Campaign',
      ad: 'Ad',
      amount: 'Spend',
      impressions: 'Impressions',
      clicks: 'Clicks',
      results: 'Results',
      resultType: 'Result type',
      endDate: 'Ends',
      ...(withId ? { recordId: 'Notes' } : {}),
    },
    types: { amount: money },
  });
/** A campaign-level file of the same platform: the level check meets the ad-level rows on its days. */
const CAMPAIGN_LEVEL = ColumnMappingSchema.parse({
  kind: 'cost',
  id: 'ads-campaigns',
  dateOrder: 'ymd',
  columns: { date: 'Date', source: 'Source', campaign: 'Campaign', amount: 'Spend' },
});
const CAMPAIGN_FILE = [
  'Date,Source,Campaign,Spend',
  '2025-01-02,google,Brand FR,10',
  '2025-01-09,google,x,1',
].join('\n');

/** Mostly the values the lane reads, sometimes one it leaves to the usual way. */
const mostly = (common: fc.Arbitrary<string>, other: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 10, arbitrary: common }, { weight: 1, arbitrary: other });
const date = mostly(
  fc.constantFrom('2025-01-01', '2025-01-02', '2025-01-03 10:00', '2025-01-02T08:00:00', '2024-02-29'),
  fc.constantFrom('2025-13-01', '01/02/2025', ' 2025-01-01', '', '2025-02-30', 'yesterday', '2025-01-01Z'),
);
const channel = fc.constantFrom(
  'paid_search',
  'Paid Social',
  '',
  ' email ',
  'Référence',
  '--',
  'Organic Search',
);
const source = fc.constantFrom('google', 'facebook', '', 'Bing', 'x"y', 'google ');
const campaign = fc.constantFrom(
  'Brand FR',
  'brand_fr',
  'Camp 1',
  '',
  'Côte',
  'Spring Sale',
  'camp"aign',
  'ABM%20Diretores',
  '--',
);
const ad = fc.constantFrom('Ad 0', 'Ad 1', '', '--', 'Ad é', ' Ad 0');
const amount = mostly(
  fc.constantFrom(
    '156.94',
    '0',
    '12',
    '-0',
    '0.1',
    '1234.5',
    '-3',
    '123456789012345.5',
    '0.30000000000000004',
  ),
  fc.constantFrom('1,234.50', 'abc', '', '1e3', ' 5', '€12', '$3.10', '12.', '.5'),
);
const count = mostly(
  fc.constantFrom('15685', '0', '', '12.7', '3'),
  fc.constantFrom('-5', '1,000', 'x', '-0', '--', '1 000'),
);
const results = fc.constantFrom('', '3', '-2', '1.5', 'n/a');
const resultType = fc.constantFrom('', 'Leads', 'Link clicks', 'lead form', 'Prospects', 'Cadastros');
const ends = mostly(fc.constantFrom('', '', '2025-01-05'), fc.constantFrom('bad', '5/1/2025'));
const notes = fc.constantFrom('', '', 'n1', 'n2', ' ', 'é', 'x"y', '\u00a0', '\u2003', ' n1 ', '--');

const spendRow = fc
  .record({
    date,
    channel,
    source,
    campaign,
    ad,
    amount,
    impressions: count,
    clicks: count,
    results,
    resultType,
    ends,
    notes,
  })
  .map((r) => Object.values(r));

const firstCells = fc.constantFrom(
  'Total',
  'Total: Campaigns',
  'grand total',
  'search total',
  '',
  ' ',
  'sum',
  '2x',
);

/** A record's cells, sometimes made odd: a summary label first, a cell short or extra, blank, a repeat. */
const twist = fc.oneof(
  { weight: 16, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('first'), firstCells) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('short'), fc.integer({ min: 1, max: 4 })) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('extra'), fc.constantFrom('', 'x', ' ')) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('blank'), fc.constant('')) },
  { weight: 3, arbitrary: fc.tuple(fc.constant('repeat'), fc.nat()) },
);

type Twist = [string, string | number] | null;

/** A cell as a CSV writes it: bare when it can be, else (or when asked) quoted. */
function cell(value: string, quote: boolean): string {
  const needs = /[",\r\n]/.test(value);
  return quote || needs ? `"${value.replaceAll('"', '""')}"` : value;
}

function fileText(
  header: readonly string[],
  rows: readonly { cells: string[]; how: Twist; quote: boolean }[],
  newline: string,
): string {
  const lines = [header.join(',')];
  const written: string[][] = [];
  for (const { cells, how, quote } of rows) {
    let out: string[] | null = cells;
    if (how !== null) {
      const [kind, arg] = how;
      if (kind === 'first') out = [String(arg), ...cells.slice(1)];
      else if (kind === 'short') out = cells.slice(0, cells.length - Number(arg));
      else if (kind === 'extra') out = [...cells, String(arg)];
      else if (kind === 'blank') out = null;
      else if (written.length > 0) out = written[Number(arg) % written.length]!;
    }
    if (out !== null) written.push(out);
    lines.push(out === null ? '' : out.map((c) => cell(c, quote)).join(','));
  }
  return lines.join(newline) + newline;
}

interface Files {
  spend: string;
  options: IngestOptions;
  /** Ingested after the spend file, with this keepLevel (the level check meets the spend file's rows). */
  campaignLevel?: Readonly<Record<string, string>>;
}

async function both({ spend, options, campaignLevel }: Files) {
  const leads = join(dir, 'leads.csv');
  const campaigns = join(dir, 'campaigns.csv');
  await writeFile(leads, LEAD_FILE);
  await writeFile(campaigns, CAMPAIGN_FILE);
  const run = async (byteLane: boolean) => {
    const sink = new ColumnSink({ timeZone: options.timeZone, currency: 'EUR', parts: false });
    const reports: unknown[] = [];
    const ingest = async (path: string, more: Partial<IngestOptions>) => {
      sink.startFile(path);
      const report = await ingestFile(path, { ...options, ...more, byteLane }, sink);
      sink.recordImport(report, report.preset?.id ?? 'x', 0);
      const { elapsedMs: _, ...rest } = report;
      reports.push(rest);
    };
    await ingest(leads, { preset: genericPreset(LEADS) });
    await ingest(spend, {});
    if (campaignLevel)
      await ingest(campaigns, { preset: genericPreset(CAMPAIGN_LEVEL), keepLevel: campaignLevel });
    const coverage = sink.coverage();
    const sources = sink.sources().map((s) => ({ ...s, lastImportId: '' }));
    const s = sink.build();
    const dictionaries = Object.fromEntries(
      Object.entries(s.dictionaries).map(([d, dict]) => [d, [dict.labels, dict.keys]]),
    );
    return { reports, rows: snapshotRows(s, 'as-written'), dictionaries, coverage, sources };
  };
  const lane = await run(true);
  const usual = await run(false);
  expect(lane).toEqual(usual);
  return lane;
}

describe('cost lane (property): the same reports and snapshot as the usual way', () => {
  it('messy spend files: keyed by their raw identity or a record id, amounts in the workspace currency or converted', async () => {
    const counter = countLane(CostLane.prototype);
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ cells: spendRow, how: twist, quote: fc.boolean() }), {
            minLength: 20,
            maxLength: 120,
          }),
          fc.constantFrom('\n', '\r\n'),
          fc.integer({ min: 64, max: 3000 }),
          fc.boolean(),
          fc.constantFrom('money', 'number') as fc.Arbitrary<'money' | 'number'>,
          fc.constantFrom(null, 'USD'),
          fc.constantFrom(undefined, { google: 'campaign' }, { google: 'ad' }),
          async (rows, newline, chunk, withId, money, foreign, campaignLevel) => {
            const path = join(dir, `spend-${n++}.csv`);
            await writeFile(path, fileText(SPEND_HEADER, rows, newline));
            await both({
              spend: path,
              options: {
                timeZone: 'Europe/Paris',
                currency: 'EUR',
                preset: genericPreset(spendMapping(withId, money)),
                readChunkBytes: chunk,
                ...(foreign ? { sourceCurrency: foreign, rates: { USD: 0.9 } } : {}),
              },
              ...(campaignLevel ? { campaignLevel } : {}),
            });
          },
        ),
        { numRuns: 80 },
      );
      expect(counter.mapped).toBeGreaterThan(0);
    } finally {
      counter.restore();
    }
  }, 120_000);

  it('Meta daily exports (preset detected): amount in the header currency, results of a lead type', async () => {
    const header = [
      'Day',
      'Campaign name',
      'Ad set name',
      'Ad name',
      'Amount spent (USD)',
      'Impressions',
      'Results',
      'Result indicator',
      'Link clicks',
      'Age',
    ];
    const metaRow = fc
      .record({
        day: date,
        campaign,
        adSet: fc.constantFrom('Set A', 'Set B', ''),
        ad,
        amount,
        impressions: count,
        results,
        indicator: fc.constantFrom('actions:lead', 'Leads', 'link_click', ''),
        clicks: count,
        age: fc.constantFrom('18-24', '25-34', '', 'Unknown'),
      })
      .map((r) => Object.values(r));
    const counter = countLane(CostLane.prototype);
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ cells: metaRow, how: twist, quote: fc.boolean() }), {
            minLength: 20,
            maxLength: 100,
          }),
          fc.integer({ min: 64, max: 3000 }),
          async (rows, chunk) => {
            const path = join(dir, `meta-${n++}.csv`);
            await writeFile(path, fileText(header, rows, '\n'));
            await both({
              spend: path,
              options: { timeZone: 'UTC', currency: 'EUR', rates: { USD: 0.92 }, readChunkBytes: chunk },
            });
          },
        ),
        { numRuns: 30 },
      );
      expect(counter.mapped).toBeGreaterThan(0);
    } finally {
      counter.restore();
    }
  }, 120_000);

  it('batches of more records than the lane prepares at once (its keys hashed and read ahead 1024 at a time): repeats and refused records on either side of the bounds', async () => {
    const counter = countLane(CostLane.prototype);
    // The longest batch the lane was given (more records than it prepares at once).
    const begin = CostLane.prototype.begin;
    let longest = 0;
    CostLane.prototype.begin = function (this: CostLane, batch) {
      longest = Math.max(longest, batch.length);
      begin.call(this, batch);
    };
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ cells: spendRow, how: twist, quote: fc.boolean() }), {
            minLength: 20,
            maxLength: 60,
          }),
          fc.array(fc.nat(), { minLength: 1100, maxLength: 2600 }),
          fc.boolean(),
          async (distinct, order, withId) => {
            // Few distinct records in many places: a key's first place and its repeats fall in
            // different prepared runs; read in one chunk, so that a batch holds them all.
            const rows = order.map((k) => distinct[k % distinct.length]!);
            const path = join(dir, `ahead-${n++}.csv`);
            await writeFile(path, fileText(SPEND_HEADER, rows, '\n'));
            await both({
              spend: path,
              options: {
                timeZone: 'Europe/Paris',
                currency: 'EUR',
                preset: genericPreset(spendMapping(withId, 'money')),
                readChunkBytes: 1 << 20,
              },
            });
          },
        ),
        { numRuns: 8 },
      );
      expect(longest).toBeGreaterThan(1024);
    } finally {
      counter.restore();
      CostLane.prototype.begin = begin;
    }
  }, 120_000);

  it('a row repeated across chunks, once quoted with a quote inside (the usual way) and once not, is merged', async () => {
    // Rows i and i + 100 are the same row, quoted otherwise when one of them is a multiple of 3.
    const rows = Array.from({ length: 300 }, (_, i) => {
      const j = i % 100;
      const base = `2025-01-0${1 + (j % 9)},paid_search,google,Camp ${j % 40},Ad 0,${j}.5,${j},${j % 7},,,,`;
      return i % 3 === 0 ? `${base}"n""${j}"` : `${base}n"${j}`;
    });
    const path = join(dir, 'repeats.csv');
    await writeFile(path, `${SPEND_HEADER.join(',')}\n${rows.join('\n')}\n`);
    const counter = countLane(CostLane.prototype);
    try {
      const result = await both({
        spend: path,
        options: {
          timeZone: 'UTC',
          currency: 'EUR',
          preset: genericPreset(spendMapping(false, 'money')),
          readChunkBytes: 256,
        },
      });
      const report = result.reports[1] as { accepted: number; merged: number };
      expect(report.accepted).toBe(100);
      expect(report.merged).toBe(200);
      expect(counter.mapped).toBe(200);
    } finally {
      counter.restore();
    }
  });
});
