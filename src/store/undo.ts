import type { Cost } from '../model/cost.ts';
import type { Lead } from '../model/lead.ts';
import { recordChange } from './changes.ts';
import { upsertCosts } from './costs.ts';
import type { Db } from './db.ts';
import { upsertLeads } from './leads.ts';
import { bumpDataVersion } from './version.ts';

/** An import as an undo names it. */
export interface ImportRef {
  id: string;
  name: string;
  finishedAt: number;
}

export type UndoOutcome =
  | { ok: true; import: ImportRef; removed: number; restored: number; dataVersion: number }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already'; import: ImportRef; at: number; by: string }
  /** Made outside Slack (the CLI, a source refresh): its rows' previous values were not kept. */
  | { ok: false; reason: 'no_versions'; import: ImportRef }
  /** Later imports changed some of the same rows: undo them first. */
  | { ok: false; reason: 'later'; import: ImportRef; later: ImportRef[] };

const PAGE = 5000;
const TABLES = ['leads', 'costs'] as const;

type Row = Record<string, unknown>;
const ref = (r: Row): ImportRef => ({
  id: String(r.id),
  name: String(r.name),
  finishedAt: Number(r.finished_at),
});

/**
 * Takes import `id` back, in one transaction: the rows it added are deleted, the rows it updated
 * get their previous values again (exactly, from row_versions), the data version moves on and the
 * undo is recorded in the trail. Refused when a later import (not itself undone) touched some of
 * the same rows, or is an import of the same origin whose rows are unknown; those are listed.
 */
export async function undoImport(
  db: Db,
  id: string,
  who: { actor: string; via: string; now: number },
): Promise<UndoOutcome> {
  return db.transaction(async (tx) => {
    const [found] = await tx.query<Row>(
      `SELECT id, name, origin, finished_at, data_version, versions, undone_at, undone_by
       FROM imports WHERE id = $1`,
      [id],
    );
    if (!found) return { ok: false, reason: 'not_found' };
    const target = ref(found);
    if (found.undone_at != null) {
      return {
        ok: false,
        reason: 'already',
        import: target,
        at: Number(found.undone_at),
        by: String(found.undone_by),
      };
    }
    if (Number(found.versions) !== 1) return { ok: false, reason: 'no_versions', import: target };
    const later = await blockers(tx, id, Number(found.data_version));
    if (later.length > 0) return { ok: false, reason: 'later', import: target, later };

    const origins = (
      await tx.query<Row>('SELECT DISTINCT origin FROM row_versions WHERE import_id = $1', [id])
    ).map((r) => String(r.origin));
    let removed = 0;
    for (const tbl of TABLES) {
      removed += await tx.execute(
        `DELETE FROM ${tbl} WHERE (origin, record_id) IN (SELECT origin, record_id FROM row_versions
          WHERE import_id = $1 AND tbl = $2 AND previous IS NULL)`,
        [id, tbl],
      );
    }
    let restored = 0;
    for await (const page of previousRows(tx, id, 'leads')) restored += await upsertLeads(tx, page as Lead[]);
    for await (const page of previousRows(tx, id, 'costs')) restored += await upsertCosts(tx, page as Cost[]);

    await tx.execute('UPDATE imports SET undone_at = $2, undone_by = $3 WHERE id = $1', [
      id,
      who.now,
      who.actor,
    ]);
    const dataVersion = await bumpDataVersion(tx, who.now);
    for (const origin of origins) {
      await tx.execute(
        `UPDATE sources SET lead_rows = (SELECT COUNT(*) FROM leads WHERE origin = $1),
          cost_rows = (SELECT COUNT(*) FROM costs WHERE origin = $1) WHERE origin = $1`,
        [origin],
      );
    }
    await recordChange(tx, {
      at: who.now,
      actor: who.actor,
      action: 'undo',
      via: who.via,
      subject: id,
      details: { name: target.name, removed, restored, dataVersion },
    });
    return { ok: true, import: target, removed, restored, dataVersion };
  });
}

/**
 * Later imports, not undone, that share a row with import `id`; and later imports of one of its
 * origins that kept no versions (their rows are unknown, so they may share some).
 */
async function blockers(tx: Db, id: string, dataVersion: number): Promise<ImportRef[]> {
  const later = await tx.query<Row>(
    `SELECT id, name, origin, finished_at, versions FROM imports
     WHERE data_version > $1 AND undone_at IS NULL ORDER BY data_version`,
    [dataVersion],
  );
  if (later.length === 0) return [];
  const overlapping = new Set(
    (
      await tx.query<Row>(
        `SELECT DISTINCT b.import_id AS id FROM row_versions a JOIN row_versions b
           ON b.tbl = a.tbl AND b.origin = a.origin AND b.record_id = a.record_id
         WHERE a.import_id = $1 AND b.import_id <> $1`,
        [id],
      )
    ).map((r) => String(r.id)),
  );
  const origins = new Set(
    (await tx.query<Row>('SELECT DISTINCT origin FROM row_versions WHERE import_id = $1', [id])).map((r) =>
      String(r.origin),
    ),
  );
  return later
    .filter((r) => (Number(r.versions) === 1 ? overlapping.has(String(r.id)) : origins.has(String(r.origin))))
    .map(ref);
}

/** The previous values of the rows import `id` updated in `tbl`, a page at a time. */
async function* previousRows(tx: Db, id: string, tbl: string): AsyncGenerator<unknown[]> {
  let after: [string, string] = ['', ''];
  for (;;) {
    const rows = await tx.query<Row>(
      `SELECT origin, record_id, previous FROM row_versions
       WHERE import_id = $1 AND tbl = $2 AND previous IS NOT NULL
         AND (origin > $3 OR (origin = $3 AND record_id > $4))
       ORDER BY origin, record_id LIMIT $5`,
      [id, tbl, after[0], after[1], PAGE],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => JSON.parse(String(r.previous)) as unknown);
    const last = rows[rows.length - 1]!;
    after = [String(last.origin), String(last.record_id)];
    if (rows.length < PAGE) return;
  }
}
