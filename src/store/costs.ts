import type { Cost, CostGrainDay } from '../model/cost.ts';
import type { Db } from './db.ts';
import { bindable } from './sql.ts';
import {
  arrayPages,
  type Column,
  countRows,
  forEachPage,
  memoCampaignKey,
  recordIdIn,
  recordIdParam,
  type TableSpec,
  upsertRows,
} from './table.ts';

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
  ['age', 'age'],
  ['gender', 'gender'],
  ['device', 'device'],
  ['placement', 'placement'],
  ['hour', 'hour'],
  ['end_date', 'endDate'],
  ['grain', 'grain'],
  ['currency', 'currency'],
  ['kind', 'kind'],
] as const satisfies readonly (readonly [string, Field])[];

const NUMBERS = [
  ['amount', 'amount'],
  ['impressions', 'impressions'],
  ['clicks', 'clicks'],
  ['platform_leads', 'platformLeads'],
  ['conversions', 'conversions'],
] as const satisfies readonly (readonly [string, Field])[];

const COSTS: TableSpec<Cost> = {
  table: 'costs',
  key: ['origin', 'record_id'],
  columns: [
    // Breakdown fields may be absent from a row built in code (model/cost.ts): stored as NULL.
    ...TEXTS.map(([name, f]): Column<Cost> => ({ name, pgType: 'text', get: (r) => r[f] ?? null })),
    ...NUMBERS.map(([name, f]): Column<Cost> => ({ name, pgType: 'float8', get: (r) => r[f] ?? null })),
    { name: 'campaign_key', pgType: 'text', get: (r) => memoCampaignKey(r.campaign) },
  ],
};

/** The columns read back, in SELECT order. */
const READ = [...TEXTS, ...NUMBERS];
const SELECT = READ.map(([n]) => n).join(', ');
/** Each Cost field's position in a row of SELECT. */
const COST_ROW: Readonly<Record<Field, number>> = Object.fromEntries(
  READ.map(([, f], i) => [f, i]),
) as Record<Field, number>;
const TEXT_AT = TEXTS.map(([, f]) => [f, COST_ROW[f]] as const);
const NUMBER_AT = NUMBERS.map(([, f]) => [f, COST_ROW[f]] as const);

function toCost(row: readonly unknown[]): Cost {
  const cost: Record<string, unknown> = {};
  for (const [f, i] of TEXT_AT) cost[f] = row[i] ?? null;
  for (const [f, i] of NUMBER_AT) cost[f] = row[i] == null ? null : Number(row[i]);
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
  for await (const page of costRows(db, pageSize)) yield page.map(toCost);
}

/** Calls onBatch with each page of stored cost rows; returns how many were read. */
export async function streamCosts(
  db: Db,
  onBatch: (rows: Cost[]) => void | Promise<void>,
  batchSize = 10_000,
): Promise<number> {
  return forEachPage(iterateCosts(db, batchSize), onBatch);
}

/**
 * Like streamCosts without building Cost objects: rows as arrays of the `fields` asked for, a
 * field's value at `at[field]`, in key order (SnapshotBuilder.addCostRows reads them).
 */
export async function streamCostRows<F extends Field>(
  db: Db,
  fields: readonly F[],
  onBatch: (rows: unknown[][], at: Readonly<Record<F, number>>) => void | Promise<void>,
  batchSize = 10_000,
): Promise<number> {
  const select = fields.map((f) => READ[COST_ROW[f]]![0]).join(', ');
  const at = Object.fromEntries(fields.map((f, i) => [f, i])) as Record<F, number>;
  const batches = arrayPages(db, 'costs', ['origin', 'record_id'], select, batchSize);
  return forEachPage(batches, (batch) => onBatch(batch, at));
}

function costRows(db: Db, pageSize: number): AsyncGenerator<unknown[][]> {
  return arrayPages(db, 'costs', ['origin', 'record_id'], SELECT, pageSize);
}

