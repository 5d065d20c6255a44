import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/digest/blocks.ts';
import { computeDigest } from '../../src/digest/compute.ts';
import { digestToJson } from '../../src/digest/json.ts';
import {
  DEFAULT_DIGEST_SETTINGS,
  type DigestSettings,
  type SourceFreshness,
} from '../../src/digest/types.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { buildSnapshot, type Snapshot } from '../../src/kpi/snapshot.ts';
import { explainChange } from '../../src/kpi/why.ts';
import { campaignKey } from '../../src/model/campaign.ts';
import { generateSample } from '../../src/sample/index.ts';
import {
  CAC_OVERRUN_CAMPAIGN,
  CAMPAIGN_A,
  CAMPAIGN_B,
  SAMPLE_ANCHOR,
  SAMPLE_CLV_TARGET,
  SAMPLE_SEED,
  SAMPLE_TIME_ZONE,
  SPEND_SPIKE,
} from '../../src/sample/plan.ts';
import { MessageSchema } from '../../src/shared/slack-message.ts';

// Monday of the anchor week, 09:00 in Paris: when the weekly digest runs.
const NOW = new Date(`${SAMPLE_ANCHOR}T08:00:00Z`);
const SETTINGS: DigestSettings = {
  ...DEFAULT_DIGEST_SETTINGS,
  targets: { clv: SAMPLE_CLV_TARGET, ltvCacRatio: 3 },
};

