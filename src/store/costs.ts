import type { Cost } from '../model/cost.ts';
import type { Db } from './db.ts';
import { type Column, memoCampaignKey, pages, type TableSpec, upsertRows } from './table.ts';

type Field = keyof Cost;

const TEXTS = [
  ['origin', 'origin'],
  ['record_id', 'recordId'],
  ['date', 'date'],
  ['channel', 'channel'],
  ['source', 'source'],
  ['campaign', 'campaign'],
  ['ad', 'ad'],
  ['audience', 'audience'],
  ['keyword', 'keyword'],
  ['country', 'country'],
  ['currency', 'currency'],
  ['kind', 'kind'],
] as const satisfies readonly (readonly [string, Field])[];

const NUMBERS = [
  ['amount', 'amount'],
  ['impressions', 'impressions'],
  ['clicks', 'clicks'],
] as const satisfies readonly (readonly [string, Field])[];

const COSTS: TableSpec<Cost> = {
  table: 'costs',
  key: ['origin', 'record_id'],
  columns: [
    ...TEXTS.map(([name, f]): Column<Cost> => ({ name, pgType: 'text', get: (r) => r[f] })),
    ...NUMBERS.map(([name, f]): Column<Cost> => ({ name, pgType: 'float8', get: (r) => r[f] })),
    { name: 'campaign_key', pgType: 'text', get: (r) => memoCampaignKey(r.campaign) },
  ],
};

type CostRow = Record<string, string | number | null>;

const SELECT = [...TEXTS, ...NUMBERS].map(([n]) => n).join(', ');

function toCost(row: CostRow): Cost {
  const cost: Record<string, unknown> = {};
  for (const [n, f] of TEXTS) cost[f] = row[n] ?? null;
  for (const [n, f] of NUMBERS) cost[f] = row[n] == null ? null : Number(row[n]);
  return cost as Cost;
}

/**
 * Inserts or updates cost rows by (origin, recordId) in one transaction: re-importing the same
 * or an overlapping export updates rows, never duplicates them. Returns the rows written.
 */
export function upsertCosts(db: Db, rows: readonly Cost[]): Promise<number> {
  return upsertRows(db, COSTS, rows);
}

/** All stored cost rows, one page (default 10 000) at a time, in key order. */
export async function* iterateCosts(db: Db, pageSize = 10_000): AsyncGenerator<Cost[]> {
  for await (const page of pages<CostRow>(db, 'costs', ['origin', 'record_id'], SELECT, pageSize)) {
    yield page.map(toCost);
  }
}

/** Calls onBatch with each page of stored cost rows; returns how many were read. */
export async function streamCosts(
  db: Db,
  onBatch: (rows: Cost[]) => void | Promise<void>,
  batchSize = 10_000,
): Promise<number> {
  let count = 0;
  for await (const batch of iterateCosts(db, batchSize)) {
    count += batch.length;
    await onBatch(batch);
  }
  return count;
}

export async function countCosts(db: Db, origin?: string): Promise<number> {
  const rows = origin
    ? await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM costs WHERE origin = $1', [origin])
    : await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM costs');
  return Number(rows[0]?.n ?? 0);
}

/** Distinct campaign join keys (campaignKey) present on one side. */
export async function campaignKeys(db: Db, table: 'leads' | 'costs'): Promise<Set<string>> {
  const rows = await db.query<{ k: string }>(
    `SELECT DISTINCT campaign_key AS k FROM ${table} WHERE campaign_key IS NOT NULL`,
  );
  return new Set(rows.map((r) => r.k));
}
