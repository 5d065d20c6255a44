/**
 * Writes the benchmark's data: N leads and M daily spend rows as plain UTF-8 CSV in a
 * generic layout (mapped by bench/bench.kpi.yaml), streamed so memory stays flat.
 * Deterministic for a seed. Times are UTC wall clock; the benchmark workspace is UTC.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export const BENCH_CHANNELS = ['paid_search', 'paid_social', 'email', 'organic_search', 'referral'] as const;
const SOURCES: Record<(typeof BENCH_CHANNELS)[number], string> = {
  paid_search: 'google',
  paid_social: 'facebook',
  email: 'newsletter',
  organic_search: 'google',
  referral: 'partner',
};
export const BENCH_COUNTRIES = ['FR', 'DE', 'ES', 'IT', 'GB', 'US', 'BE', 'CH'] as const;
export const BENCH_CAMPAIGNS = 60;
/** The data spans 2025-01-01 .. 2026-06-30 (546 days). */
export const BENCH_START_MS = Date.UTC(2025, 0, 1);
export const BENCH_DAYS = 546;
const DAY = 86_400_000;

/** mulberry32: small, fast, good enough for synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
const day = (ms: number) => stamp(ms).slice(0, 10);

export function campaignName(i: number): string {
  return `Campaign ${String(i).padStart(2, '0')}`;
}
export function campaignChannel(i: number): (typeof BENCH_CHANNELS)[number] {
  return BENCH_CHANNELS[i % BENCH_CHANNELS.length]!;
}

async function writeLines(path: string, header: string, count: number, line: (i: number) => string) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let buf = '';
  for (let i = 0; i < count; i++) {
    buf += `${line(i)}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
}

export const LEADS_HEADER =
  'Lead ID,Created At,Channel,Source,Campaign,Country,Owner,Email,MQL Date,SQL Date,Customer Date,Lost Date,Amount';

export async function writeBenchLeads(path: string, count: number, seed = 1): Promise<void> {
  const r = rng(seed);
  const later = (from: number, maxDays: number) => from + Math.floor(r() * maxDays * DAY);
  await writeLines(path, LEADS_HEADER, count, (i) => {
    const c = Math.floor(r() * BENCH_CAMPAIGNS);
    const ch = campaignChannel(c);
    const created = BENCH_START_MS + Math.floor(r() * BENCH_DAYS * DAY);
    const mql = r() < 0.45 ? later(created, 10) : null;
    const sql = mql !== null && r() < 0.4 ? later(mql, 15) : null;
    const won = sql !== null && r() < 0.3 ? later(sql, 30) : null;
    const lost = sql !== null && won === null && r() < 0.5 ? later(sql, 30) : null;
    const amount = won !== null ? (200 + Math.floor(r() * 4800)).toFixed(2) : '';
    const country = BENCH_COUNTRIES[Math.floor(r() * BENCH_COUNTRIES.length)]!;
    const owner = `owner${Math.floor(r() * 25)}`;
    return [
      `L${i}`,
      stamp(created),
      ch,
      SOURCES[ch],
      campaignName(c),
      country,
      owner,
      `lead${i}@example${i % 97}.com`,
      mql === null ? '' : stamp(mql),
      sql === null ? '' : stamp(sql),
      won === null ? '' : stamp(won),
      lost === null ? '' : stamp(lost),
      amount,
    ].join(',');
  });
}

export const SPEND_HEADER = 'Date,Channel,Source,Campaign,Ad,Spend,Impressions,Clicks';

/** One row per campaign, day and ad (ads 0, 1, 2, … as needed to reach `count`). */
export async function writeBenchSpend(path: string, count: number, seed = 2): Promise<void> {
  const r = rng(seed);
  await writeLines(path, SPEND_HEADER, count, (i) => {
    const c = i % BENCH_CAMPAIGNS;
    const d = Math.floor(i / BENCH_CAMPAIGNS) % BENCH_DAYS;
    const ad = Math.floor(i / (BENCH_CAMPAIGNS * BENCH_DAYS));
    const ch = campaignChannel(c);
    const impressions = 1000 + Math.floor(r() * 20_000);
    const clicks = Math.floor(impressions * (0.005 + r() * 0.03));
    return [
      day(BENCH_START_MS + d * DAY),
      ch,
      SOURCES[ch],
      campaignName(c),
      `Ad ${ad}`,
      (20 + r() * 480).toFixed(2),
      impressions,
      clicks,
    ].join(',');
  });
}
