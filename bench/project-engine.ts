/**
 * The benchmark's child process for the project (run by bench/run.ts, one process so its
 * peak RSS is its own): CSV → column builders → snapshot → first answer (as `kpi --data`), then
 * the same files into the embedded store (timed apart: "stored"), then warm latency over the
 * benchmark commands (parse + runQuery), the digest, `why`, and each command's answer as JSON.
 *
 *   node bench/project-engine.ts --leads F --spend F --out answers.json --dir STOREDIR [--queries 1000]
 *
 * Prints one JSON line (ChildResult) on stdout at the end.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseCommand } from '../src/command/grammar.ts';
import { vocabularyFrom } from '../src/command/vocabulary.ts';
import { ColumnSink } from '../src/data/column-sink.ts';
import type { SplitStats } from '../src/data/lead-parts.ts';
import { createStoreSink } from '../src/data/store-sink.ts';
import { computeDigest } from '../src/digest/compute.ts';
import { DEFAULT_DIGEST_SETTINGS } from '../src/digest/types.ts';
import { ingestFile } from '../src/ingest/file.ts';
import { genericPreset } from '../src/ingest/map.ts';
import type { IngestReport } from '../src/ingest/report.ts';
import { DEFAULT_TARGETS, type EngineContext, runQuery } from '../src/kpi/engine.ts';
import type { QueryResult } from '../src/kpi/result.ts';
import { type Snapshot, vocabulary } from '../src/kpi/snapshot.ts';
import { explainChange } from '../src/kpi/why.ts';
import type { Currency } from '../src/model/money.ts';
import { openStore } from '../src/store/open.ts';
import {
  BENCH_CURRENCY,
  BENCH_LEAD_MAPPING,
  BENCH_NOW,
  BENCH_SPEND_MAPPING,
  BENCH_TIME_ZONE,
  type BenchAnswer,
  type ChildResult,
  summarise,
} from './mappings.ts';
import { type BenchSpec, benchSpecs } from './queries.ts';

const { values: args } = parseArgs({
  options: {
    leads: { type: 'string' },
    spend: { type: 'string' },
    out: { type: 'string' },
    dir: { type: 'string' },
    queries: { type: 'string', default: '1000' },
    'digest-runs': { type: 'string', default: '5' },
    'warm-passes': { type: 'string', default: '1' },
    /** Threads a large lead file is mapped on (default as kpi --data: src/data/lead-parts.ts; 1: this thread only). */
    threads: { type: 'string' },
    lane: { type: 'string', default: 'on' },
    /** Stop after the first answer (to profile the CSV → first answer path alone). */
    'first-only': { type: 'boolean', default: false },
  },
});
if (!args.leads || !args.spend || !args.out || !args.dir) {
  console.error('usage: project-engine.ts --leads F --spend F --out answers.json --dir STOREDIR');
  process.exit(2);
}

const specs = benchSpecs(Number(args.queries));
// As /kpi and the CLI run it: only the metrics asked for are computed.
const ctx: EngineContext = { now: BENCH_NOW, targets: DEFAULT_TARGETS, onlyRequested: true };
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The spec's answer from the engine's result: group key → requested metric → value. */
function answerOf(spec: BenchSpec, result: QueryResult): BenchAnswer {
  const pick = (values: QueryResult['total']['values']) =>
    Object.fromEntries(spec.metrics.map((m) => [m, values[m].value]));
  if (spec.by === null) return { total: pick(result.total.values) };
  const out: BenchAnswer = {};
  for (const row of result.rows) out[row.key ?? '(none)'] = pick(row.values);
  return out;
}

function checkReport(report: IngestReport): void {
  if (report.error) {
    console.error(
      `ingest failed for ${report.name}: ${report.error.code} ${JSON.stringify(report.error.params)}`,
    );
    process.exit(1);
  }
}

