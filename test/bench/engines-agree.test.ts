import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossCheck, same } from '../../bench/cross-check.ts';
import { answer, loadCsv, openDuckDb } from '../../bench/duckdb-engine.ts';
import { writeBenchLeads, writeBenchSpend } from '../../bench/generate-bench.ts';
import {
  BENCH_CURRENCY,
  BENCH_LEAD_MAPPING,
  BENCH_NOW,
  BENCH_SPEND_MAPPING,
  BENCH_TIME_ZONE,
  type BenchAnswer,
} from '../../bench/mappings.ts';
import { benchSpecs } from '../../bench/queries.ts';
import { parseCommand } from '../../src/command/grammar.ts';
import { vocabularyFrom } from '../../src/command/vocabulary.ts';
import { ingestFile } from '../../src/ingest/file.ts';
import { genericPreset } from '../../src/ingest/map.ts';
import { MemorySink } from '../../src/ingest/sink.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import { buildSnapshot, vocabulary } from '../../src/kpi/snapshot.ts';
import type { Currency } from '../../src/model/money.ts';

describe('cross-check rules', () => {
  it('compares within 1e-9 relative, n/a only with n/a', () => {
    expect(same(1, 1 + 1e-12)).toBe(true);
    expect(same(1, 1.001)).toBe(false);
    expect(same(null, null)).toBe(true);
    expect(same(null, 0)).toBe(false);
  });

  it('counts a group one side leaves out as zero counts and n/a ratios', () => {
    const spec = benchSpecs(1)[0]!;
    const withMetrics = { ...spec, metrics: ['leads', 'conv'] as const, by: 'channel' as const };
    const project: BenchAnswer = { email: { leads: 3, conv: 10 }, referral: { leads: 0, conv: null } };
    const duck: BenchAnswer = { email: { leads: 3, conv: 10 } };
    expect(crossCheck([{ ...withMetrics, metrics: [...withMetrics.metrics] }], [project], [duck]).agree).toBe(
      1,
    );
  });
});

// The benchmark's two engines on a small generated data set: every command must agree.
describe('the project engine and DuckDB agree on the benchmark commands', () => {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-agree-'));
    await writeBenchLeads(join(dir, 'leads.csv'), 3000);
    await writeBenchSpend(join(dir, 'spend.csv'), 600);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same numbers for 300 commands', async () => {
    const sink = new MemorySink();
    const options = { timeZone: BENCH_TIME_ZONE, currency: BENCH_CURRENCY };
    for (const [file, mapping] of [
      ['leads.csv', BENCH_LEAD_MAPPING],
      ['spend.csv', BENCH_SPEND_MAPPING],
    ] as const) {
      const report = await ingestFile(join(dir, file), { ...options, preset: genericPreset(mapping) }, sink);
      expect(report.error).toBeNull();
    }
    const snapshot = buildSnapshot(sink.leadList(), sink.costList(), {
      timeZone: BENCH_TIME_ZONE,
      currency: BENCH_CURRENCY as Currency,
      dataVersion: '1',
    });
    const parseCtx = {
      vocabulary: vocabularyFrom(vocabulary(snapshot)),
      locale: 'en' as const,
      now: BENCH_NOW,
    };
    const specs = benchSpecs(300);
    const project = specs.map((spec): BenchAnswer | { error: string } => {
      const cmd = parseCommand(spec.text, parseCtx);
      if (!cmd.ok || cmd.value.kind !== 'query') return { error: `parse: ${spec.text}` };
      const result = runQuery(snapshot, cmd.value.query, { now: BENCH_NOW, targets: DEFAULT_TARGETS });
      if (!result.ok) return { error: result.error.code };
      const pick = (values: (typeof result.value.total)['values']) =>
        Object.fromEntries(spec.metrics.map((m) => [m, values[m].value]));
      if (spec.by === null) return { total: pick(result.value.total.values) };
      return Object.fromEntries(result.value.rows.map((row) => [row.key ?? '(none)', pick(row.values)]));
    });
    const conn = await openDuckDb();
    await loadCsv(conn, join(dir, 'leads.csv'), join(dir, 'spend.csv'));
    const duck: BenchAnswer[] = [];
    for (const spec of specs) {
      const a = await answer(conn, spec);
      duck.push(Object.fromEntries([...a].map(([k, v]) => [k, { ...v }])));
    }
    conn.closeSync();
    const check = crossCheck(specs, project, duck);
    expect(check.errors).toEqual([]);
    expect(check.disagreements).toEqual([]);
    expect(check.agree).toBe(300);
  });
});
