import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNELS } from '../src/model/channel.ts';
import type { Lead } from '../src/model/lead.ts';
import { countLeads, upsertLeads } from '../src/store/leads.ts';
import { openStore } from '../src/store/open.ts';
import { getDataVersion } from '../src/store/version.ts';

export interface StoreBenchOptions {
  /** Leads to store (default 1 000 000). */
  rows?: number;
  /** Directory for the database file; emptied first. */
  dir: string;
  /** Leads per batch (default 10 000). */
  batchSize?: number;
}

export interface StoreBenchResult {
  rows: number;
  /** Time to store every lead, batch by batch, in ms (target < 10 000). */
  insertMs: number;
  /** CPU time (user + system) of the insert, in ms: the figure to trust on a busy machine. */
  insertCpuMs: number;
  /** Time to open the existing database, run the (no-op) migrations and read the data version, in ms (target < 1 000). */
  openMs: number;
  /** Leads counted after reopening. */
  stored: number;
  /** Peak resident set size seen during the insert, in MB. */
  peakRssMb: number;
}

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** A deterministic synthetic lead; generated per batch so all rows are never in memory. */
function syntheticLead(i: number): Lead {
  const created = START + (i % 540) * DAY + (i % 86_400) * 1000;
  const stage = i % 10;
  return {
    origin: 'bench',
    recordId: `lead-${i}`,
    createdAt: created,
    channel: CHANNELS[i % CHANNELS.length]!,
    source: ['google', 'facebook', 'linkedin', 'bing'][i % 4]!,
    campaign: `Campaign ${i % 40}`,
    ad: null,
    audience: null,
    form: i % 3 === 0 ? 'demo-request' : null,
    keyword: null,
    owner: `owner-${i % 12}`,
    segment: i % 2 === 0 ? 'smb' : 'enterprise',
    product: null,
    country: i % 5 === 0 ? 'BE' : 'FR',
    email: `user${i}@example.com`,
    phone: null,
    valid: i % 17 !== 0,
    mqlAt: stage >= 3 ? created + DAY : null,
    sqlAt: stage >= 6 ? created + 5 * DAY : null,
    opportunityAt: stage >= 8 ? created + 9 * DAY : null,
    customerAt: stage === 9 ? created + 30 * DAY : null,
    lostAt: stage === 8 ? created + 40 * DAY : null,
    activatedAt: null,
    amount: stage === 9 ? 1000 + (i % 5000) : null,
    pipelineAmount: stage === 8 ? 5000 : null,
    currency: 'EUR',
    customerId: stage === 9 ? `cust-${i}` : null,
  };
}

/**
 * Measures the embedded store: storing `rows` generated leads in batches (memory bounded:
 * one batch at a time) and reopening the existing database.
 */
export async function benchStore(options: StoreBenchOptions): Promise<StoreBenchResult> {
  const rows = options.rows ?? 1_000_000;
  const batchSize = options.batchSize ?? 10_000;
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  const env = { DATA_DIR: options.dir };

  let peakRss = process.memoryUsage.rss();
  const db = await openStore(env);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let start = 0; start < rows; start += batchSize) {
    const batch: Lead[] = [];
    for (let i = start; i < Math.min(rows, start + batchSize); i++) batch.push(syntheticLead(i));
    await upsertLeads(db, batch);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const insertMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await db.close();

  const t1 = performance.now();
  const reopened = await openStore(env);
  await getDataVersion(reopened);
  const openMs = performance.now() - t1;
  const stored = await countLeads(reopened);
  await reopened.close();

  return {
    rows,
    insertMs: Math.round(insertMs),
    insertCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    openMs: Math.round(openMs * 10) / 10,
    stored,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
}

if (import.meta.main) {
  const dir = process.argv[2] ?? join('tmp', 'bench-store');
  const rows = Number(process.argv[3] ?? 1_000_000);
  console.log(JSON.stringify(await benchStore({ rows, dir }), null, 2));
}