// ---- CSV to first answer ----
rmSync(args.dir, { recursive: true, force: true });
mkdirSync(args.dir, { recursive: true });
const phases: Record<string, number> = {};
const t0 = performance.now();
let mark = t0;
// Peak RSS per phase, sampled every 20 ms (the phases are async: the timer runs between batches).
const phaseRssMb: Record<string, number> = {};
let phaseRss = 0;
const sampler = setInterval(() => {
  phaseRss = Math.max(phaseRss, process.memoryUsage.rss());
}, 20);
// The phases up to the first answer; then those of storing the files (reported apart).
let lapInto = phases;
const storePhases: Record<string, number> = {};
const lap = (name: string) => {
  const now = performance.now();
  lapInto[name] = now - mark;
  mark = now;
  phaseRssMb[name] = Math.round(Math.max(phaseRss, process.memoryUsage.rss()) / 2 ** 20);
  phaseRss = 0;
};
const common = { timeZone: BENCH_TIME_ZONE, currency: BENCH_CURRENCY };
const files = [
  [args.leads, BENCH_LEAD_MAPPING, 'ingestLeads'],
  [args.spend, BENCH_SPEND_MAPPING, 'ingestSpend'],
] as const;
// As `kpi --data` does: the compiled row mapper writes each file straight into the snapshot's
// column builders (src/data/column-sink.ts), no store on the way to the first answer.
// A large lead file may be mapped in byte ranges on worker threads (src/data/lead-parts.ts), as
// in `kpi --data`: how it was split and each thread's CPU are reported (leadParts).
let leadParts: SplitStats | null = null;
const sink = new ColumnSink({
  timeZone: BENCH_TIME_ZONE,
  currency: BENCH_CURRENCY as Currency,
  parts: {
    ...(args.threads ? { threads: Number(args.threads) } : {}),
    onSplit: (split) => (leadParts = split),
  },
});
const reports: IngestReport[] = [];
for (const [path, mapping, phase] of files) {
  const preset = genericPreset(mapping);
  sink.startFile(path);
  // `--lane off`: every record the usual way, none in the lead or cost lane (IngestOptions.byteLane), to compare.
  const report = await ingestFile(
    path,
    { ...common, preset, origin: preset.id, byteLane: args.lane !== 'off' },
    sink,
  );
  checkReport(report);
  sink.recordImport(report, preset.id, Date.now());
  reports.push(report);
  lap(phase);
}
const snapshot = sink.build();
lap('buildSnapshot');
const vocab = vocabularyFrom(vocabulary(snapshot));
const parseCtx = { vocabulary: vocab, locale: 'en' as const, now: BENCH_NOW, timeZone: BENCH_TIME_ZONE };
const first = specs[0];
if (!first) throw new Error('no specs');
const firstCmd = parseCommand(first.text, parseCtx);
if (!firstCmd.ok || firstCmd.value.kind !== 'query')
  throw new Error(`first command did not parse: ${first.text}`);
const firstResult = runQuery(snapshot, firstCmd.value.query, ctx);
if (!firstResult.ok) throw firstResult.error;
lap('firstQuery');
const firstAnswerMs = performance.now() - t0;
const firstAnswerCpuMs = cpuMs();
const firstAnswerPeakRssMb = process.resourceUsage().maxRSS / 1024;
if (args['first-only']) {
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      engine: 'project',
      firstAnswerMs,
      firstAnswerCpuMs,
      phases,
      phaseRssMb,
      firstAnswerPeakRssMb,
      leadParts,
    }),
  );
  process.exit(0);
}

// ---- the same files into the embedded store (the bot's path; bench/cold-start.ts reopens it) ----
// Reported apart from the first answer: the store keeps what the snapshot's columns do not
// (record ids, contacts, instants), so it is filled by the store ingest (bulk upserts).
const storeStarted = performance.now();
const storeCpuStarted = cpuMs();
mark = storeStarted;
lapInto = storePhases;
const db = await openStore({ DATA_DIR: args.dir });
lap('openStore');
for (const [path, mapping] of files) {
  const storeSink = createStoreSink(db);
  const startedAt = Date.now();
  const preset = genericPreset(mapping);
  const report = await ingestFile(
    path,
    { ...common, preset, origin: preset.id, batchSize: 10_000 },
    storeSink,
  );
  checkReport(report);
  await storeSink.finish({
    origin: preset.id,
    name: path,
    startedAt,
    finishedAt: Date.now(),
    rowsRead: report.rowsRead,
    rowsSkipped: report.skipped,
    report: null,
  });
  lap(path === args.leads ? 'storeLeads' : 'storeSpend');
}
const storedMs = performance.now() - storeStarted;
const storedCpuMs = cpuMs() - storeCpuStarted;
clearInterval(sampler);

