import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStoreSink } from '../../src/data/store-sink.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { listChanges } from '../../src/store/changes.ts';
import { iterateCosts } from '../../src/store/costs.ts';
import type { Db } from '../../src/store/db.ts';
import { listImports, listSources } from '../../src/store/imports.ts';
import { iterateLeads } from '../../src/store/leads.ts';
import { migrate } from '../../src/store/migrate.ts';
import { undoImport } from '../../src/store/undo.ts';
import { getDataVersion } from '../../src/store/version.ts';
import { cost, embeddedHarness, lead, postgresHarness, type StoreHarness } from './fixtures.ts';

const harnesses: [string, () => StoreHarness][] = [
  ['embedded', embeddedHarness],
  ['postgres', postgresHarness],
];

/** Every stored lead and cost, in key order (what an undo must give back exactly). */
async function everything(db: Db): Promise<{ leads: Lead[]; costs: Cost[] }> {
  const leads: Lead[] = [];
  const costs: Cost[] = [];
  for await (const page of iterateLeads(db)) leads.push(...page);
  for await (const page of iterateCosts(db)) costs.push(...page);
  return { leads, costs };
}

/** One import through the store sink, as Slack imports run it (keeping versions unless told not to). */
async function importRows(
  db: Db,
  name: string,
  leads: Lead[],
  costs: Cost[] = [],
  keepVersions = true,
): Promise<string> {
  const sink = createStoreSink(db, { keepVersions });
  // Two batches, as a long file gives: a key written twice keeps the value from before the import.
  const half = Math.ceil(leads.length / 2);
  await sink.writeLeads(leads.slice(0, half));
  await sink.writeLeads(leads.slice(half));
  if (costs.length > 0) await sink.writeCosts(costs);
  const stored = await sink.finish({
    origin: 'hubspot-contacts',
    name,
    startedAt: 1,
    finishedAt: Date.now(),
    rowsRead: leads.length + costs.length,
    rowsSkipped: 0,
    report: {},
  });
  return stored.id;
}