let dir = '';
let snapshot: Snapshot;
let sources: SourceFreshness[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digest-sample-'));
  await generateSample({ seed: SAMPLE_SEED, anchor: NOW, timeZone: SAMPLE_TIME_ZONE, outDir: dir });
  const sink = new MemorySink();
  const files = (await readdir(dir)).filter((file) => file.endsWith('.csv'));
  for (const file of files) {
    const report = await ingestFile(join(dir, file), { timeZone: SAMPLE_TIME_ZONE, currency: 'EUR' }, sink);
    expect(report.error ?? null, file).toBeNull();
  }
  snapshot = buildSnapshot(sink.leadList(), sink.costList(), {
    timeZone: SAMPLE_TIME_ZONE,
    currency: 'EUR',
    dataVersion: 'sample',
  });
  // Every source imported an hour before the run.
  sources = files.map((file) => ({ origin: file, lastImportAt: NOW.getTime() - 3_600_000 }));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the digest on the generated sample', () => {
  it('flags the planted MQL→SQL drop and the CAC overrun, and not the noise', () => {
    const digest = computeDigest(snapshot, { now: NOW, settings: SETTINGS, sources });
    expect(digest.week).toEqual({ year: 2026, week: 47, from: '2026-11-16', to: '2026-11-22' });

    const drops = digest.flags.filter((flag) => flag.kind === 'stage_drop');
    expect(drops.map((flag) => flag.stage)).toEqual(['mql_to_sql']);
    expect(digest.stages.filter((stage) => stage.flagged).map((stage) => stage.id)).toEqual(['mql_to_sql']);

    const overruns = digest.flags.filter((flag) => flag.kind === 'cac_over_target');
    expect(overruns.map((flag) => [flag.scope, campaignKey(flag.key)])).toEqual([
      ['campaign', campaignKey(CAC_OVERRUN_CAMPAIGN.name)],
    ]);

    // Nothing else: no stale source, invalid-lead or attribution alarm on the clean sample.
    expect(new Set(digest.flags.map((flag) => flag.kind))).toEqual(
      new Set(['stage_drop', 'cac_over_target']),
    );
    expect(digest.nothingNotable).toBe(false);

    const json = JSON.parse(JSON.stringify(digestToJson(digest)));
    expect(json.flagged.map((flag: { kind: string }) => flag.kind)).toEqual([
      'stage_drop',
      'cac_over_target',
    ]);
  });

  it('names the planted driver first: CPL moved because one campaign spent 4× for the same leads', () => {
    const digest = computeDigest(snapshot, { now: NOW, settings: SETTINGS, sources });
    const cpl = digest.headline.find((item) => item.metric === 'cpl');
    expect(cpl?.deltaRel).toBeGreaterThan(0.2);
    expect(cpl?.drivers?.dimension).toBe('campaign');
    expect(campaignKey(cpl?.drivers?.drivers[0]?.label ?? '')).toBe(campaignKey(SPEND_SPIKE.name));
    expect(cpl?.drivers?.drivers[0]?.share).toBeGreaterThan(0.8);
    // The same answer as `why cpl period=last-week` (by campaign, as picked automatically).
    const why = explainChange(
      snapshot,
      {
        metric: 'cpl',
        filters: [],
        period: { kind: 'relative', name: 'last-week' },
        against: 'previous',
        by: null,
        view: 'flow',
      },
      { now: NOW, targets: SETTINGS.targets },
    );
    if (!why.ok) throw why.error;
    expect(why.value.dimension).toBe('campaign');
    expect(campaignKey(why.value.drivers[0]?.key ?? '')).toBe(campaignKey(SPEND_SPIKE.name));
    expect(why.value.drivers[0]?.rate).toBeGreaterThan(why.value.drivers[0]?.mix ?? 0);
    // The MQL→SQL drop is still flagged, and says where it concentrates.
    const drop = digest.flags.find((flag) => flag.kind === 'stage_drop');
    expect(drop?.kind === 'stage_drop' && drop.concentration?.contribution).toBeLessThan(0);
    // On the funnel line's own cohorts: the fall it splits is the flag's (rate − reference), in points,
    // and no part of it is larger than the fall.
    if (drop?.kind !== 'stage_drop' || !drop.concentration) throw new Error('no concentration');
    expect(drop.concentration.change).toBeCloseTo((drop.rate - drop.reference) * 100, 6);
    expect(drop.concentration.contribution).toBeGreaterThanOrEqual(drop.concentration.change);
    expect(drop.rate).toBeLessThanOrEqual(1);
    // The flag in the channel states the lag its rate counts within.
    expect(JSON.stringify(renderDigest(digest, 'en').summary)).toContain(
      'MQL → SQL* conversion within 14 days fell to',
    );
    const text = renderDigest(digest, 'en')
      .summary.blocks.map((b) => JSON.stringify(b))
      .join('\n');
    expect(text).toMatch(/CPL\* \+\d+%: mostly Brand - FR \(\+€[\d.]+ of \+€[\d.]+\)/);
    const fr = JSON.stringify(renderDigest(digest, 'fr')).replace(/\\u00a0|\u00a0/g, ' ');
    expect(fr).toContain('surtout Brand - FR');
    expect(fr).toContain('concentrée sur');
  });

  it('ranks campaigns by profit, not by lead volume (seed 000: A vs B)', () => {
    // Twelve weeks inside the window where A and B both run.
    const digest = computeDigest(snapshot, {
      now: NOW,
      week: { year: 2026, week: 20 },
      settings: { ...SETTINGS, campaignWindowWeeks: 12, topCampaigns: 100 },
      sources: [],
    });
    const ranked = [...digest.campaigns.best, ...[...digest.campaigns.worst].reverse()];
    const find = (name: string) => ranked.findIndex((row) => campaignKey(row.campaign) === campaignKey(name));
    const a = ranked[find(CAMPAIGN_A.name)];
    const b = ranked[find(CAMPAIGN_B.name)];
    expect(a && b).toBeTruthy();
    expect(a?.leads).toBeGreaterThan(b?.leads ?? 0);
    expect(b?.profit).toBeGreaterThan(0);
    expect(a?.profit).toBeLessThan(0);
    expect(find(CAMPAIGN_B.name)).toBeLessThan(find(CAMPAIGN_A.name));
  });

  it('counts stage conversions within the configured lags and says which', () => {
    const lags = { mql: 7, sql: 21, customer: 45 };
    const digest = computeDigest(snapshot, {
      now: NOW,
      settings: { ...SETTINGS, stageLagDays: lags },
      sources,
    });
    expect(digest.stages.map((stage) => [stage.id, stage.lagDays])).toEqual([
      ['lead_to_valid', 0],
      ['valid_to_mql', 7],
      ['mql_to_sql', 21],
      ['sql_to_customer', 45],
    ]);
    const defaults = computeDigest(snapshot, { now: NOW, settings: SETTINGS, sources });
    expect(defaults.stages.map((stage) => stage.lagDays)).toEqual([0, 14, 14, 30]);
    // A longer lag lets more SQLs of a week become customers (the sample's week is older than 30 days
    // in the earlier weeks only, so compare a week old enough for both lags).
    const old = { now: NOW, week: { year: 2026, week: 30 }, sources: [] };
    const short = computeDigest(snapshot, {
      ...old,
      settings: { ...SETTINGS, stageLagDays: { ...lags, customer: 5 } },
    });
    const long = computeDigest(snapshot, { ...old, settings: { ...SETTINGS, stageLagDays: lags } });
    const customersOf = (d: typeof short) => d.stages.find((stage) => stage.id === 'sql_to_customer');
    expect(customersOf(short)?.volume).toBe(customersOf(long)?.volume);
    expect(customersOf(short)?.converted).toBeLessThan(customersOf(long)?.converted ?? 0);
    const text = JSON.stringify(renderDigest(digest, 'en'));
    expect(text).toContain('within 21 days');
    expect(text).toContain('within 45 days');
    const fr = JSON.stringify(renderDigest(digest, 'fr')).replace(/\\u00a0|\u00a0/g, ' ');
    expect(fr).toContain('21 jours');
  });

  it('renders the sample digest within Block Kit limits in both languages', () => {
    const digest = computeDigest(snapshot, { now: NOW, settings: SETTINGS, sources });
    for (const locale of ['en', 'fr'] as const) {
      const { summary, details } = renderDigest(digest, locale);
      for (const message of [summary, ...details])
        expect(MessageSchema.safeParse(message).success).toBe(true);
    }
  });
});
