/**
 * The column mappings of the benchmark's CSV files (bench/generate-bench.ts), as a user would
 * write them in the YAML config (`sources[].mapping`), checked with the config's own schema.
 */
import { type ColumnMapping, ColumnMappingSchema } from '../src/ingest/map.ts';

export const BENCH_LEAD_MAPPING: ColumnMapping = ColumnMappingSchema.parse({
  kind: 'lead',
  id: 'bench-leads',
  label: 'Benchmark leads (generic mapping)',
  dateOrder: 'ymd',
  columns: {
    recordId: 'Lead ID',
    createdAt: 'Created At',
    channel: 'Channel',
    source: 'Source',
    campaign: 'Campaign',
    country: 'Country',
    owner: 'Owner',
    email: 'Email',
    mqlAt: 'MQL Date',
    sqlAt: 'SQL Date',
    customerAt: 'Customer Date',
    lostAt: 'Lost Date',
    amount: 'Amount',
  },
});

export const BENCH_SPEND_MAPPING: ColumnMapping = ColumnMappingSchema.parse({
  kind: 'cost',
  id: 'bench-spend',
  label: 'Benchmark spend (generic mapping)',
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
  },
});

/** The benchmark's workspace. */
export const BENCH_TIME_ZONE = 'UTC';
export const BENCH_CURRENCY = 'EUR';
/** "Now" for the engine and the digest: inside the data (which spans 2025-01-01 .. 2026-06-30). */
export const BENCH_NOW = new Date(Date.UTC(2026, 5, 10, 12));

/** One command's answer: group key ("total", a dimension value, a bucket key, "(none)") → metric → value. */
export type BenchAnswer = Record<string, Record<string, number | null>>;

/** What a child process reports (one JSON object on its last stdout line). */
export interface ChildResult {
  engine: 'project' | 'duckdb';
  /** Wall-clock ms from nothing loaded to the first command answered. */
  firstAnswerMs: number;
  /** The parts of it. */
  phases: Record<string, number>;
  /** CPU ms (user + system) spent up to the first answer (the machine is shared). */
  firstAnswerCpuMs: number;
  warm: { n: number; p50: number; p99: number; max: number; mean: number; failed: number };
  /** Per-command warm latency in ms, in spec order (for the per-query comparison). */
  latencies: number[];
  /** The same, in CPU ms (user + system, all threads) per command: less sensitive to a shared machine. */
  cpu?: { p50: number; p99: number; max: number; mean: number };
  cpuLatencies?: number[];
  digest?: { runs: number[]; median: number };
  peakRssMb: number;
  answersPath: string;
  version?: string;
  extra?: Record<string, unknown>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function summarise(latencies: readonly number[], failed: number): ChildResult['warm'] {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean,
    failed,
  };
}