export function countCosts(db: Db, origin?: string): Promise<number> {
  return countRows(db, 'costs', origin);
}

/** Distinct campaign join keys (campaignKey) present on one side. */
export async function campaignKeys(db: Db, table: 'leads' | 'costs'): Promise<Set<string>> {
  const rows = await db.query<{ k: string }>(
    `SELECT DISTINCT campaign_key AS k FROM ${table} WHERE campaign_key IS NOT NULL`,
  );
  return new Set(rows.map((r) => r.k));
}

/** The stored costs of `origin` among `recordIds` (any order): an import's rows before it writes. */
export async function readCostsByKeys(db: Db, origin: string, recordIds: readonly string[]): Promise<Cost[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${SELECT} FROM costs WHERE origin = $1 AND ${recordIdIn(db, '$2')}`,
    [origin, recordIdParam(db, recordIds)],
  );
  return rows.map((r) => toCost(READ.map(([n]) => r[n])));
}

/** True when two costs would store the same values. */
export function sameCost(a: Cost, b: Cost): boolean {
  return COSTS.columns.every((c) => bindable(c.get(a)) === bindable(c.get(b)));
}

/** Stored spend of one platform, campaign and day at one grain (model/cost.ts `grain`). */
export type StoredGrainDay = CostGrainDay;

/**
 * The platform / campaign / days (or spans) stored at a grain other than `grain` that meet `range` (ISO days);
 * without a range, at most one (whether there is any). Rows without a grain are not compared.
 */
export async function otherGrainDays(
  db: Db,
  grain: string,
  range?: { from: string; to: string },
): Promise<StoredGrainDay[]> {
  const rows = await db.query<Record<string, string | null>>(
    `SELECT DISTINCT source, campaign_key, date, end_date, grain, origin FROM costs
     WHERE grain IS NOT NULL AND grain <> $1
     ${range ? 'AND date <= $3 AND COALESCE(end_date, date) >= $2' : 'LIMIT 1'}`,
    range ? [grain, range.from, range.to] : [grain],
  );
  return rows.map((r) => ({
    source: r.source ?? null,
    campaignKey: r.campaign_key ?? null,
    date: String(r.date),
    endDate: r.end_date ?? null,
    grain: String(r.grain),
    origin: String(r.origin),
  }));
}

/**
 * The rows deleteOtherGrains would delete (an undoable import keeps them, to put them back; a
 * preview counts them): the same rows, matched on the whole span (first and last day), so a
 * daily row on a grid's first day is not taken for the grid.
 */
export async function readOtherGrains(
  db: Db,
  grain: string,
  days: readonly StoredGrainDay[],
): Promise<Cost[]> {
  const out: Cost[] = [];
  for (const d of days) {
    const rows = await db.query<Record<string, unknown>>(
      `SELECT ${SELECT} FROM costs WHERE grain IS NOT NULL AND grain <> $1 AND date = $2
       AND end_date IS NOT DISTINCT FROM $3 AND source IS NOT DISTINCT FROM $4
       AND campaign_key IS NOT DISTINCT FROM $5`,
      [grain, d.date, d.endDate, d.source, d.campaignKey],
    );
    out.push(...rows.map((r) => toCost(READ.map(([n]) => r[n]))));
  }
  return out;
}

/** Deletes the spend stored at grains other than `grain` on these platform / campaign / days, in one transaction. */
export function deleteOtherGrains(db: Db, grain: string, days: readonly StoredGrainDay[]): Promise<number> {
  return db.transaction(async (tx) => {
    let deleted = 0;
    for (const d of days) {
      deleted += await tx.execute(
        `DELETE FROM costs WHERE grain IS NOT NULL AND grain <> $1 AND date = $2
         AND end_date IS NOT DISTINCT FROM $3 AND source IS NOT DISTINCT FROM $4
         AND campaign_key IS NOT DISTINCT FROM $5`,
        [grain, d.date, d.endDate, d.source, d.campaignKey],
      );
    }
    return deleted;
  });
}