// ---- warm latency ----
type Outcome = { ok: true; result: QueryResult } | { ok: false; error: string };
const runOne = (spec: BenchSpec): Outcome => {
  const cmd = parseCommand(spec.text, parseCtx);
  if (!cmd.ok) return { ok: false, error: `${cmd.error.code}: ${cmd.error.token}` };
  if (cmd.value.kind !== 'query') return { ok: false, error: `not a query: ${cmd.value.kind}` };
  const r = runQuery(snapshot, cmd.value.query, ctx);
  return r.ok ? { ok: true, result: r.value } : { ok: false, error: r.error.code };
};
// One untimed pass first (JIT warm-up, as a long-running bot would be), then the timed pass(es).
for (const spec of specs) runOne(spec);
const latencies = new Array<number>(specs.length).fill(Number.POSITIVE_INFINITY);
const cpuLatencies = new Array<number>(specs.length).fill(Number.POSITIVE_INFINITY);
const answers: (BenchAnswer | { error: string })[] = [];
const passes = Number(args['warm-passes']);
for (let pass = 0; pass < passes; pass++) {
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const c = process.cpuUsage();
    const s = performance.now();
    const outcome = runOne(spec);
    const dt = performance.now() - s;
    const cu = process.cpuUsage(c);
    latencies[i] = Math.min(latencies[i]!, dt);
    cpuLatencies[i] = Math.min(cpuLatencies[i]!, (cu.user + cu.system) / 1000);
    if (pass === 0) answers.push(outcome.ok ? answerOf(spec, outcome.result) : { error: outcome.error });
  }
}
// The same commands computing every metric of the catalogue (onlyRequested off), for comparison.
const narrowCtx: EngineContext = { ...ctx, onlyRequested: false };
const narrow: number[] = [];
for (const spec of specs) {
  const cmd = parseCommand(spec.text, parseCtx);
  const s = performance.now();
  if (cmd.ok && cmd.value.kind === 'query') runQuery(snapshot, cmd.value.query, narrowCtx);
  narrow.push(performance.now() - s);
}
// Parse alone, to split the latency between the grammar and the engine.
const parseOnly: number[] = [];
for (const spec of specs) {
  const s = performance.now();
  parseCommand(spec.text, parseCtx);
  parseOnly.push(performance.now() - s);
}
const failed = answers.filter((a) => 'error' in a && typeof a.error === 'string').length;

// ---- digest ----
const digestRuns: number[] = [];
const digestCpu: number[] = [];
for (let i = 0; i < Number(args['digest-runs']); i++) {
  const c = process.cpuUsage();
  const s = performance.now();
  benchDigest(snapshot);
  digestRuns.push(performance.now() - s);
  const cu = process.cpuUsage(c);
  digestCpu.push((cu.user + cu.system) / 1000);
}
const sortedDigest = [...digestRuns].sort((a, b) => a - b);

// ---- why ----
// `why` as Slack and the CLI run it (parse + explainChange), warm: one untimed pass, then
// WHY_RUNS timed runs of each command. Each tries up to four dimensions, two scans each.
const WHY_COMMANDS = [
  'why cpl period=last-week',
  'why mql_to_sql period=last-week',
  'why cac period=last-30d',
  'why leads period=last-90d',
  'why roi period=last-quarter',
];
const WHY_RUNS = 15;
const whyOnce = (text: string): number => {
  const s = performance.now();
  const cmd = parseCommand(text, parseCtx);
  if (!cmd.ok || cmd.value.kind !== 'why') throw new Error(`why command did not parse: ${text}`);
  const r = explainChange(snapshot, cmd.value.request, { now: BENCH_NOW, targets: DEFAULT_TARGETS });
  if (!r.ok) throw r.error;
  return performance.now() - s;
};
for (const text of WHY_COMMANDS) whyOnce(text);
const why = WHY_COMMANDS.map((text) => {
  const runs = Array.from({ length: WHY_RUNS }, () => whyOnce(text)).sort((a, b) => a - b);
  return {
    text,
    median: runs[Math.floor(runs.length / 2)] ?? Number.NaN,
    max: runs[runs.length - 1] ?? Number.NaN,
  };
});

writeFileSync(args.out, JSON.stringify(answers));
await db.close();

const result: ChildResult = {
  engine: 'project',
  firstAnswerMs,
  phases,
  firstAnswerCpuMs,
  warm: summarise(latencies, failed),
  latencies,
  cpu: summarise(cpuLatencies, 0),
  cpuLatencies,
  digest: { runs: digestRuns, median: sortedDigest[Math.floor(sortedDigest.length / 2)] ?? Number.NaN },
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  answersPath: args.out,
  version: process.version,
  extra: {
    leadsIngested: reports[0]?.accepted,
    spendIngested: reports[1]?.accepted,
    leadsSkipped: reports[0]?.skipped,
    spendSkipped: reports[1]?.skipped,
    skippedExamples: reports.flatMap((r) => r.skippedExamples.slice(0, 3)),
    snapshotLeads: snapshot.leads.count,
    snapshotCosts: snapshot.costs.count,
    firstCommand: first.text,
    runQueryAllMetrics: summarise(narrow, 0),
    parseOnly: summarise(parseOnly, 0),
    digestCpuMs: digestCpu,
    why,
    phaseRssMb,
    firstAnswerPeakRssMb,
    leadParts,
    storedMs,
    storedCpuMs,
    storePhases,
    snapshotHeapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    arrayBuffersMb: Math.round(process.memoryUsage().arrayBuffers / 2 ** 20),
  },
};
console.log(JSON.stringify(result));

/** The benchmark's digest: the last full week before BENCH_NOW, with a CLV target, every source fresh. */
function benchDigest(snapshot: Snapshot): void {
  computeDigest(snapshot, {
    now: BENCH_NOW,
    settings: { ...DEFAULT_DIGEST_SETTINGS, targets: { clv: 1800, ltvCacRatio: 3 } },
    sources: [],
  });
}
