/**
 * The benchmark's 1 000 varied commands: metrics, filters, breakdowns, periods and the cohort
 * view, deterministic for a seed. Each spec renders to the /kpi text the project parses and
 * is compiled to SQL for DuckDB (duckdb-engine.ts), so both answer the same questions.
 */
import { BENCH_CAMPAIGNS, BENCH_CHANNELS, BENCH_COUNTRIES, campaignName, rng } from './generate-bench.ts';

export type BenchMetric =
  | 'leads'
  | 'mql'
  | 'sql'
  | 'customers'
  | 'revenue'
  | 'spend'
  | 'cpl'
  | 'cac'
  | 'roi'
  | 'conv'
  | 'mql_to_sql';
export type BenchDim = 'channel' | 'source' | 'campaign' | 'country';
export type BenchBy = BenchDim | 'week' | 'month' | null;

export interface BenchSpec {
  text: string;
  metrics: BenchMetric[];
  filters: { dim: BenchDim; values: string[] }[];
  by: BenchBy;
  /** Inclusive calendar days. */
  from: string;
  to: string;
  view: 'flow' | 'cohort';
}

const LEAD_ONLY: readonly BenchMetric[] = [
  'leads',
  'mql',
  'sql',
  'customers',
  'revenue',
  'conv',
  'mql_to_sql',
];
const ALL: readonly BenchMetric[] = [...LEAD_ONLY, 'spend', 'cpl', 'cac', 'roi'];
const COHORT: readonly BenchMetric[] = ['leads', 'conv', 'mql_to_sql'];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** Monday of ISO week `week` of `year`, as epoch ms (UTC). */
function isoWeekStart(year: number, week: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - dow * DAY + (week - 1) * 7 * DAY;
}

function period(r: () => number): { text: string; from: string; to: string } {
  const kind = Math.floor(r() * 5);
  if (kind === 0) {
    const m = Math.floor(r() * 18);
    const y = 2025 + Math.floor(m / 12);
    const mo = (m % 12) + 1;
    return { text: `period=${y}-${pad(mo)}`, from: iso(Date.UTC(y, mo - 1, 1)), to: iso(Date.UTC(y, mo, 0)) };
  }
  if (kind === 1) {
    const q = Math.floor(r() * 6);
    const y = 2025 + Math.floor(q / 4);
    const qq = (q % 4) + 1;
    return {
      text: `period=${y}-Q${qq}`,
      from: iso(Date.UTC(y, (qq - 1) * 3, 1)),
      to: iso(Date.UTC(y, qq * 3, 0)),
    };
  }
  if (kind === 2) {
    const y = r() < 0.66 ? 2025 : 2026;
    const w = 1 + Math.floor(r() * (y === 2025 ? 52 : 26));
    const start = isoWeekStart(y, w);
    return { text: `period=${y}-W${pad(w)}`, from: iso(start), to: iso(start + 6 * DAY) };
  }
  if (kind === 3) {
    const start = Date.UTC(2025, 0, 1) + Math.floor(r() * 450) * DAY;
    const end = start + Math.floor(r() * 90) * DAY;
    return { text: `from=${iso(start)} to=${iso(end)}`, from: iso(start), to: iso(end) };
  }
  return { text: 'period=2025', from: '2025-01-01', to: '2025-12-31' };
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

export function benchSpecs(count = 1000, seed = 7): BenchSpec[] {
  const r = rng(seed);
  const specs: BenchSpec[] = [];
  for (let i = 0; i < count; i++) {
    const view: BenchSpec['view'] = r() < 0.15 ? 'cohort' : 'flow';
    const useCountry = r() < 0.25;
    const pool = view === 'cohort' ? COHORT : useCountry ? LEAD_ONLY : ALL;
    const metrics = [...new Set([pick(r, pool), ...(r() < 0.5 ? [pick(r, pool)] : [])])];
    const filters: BenchSpec['filters'] = [];
    const f = r();
    if (f < 0.25) filters.push({ dim: 'channel', values: [pick(r, BENCH_CHANNELS)] });
    else if (f < 0.45)
      filters.push({ dim: 'campaign', values: [campaignName(Math.floor(r() * BENCH_CAMPAIGNS))] });
    else if (f < 0.55) filters.push({ dim: 'source', values: ['google'] });
    if (useCountry && r() < 0.6) filters.push({ dim: 'country', values: [pick(r, BENCH_COUNTRIES)] });
    const byRoll = r();
    const by: BenchBy =
      byRoll < 0.35
        ? null
        : byRoll < 0.55
          ? 'channel'
          : byRoll < 0.7
            ? 'campaign'
            : byRoll < 0.8
              ? useCountry
                ? 'country'
                : 'source'
              : byRoll < 0.9
                ? 'week'
                : 'month';
    const p = period(r);
    const parts = [
      metrics.join(' '),
      ...filters.map((x) => `${x.dim}="${x.values.join('","')}"`),
      ...(by ? [`by=${by}`] : []),
      p.text,
      ...(view === 'cohort' ? ['view=cohort'] : []),
    ];
    specs.push({ text: parts.join(' '), metrics, filters, by, from: p.from, to: p.to, view });
  }
  return specs;
}
