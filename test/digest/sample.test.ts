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
import { ingestFile, MemorySink } from '../../src/ingest/index.ts';
import { buildSnapshot, type Snapshot } from '../../src/kpi/snapshot.ts';
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

  it('renders the sample digest within Block Kit limits in both languages', () => {
    const digest = computeDigest(snapshot, { now: NOW, settings: SETTINGS, sources });
    for (const locale of ['en', 'fr'] as const) {
      const { summary, details } = renderDigest(digest, locale);
      for (const message of [summary, ...details])
        expect(MessageSchema.safeParse(message).success).toBe(true);
    }
  });
});
