import type { Lead } from '../model/lead.ts';
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

/** The columns read back, in SELECT order, and the Lead field each one holds. */
const READ = LEADS.columns.filter((c) => c.name !== 'campaign_key');
const SELECT = READ.map((c) => c.name).join(', ');
const FIELD_OF: ReadonlyMap<string, Field> = new Map<string, Field>([
  ['origin', 'origin'],
  ['record_id', 'recordId'],
  ['valid', 'valid'],
  ...INSTANTS,
  ...TEXTS,
  ...AMOUNTS,
]);
const FIELDS: readonly Field[] = READ.map((c) => FIELD_OF.get(c.name)!);
/** Each Lead field's position in a row of SELECT. */
const LEAD_ROW: Readonly<Record<Field, number>> = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<
  Field,
  number
>;
/** Positions of the BIGINT columns (Postgres returns them as text). */
const BIGINTS = READ.flatMap((c, i) => (c.pgType === 'bigint' ? [i] : []));
const INSTANT_AT = INSTANTS.map(([, f]) => LEAD_ROW[f]);
const TEXT_AT = TEXTS.map(([, f]) => LEAD_ROW[f]);
const AMOUNT_AT = AMOUNTS.map(([, f]) => LEAD_ROW[f]);

function toLead(row: readonly unknown[]): Lead {
  const lead: Record<string, unknown> = {
    origin: row[LEAD_ROW.origin],
    recordId: row[LEAD_ROW.recordId],
    valid: Number(row[LEAD_ROW.valid]) === 1,
  };
  for (const i of INSTANT_AT) lead[FIELDS[i]!] = row[i] == null ? null : Number(row[i]);
  for (const i of TEXT_AT) lead[FIELDS[i]!] = row[i] ?? null;
  for (const i of AMOUNT_AT) lead[FIELDS[i]!] = row[i] == null ? null : Number(row[i]);
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
  for await (const page of leadRows(db, pageSize)) yield page.map(toLead);
}

/** Calls onBatch with each page of stored leads; returns how many were read. */
export async function streamLeads(
  db: Db,
  onBatch: (rows: Lead[]) => void | Promise<void>,
  batchSize = 10_000,
): Promise<number> {
  return forEachPage(iterateLeads(db, batchSize), onBatch);
}

/**
 * Like streamLeads without building Lead objects: each page holds rows as arrays of the
 * `fields` asked for, a field's value at `at[field]` (instants as epoch ms numbers, `valid` as
 * 0/1), in key order. Reading only the fields needed is cheaper (no email, no record id).
 * The snapshot load reads this way (SnapshotBuilder.addLeadRows).
 */
export async function streamLeadRows<F extends Field>(
  db: Db,
  fields: readonly F[],
  onBatch: (rows: unknown[][], at: Readonly<Record<F, number>>) => void | Promise<void>,
  batchSize = 10_000,
): Promise<number> {
  const columns = fields.map((f) => READ[LEAD_ROW[f]]!);
  const at = Object.fromEntries(fields.map((f, i) => [f, i])) as Record<F, number>;
  const bigints = columns.flatMap((c, i) => (c.pgType === 'bigint' ? [i] : []));
  const select = columns.map((c) => c.name).join(', ');
  const batches = arrayPages(db, 'leads', ['origin', 'record_id'], select, batchSize, bigints);
  return forEachPage(batches, (batch) => onBatch(batch, at));
}

function leadRows(db: Db, pageSize: number): AsyncGenerator<unknown[][]> {
  return arrayPages(db, 'leads', ['origin', 'record_id'], SELECT, pageSize, BIGINTS);
}

/** The stored leads of `origin` among `recordIds` (any order): an import's rows before it writes. */
export async function readLeadsByKeys(db: Db, origin: string, recordIds: readonly string[]): Promise<Lead[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${SELECT} FROM leads WHERE origin = $1 AND ${recordIdIn(db, '$2')}`,
    [origin, recordIdParam(db, recordIds)],
  );
  return rows.map((r) => toLead(READ.map((c) => r[c.name])));
}

/** True when two leads would store the same values. */
export function sameLead(a: Lead, b: Lead): boolean {
  return LEADS.columns.every((c) => bindable(c.get(a)) === bindable(c.get(b)));
}

/** The stage dates of a lead (when it became an MQL, SQL …), by field. */
export const STAGE_FIELDS: readonly Field[] = INSTANTS.map(([, f]) => f).filter((f) => f !== 'createdAt');

export function countLeads(db: Db, origin?: string): Promise<number> {
  return countRows(db, 'leads', origin);
}
