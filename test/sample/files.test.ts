import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/file.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import {
  CHANNEL_INJECTION,
  FORMULA_CAMPAIGN,
  generateLeadsCsv,
  generateSample,
  generateSpendCsv,
  SAMPLE_ANCHOR,
  SAMPLE_BROKEN_ROWS,
  SAMPLE_CLV_TARGET,
  SAMPLE_SEED,
  SAMPLE_TIME_ZONE,
  type SampleFileReport,
} from '../../src/sample/index.ts';

const anchor = new Date(`${SAMPLE_ANCHOR}T12:00:00Z`);
const committed = join(import.meta.dirname, '../../samples');
let dir: string;
let reports: SampleFileReport[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpi-sample-'));
  reports = await generateSample({
    seed: SAMPLE_SEED,
    anchor,
    months: 18,
    leads: 20_000,
    timeZone: SAMPLE_TIME_ZONE,
    outDir: join(dir, 'full'),
  });
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function bytesOf(folder: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(folder)).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(join(folder, n))] as const)));
}

describe('determinism', () => {
  it('writes identical bytes for the same seed, and different bytes for another seed', {
    timeout: 180_000,
  }, async () => {
    const small = { anchor, months: 18, leads: 3000, timeZone: SAMPLE_TIME_ZONE };
    await generateSample({ ...small, seed: 7, outDir: join(dir, 'a') });
    await generateSample({ ...small, seed: 7, outDir: join(dir, 'b') });
    await generateSample({ ...small, seed: 8, outDir: join(dir, 'c') });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((x) => bytesOf(join(dir, x))));
    expect([...(a?.keys() ?? [])]).toEqual([...(b?.keys() ?? [])]);
    for (const [name, bytes] of a ?? [])
      expect(bytes.equals(b?.get(name) ?? Buffer.alloc(0)), name).toBe(true);
    expect(a?.get('hubspot-contacts.csv')?.equals(c?.get('hubspot-contacts.csv') ?? Buffer.alloc(0))).toBe(
      false,
    );
  });
  it('matches the sample committed in samples/ (regenerated from its manifest’s seed and anchor)', {
    timeout: 180_000,
  }, async () => {
    const manifest = JSON.parse(await readFile(join(committed, 'manifest.json'), 'utf8')) as {
      seed: number;
      anchor: string;
    };
    const same = manifest.seed === SAMPLE_SEED && manifest.anchor === SAMPLE_ANCHOR;
    const folder = same ? join(dir, 'full') : join(dir, 'committed');
    if (!same) {
      const at = new Date(`${manifest.anchor}T12:00:00Z`);
      await generateSample({
        seed: manifest.seed,
        anchor: at,
        months: 18,
        leads: 20_000,
        timeZone: SAMPLE_TIME_ZONE,
        outDir: folder,
      });
    }
    const fresh = await bytesOf(folder);
    const shipped = await bytesOf(committed);
    for (const [name, bytes] of fresh)
      expect(bytes.equals(shipped.get(name) ?? Buffer.alloc(0)), name).toBe(true);
  });
});

describe('the sample files', () => {
  it('use each platform’s encoding', async () => {
    const head = async (name: string): Promise<string> =>
      (await readFile(join(dir, 'full', name))).subarray(0, 3).toString('hex');
    expect(await head('google-ads-campaigns.csv')).toMatch(/^fffe/);
    expect(await head('linkedin-campaigns-pt-br.csv')).toMatch(/^fffe/);
    expect(await head('meta-ads-fr.csv')).toBe('efbbbf');
    expect(await head('microsoft-ads-campaigns.csv')).toBe('efbbbf');
    expect(await head('hubspot-contacts.csv')).toBe('225265'); // "Re…: no BOM, quoted
  });
  it('ingest with the planted broken-row counts, spend totals and literal campaign names', {
    timeout: 180_000,
  }, async () => {
    for (const expected of reports) {
      const sink = new MemorySink();
      const report = await ingestFile(
        join(dir, 'full', expected.file),
        { timeZone: SAMPLE_TIME_ZONE, currency: 'EUR' },
        sink,
      );
      expect(report.error, expected.file).toBeNull();
      expect(report.preset?.id, expected.file).toBe(expected.preset);
      expect(report.preset?.how).toBe('detected');
      const got = {
        accepted: report.accepted,
        merged: report.merged,
        skipped: report.skipped,
        summary: report.summary,
      };
      const want = {
        accepted: expected.records,
        merged: expected.duplicates,
        skipped: expected.skipped,
        summary: expected.summary,
      };
      expect(got, expected.file).toEqual(want);
      const kinds = SAMPLE_BROKEN_ROWS[expected.preset as keyof typeof SAMPLE_BROKEN_ROWS];
      expect(report.skipped).toBe(kinds.badDate + kinds.badNumber + kinds.missingRequired);
      if (expected.spendCents !== undefined) {
        const cents = sink.costList().reduce((s, c) => s + Math.round(c.amount * 100), 0);
        expect(cents, expected.file).toBe(expected.spendCents);
      }
      const campaigns = new Set([...sink.leadList(), ...sink.costList()].map((r) => r.campaign));
      if (kinds.literal > 0) expect(campaigns.has(CHANNEL_INJECTION), expected.file).toBe(true);
      if (expected.preset === 'hubspot-contacts') expect(campaigns.has(FORMULA_CAMPAIGN)).toBe(true);
    }
  });
});

describe('samples/kpi.yaml', () => {
  it('is a valid config: Paris, EUR, the CLV target, one file source per sample file', () => {
    const config = loadConfig(join(committed, 'kpi.yaml'));
    expect(config.workspace).toMatchObject({ timeZone: 'Europe/Paris', currency: 'EUR' });
    expect(config.targets.clv).toBe(SAMPLE_CLV_TARGET);
    const files = config.sources.map((s) => (s.type === 'file' ? s.path : null));
    expect(files).toEqual(reports.map((r) => join(committed, r.file)));
  });
});

describe('streaming generators (benchmark files)', () => {
  it('write the asked number of rows as plain UTF-8 CSV that ingests', { timeout: 180_000 }, async () => {
    const leadsPath = join(dir, 'leads.csv');
    const spendPath = join(dir, 'spend.csv');
    const leads = await generateLeadsCsv({ seed: 1, leads: 2000 }, leadsPath);
    const spend = await generateSpendCsv({ seed: 1, rows: 1500 }, spendPath);
    expect(leads.rows).toBeGreaterThan(1800);
    expect(spend.rows).toBe(1500);
    const sink = new MemorySink();
    const opts = { timeZone: SAMPLE_TIME_ZONE, currency: 'EUR' };
    const lr = await ingestFile(leadsPath, opts, sink);
    const sr = await ingestFile(spendPath, opts, sink);
    expect([lr.preset?.id, lr.accepted, lr.skipped]).toEqual(['hubspot-contacts', leads.rows, 0]);
    expect([sr.preset?.id, sr.accepted, sr.skipped]).toEqual(['google-ads-campaigns', 1500, 0]);
  });
});
