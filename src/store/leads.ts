import type { Lead } from '../model/lead.ts';
import type { Db } from './db.ts';
import { type Column, memoCampaignKey, pages, type TableSpec, upsertRows } from './table.ts';

type Field = keyof Lead;

const text = (name: string, field: Field): Column<Lead> => ({ name, pgType: 'text', get: (r) => r[field] });
const instant = (name: string, field: Field): Column<Lead> => ({
  name,
  pgType: 'bigint',
  get: (r) => r[field],
});
const amount = (name: string, field: Field): Column<Lead> => ({
  name,
  pgType: 'float8',
  get: (r) => r[field],
});

const INSTANTS = [
  ['created_at', 'createdAt'],
  ['mql_at', 'mqlAt'],
  ['sql_at', 'sqlAt'],
  ['opportunity_at', 'opportunityAt'],
  ['customer_at', 'customerAt'],
  ['lost_at', 'lostAt'],
  ['activated_at', 'activatedAt'],
] as const satisfies readonly (readonly [string, Field])[];

const TEXTS = [
  ['channel', 'channel'],
  ['source', 'source'],
  ['campaign', 'campaign'],
  ['ad', 'ad'],
  ['audience', 'audience'],
  ['form', 'form'],
  ['keyword', 'keyword'],
  ['owner', 'owner'],
  ['segment', 'segment'],
  ['product', 'product'],
  ['country', 'country'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['currency', 'currency'],
  ['customer_id', 'customerId'],
] as const satisfies readonly (readonly [string, Field])[];

const AMOUNTS = [
  ['amount', 'amount'],
  ['pipeline_amount', 'pipelineAmount'],
] as const satisfies readonly (readonly [string, Field])[];

const LEADS: TableSpec<Lead> = {
  table: 'leads',
  key: ['origin', 'record_id'],
  columns: [
    text('origin', 'origin'),
    text('record_id', 'recordId'),
    ...INSTANTS.map(([n, f]) => instant(n, f)),
    ...TEXTS.map(([n, f]) => text(n, f)),
    ...AMOUNTS.map(([n, f]) => amount(n, f)),
    { name: 'valid', pgType: 'integer', get: (r) => (r.valid ? 1 : 0) },
    { name: 'campaign_key', pgType: 'text', get: (r) => memoCampaignKey(r.campaign) },
  ],
};

/** The stored row, as both drivers return it (snake_case, INTEGER booleans). */
type LeadRow = Record<string, string | number | null>;

const SELECT = LEADS.columns
  .filter((c) => c.name !== 'campaign_key')
  .map((c) => c.name)
  .join(', ');

function toLead(row: LeadRow): Lead {
  const lead: Record<string, unknown> = {
    origin: row.origin,
    recordId: row.record_id,
    valid: Number(row.valid) === 1,
  };
  for (const [n, f] of INSTANTS) lead[f] = row[n] == null ? null : Number(row[n]);
  for (const [n, f] of TEXTS) lead[f] = row[n] ?? null;
  for (const [n, f] of AMOUNTS) lead[f] = row[n] == null ? null : Number(row[n]);
  return lead as Lead;
}

/**
 * Inserts or updates leads by (origin, recordId) in one transaction: importing the same or an
 * overlapping export again updates rows, never duplicates them. Returns the rows written.
 */
export function upsertLeads(db: Db, rows: readonly Lead[]): Promise<number> {
  return upsertRows(db, LEADS, rows);
}

/** All stored leads, one page (default 10 000) at a time, in key order. */
export async function* iterateLeads(db: Db, pageSize = 10_000): AsyncGenerator<Lead[]> {
  for await (const page of pages<LeadRow>(db, 'leads', ['origin', 'record_id'], SELECT, pageSize)) {
    yield page.map(toLead);
  }
}

/** Calls onBatch with each page of stored leads; returns how many were read. */
export async function streamLeads(
  db: Db,
  onBatch: (rows: Lead[]) => void | Promise<void>,
  batchSize = 10_000,
): Promise<number> {
  let count = 0;
  for await (const batch of iterateLeads(db, batchSize)) {
    count += batch.length;
    await onBatch(batch);
  }
  return count;
}

export async function countLeads(db: Db, origin?: string): Promise<number> {
  const rows = origin
    ? await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM leads WHERE origin = $1', [origin])
    : await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM leads');
  return Number(rows[0]?.n ?? 0);
}