describe.each(harnesses)('undoing an import (%s)', (_name, makeHarness) => {
  const harness = makeHarness();
  let db: Db;
  beforeAll(async () => {
    db = await harness.open();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
    await harness.dispose();
  });

  it('removes the rows it added and writes back the exact previous values of the rows it updated', async () => {
    await importRows(
      db,
      'first.csv',
      [
        lead('a', { amount: 0.1 + 0.2, sqlAt: Date.UTC(2026, 2, 20, 23, 59, 59, 999) }),
        lead('b', { owner: 'Léa', campaign: '=HYPERLINK("x")', pipelineAmount: 1e-7 }),
        lead('c'),
      ],
      [cost('k1', { amount: 12.345678901234567 })],
    );
    const before = await everything(db);
    const versionBefore = await getDataVersion(db);

    const second = await importRows(
      db,
      'second.csv',
      [
        lead('a', { amount: 99, sqlAt: null, customerAt: Date.UTC(2026, 3, 1) }),
        lead('b', { owner: 'Marc', valid: false }),
        lead('c'),
        lead('d', { origin: 'hubspot-contacts' }),
        lead('a', { amount: 100 }),
      ],
      [cost('k1', { amount: 1 }), cost('k2', { amount: 7 })],
    );
    const [recorded] = await listImports(db, 1);
    // a and b changed (a twice: counted once), c written back unchanged, d added; k1 changed, k2 added.
    expect(recorded).toMatchObject({ id: second, rowsAdded: 2, rowsUpdated: 3 });
    expect((await everything(db)).leads.find((l) => l.recordId === 'a')?.amount).toBe(100);

    const outcome = await undoImport(db, second, { actor: 'U_ED', via: 'command', now: Date.now() });
    expect(outcome).toMatchObject({ ok: true, removed: 2, restored: 4 });
    expect(await everything(db)).toEqual(before);
    expect(await getDataVersion(db)).toBe(versionBefore + 2);
    const source = (await listSources(db)).find((s) => s.origin === 'hubspot-contacts');
    expect(source).toMatchObject({ leadRows: 3, costRows: 0 });
    const [change] = await listChanges(db, 1);
    expect(change).toMatchObject({ actor: 'U_ED', action: 'undo', subject: second, via: 'command' });
    expect(change?.details).toMatchObject({ name: 'second.csv', removed: 2, restored: 4 });

    const again = await undoImport(db, second, { actor: 'U_ED', via: 'command', now: Date.now() });
    expect(again).toMatchObject({ ok: false, reason: 'already', by: 'U_ED' });
  });

  it('gives back exact values over many rows and batches (the bulk paths), a key repeated across batches kept once', async () => {
    const first = Array.from({ length: 150 }, (_, i) =>
      lead(`m${i}`, {
        origin: 'many',
        amount: i / 7,
        mqlAt: i % 3 === 0 ? null : Date.UTC(2026, 0, 1 + (i % 28)),
      }),
    );
    await importRows(db, 'many-1.csv', first);
    const before = await everything(db);
    const next = [
      ...Array.from({ length: 120 }, (_, i) =>
        lead(`m${i}`, { origin: 'many', amount: i * 3.3, owner: 'New' }),
      ),
      ...Array.from({ length: 70 }, (_, i) => lead(`n${i}`, { origin: 'many' })),
      lead('m5', { origin: 'many', amount: -1 }),
    ];
    const second = await importRows(db, 'many-2.csv', next);
    const [recorded] = await listImports(db, 1);
    expect(recorded).toMatchObject({ id: second, rowsAdded: 70, rowsUpdated: 120 });
    const outcome = await undoImport(db, second, { actor: 'U_ED', via: 'command', now: Date.now() });
    expect(outcome).toMatchObject({ ok: true, removed: 70, restored: 120 });
    expect(await everything(db)).toEqual(before);
  });

  it('is refused while a later import changed the same rows (listed), allowed when they do not overlap', async () => {
    const base = await importRows(db, 'base.csv', [lead('x1'), lead('x2')]);
    const later = await importRows(db, 'later.csv', [lead('x2', { owner: 'Zoé' })]);
    const apart = await importRows(db, 'apart.csv', [lead('y1')]);
    const refused = await undoImport(db, base, { actor: 'U_ED', via: 'command', now: Date.now() });
    expect(refused).toMatchObject({ ok: false, reason: 'later' });
    expect(refused.ok === false && refused.reason === 'later' ? refused.later.map((i) => i.id) : []).toEqual([
      later,
    ]);
    // Undo the later one first, then the base goes (the one apart never blocked it).
    expect((await undoImport(db, later, { actor: 'U_ED', via: 'command', now: Date.now() })).ok).toBe(true);
    expect((await undoImport(db, base, { actor: 'U_ED', via: 'command', now: Date.now() })).ok).toBe(true);
    const ids = (await everything(db)).leads.map((l) => l.recordId);
    expect(ids).not.toContain('x1');
    expect(ids).toContain('y1');
    expect(apart).toBeTruthy();
  });

  it('refuses an import that kept no versions, and one of the same origin after it whose rows are unknown', async () => {
    const kept = await importRows(db, 'kept.csv', [lead('z1')]);
    const cli = await importRows(db, 'cli.csv', [lead('z9')], [], false);
    expect(await undoImport(db, cli, { actor: 'U_ED', via: 'command', now: Date.now() })).toMatchObject({
      ok: false,
      reason: 'no_versions',
    });
    const refused = await undoImport(db, kept, { actor: 'U_ED', via: 'command', now: Date.now() });
    expect(refused).toMatchObject({ ok: false, reason: 'later', later: [{ id: cli, name: 'cli.csv' }] });
    expect(await undoImport(db, 'nope', { actor: 'U_ED', via: 'command', now: Date.now() })).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });
});
