/**
 * The "CSV → first answer" comparison against DuckDB over several pairs of child processes
 * (bench/run.ts): a single run of each varies by ±15 % on a shared 2-core machine, so one
 * unlucky run would decide the verdict. Pair 1 is bench/run.ts's full children (project first);
 * then `--first-pairs N` pairs of a `bench/project-engine.ts --first-only` child and a
 * `bench/duckdb-child.ts --queries 1` child on the same files, alternating which goes first
 * (project first in odd pairs, DuckDB first in even ones). The verdict compares medians.
 */
import type { ChildResult } from './mappings.ts';

/** One child's CSV → first answer. */
export interface FirstSample {
  /** Wall-clock ms from nothing loaded to the first command answered. */
  wallMs: number;
  /** CPU ms (user + system, all threads) up to then. */
  cpuMs: number;
  /** Peak RSS (MB): the project's up to its first answer; DuckDB's over its whole process. */
  peakRssMb: number;
}

export type Engine = 'project' | 'duckdb';

export interface FirstPair {
  /** 'full': bench/run.ts's full children; 'first-only': a `--first-only` / `--queries 1` pair. */
  kind: 'full' | 'first-only';
  /** Which child of the pair ran first. */
  first: Engine;
  project: FirstSample;
  duckdb: FirstSample;
}

/** The median (the mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Which child goes first in pair `k` (1-based; pair 1 is the full children, project first). */
export const firstOfPair = (k: number): Engine => (k % 2 === 1 ? 'project' : 'duckdb');

/**
 * Runs `count` first-answer pairs after the full children's pair (so they are pairs 2 .. count + 1),
 * one child at a time, alternating which goes first.
 */
export async function runFirstPairs(
  count: number,
  run: Record<Engine, () => Promise<FirstSample>>,
  onPair?: (pair: FirstPair, k: number) => void,
): Promise<FirstPair[]> {
  const pairs: FirstPair[] = [];
  for (let k = 2; k <= count + 1; k++) {
    const first = firstOfPair(k);
    const second: Engine = first === 'project' ? 'duckdb' : 'project';
    const a = await run[first]();
    const b = await run[second]();
    const pair: FirstPair = {
      kind: 'first-only',
      first,
      project: first === 'project' ? a : b,
      duckdb: first === 'duckdb' ? a : b,
    };
    pairs.push(pair);
    onPair?.(pair, k);
  }
  return pairs;
}

/** The project child's sample: a full ChildResult, or the `--first-only` line. */
export function projectSample(r: {
  firstAnswerMs: number;
  firstAnswerCpuMs: number;
  firstAnswerPeakRssMb?: number;
  extra?: Record<string, unknown>;
}): FirstSample {
  const rss = r.firstAnswerPeakRssMb ?? (r.extra?.firstAnswerPeakRssMb as number | undefined);
  return { wallMs: r.firstAnswerMs, cpuMs: r.firstAnswerCpuMs, peakRssMb: rss ?? Number.NaN };
}

export const duckSample = (r: ChildResult): FirstSample => ({
  wallMs: r.firstAnswerMs,
  cpuMs: r.firstAnswerCpuMs,
  peakRssMb: r.peakRssMb,
});

export interface FirstVerdict {
  pairs: number;
  /** Medians of wall and CPU time, max of peak RSS, over every pair. */
  project: FirstSample;
  duckdb: FirstSample;
  /** DuckDB's largest peak RSS among the `--queries 1` children alone (NaN without any). */
  duckdbFirstOnlyPeakRssMb: number;
  wallRatio: number;
  cpuRatio: number;
  /** Median project ≤ factor × median DuckDB (wall; CPU); max project RSS ≤ max DuckDB RSS. */
  wallOk: boolean;
  cpuOk: boolean;
  rssOk: boolean;
  /** Pairs whose own project wall time is within factor × their DuckDB's. */
  pairsWithin: number;
}

/** The verdict over all pairs: medians of the times (target: project ≤ factor × DuckDB), max of the peak RSS. */
export function firstAnswerVerdict(pairs: readonly FirstPair[], factor = 2): FirstVerdict {
  const agg = (e: Engine): FirstSample => ({
    wallMs: median(pairs.map((p) => p[e].wallMs)),
    cpuMs: median(pairs.map((p) => p[e].cpuMs)),
    peakRssMb: pairs.length === 0 ? Number.NaN : Math.max(...pairs.map((p) => p[e].peakRssMb)),
  });
  const project = agg('project');
  const duckdb = agg('duckdb');
  const firstOnly = pairs.filter((p) => p.kind === 'first-only').map((p) => p.duckdb.peakRssMb);
  return {
    pairs: pairs.length,
    project,
    duckdb,
    duckdbFirstOnlyPeakRssMb: firstOnly.length === 0 ? Number.NaN : Math.max(...firstOnly),
    wallRatio: project.wallMs / duckdb.wallMs,
    cpuRatio: project.cpuMs / duckdb.cpuMs,
    wallOk: project.wallMs <= factor * duckdb.wallMs,
    cpuOk: project.cpuMs <= factor * duckdb.cpuMs,
    rssOk: project.peakRssMb <= duckdb.peakRssMb,
    pairsWithin: pairs.filter((p) => p.project.wallMs <= factor * p.duckdb.wallMs).length,
  };
}

/** Every pair as a Markdown table (for RESULTS.md), with the medians and maxima underneath. */
export function pairsTable(
  pairs: readonly FirstPair[],
  ms: (x: number) => string,
  mb: (x: number) => string,
): string[] {
  const v = firstAnswerVerdict(pairs);
  const out = [
    '| pair | children | ran first | project wall | DuckDB wall | ratio | project CPU | DuckDB CPU | CPU ratio | project peak RSS | DuckDB peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [i, p] of pairs.entries()) {
    out.push(
      `| ${i + 1} | ${p.kind === 'full' ? 'full (warm latency, cross-check)' : '`--first-only` / `--queries 1`'} | ${p.first === 'project' ? 'project' : 'DuckDB'} | ${ms(p.project.wallMs)} | ${ms(p.duckdb.wallMs)} | ${(p.project.wallMs / p.duckdb.wallMs).toFixed(2)}× | ${ms(p.project.cpuMs)} | ${ms(p.duckdb.cpuMs)} | ${(p.project.cpuMs / p.duckdb.cpuMs).toFixed(2)}× | ${mb(p.project.peakRssMb)} | ${mb(p.duckdb.peakRssMb)} |`,
    );
  }
  out.push(
    `| median / max | | | ${ms(v.project.wallMs)} | ${ms(v.duckdb.wallMs)} | ${v.wallRatio.toFixed(2)}× | ${ms(v.project.cpuMs)} | ${ms(v.duckdb.cpuMs)} | ${v.cpuRatio.toFixed(2)}× | max ${mb(v.project.peakRssMb)} | max ${mb(v.duckdb.peakRssMb)} |`,
  );
  return out;
}
