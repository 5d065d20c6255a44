import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import { buildSnapshot, type Snapshot, vocabulary } from '../../src/kpi/snapshot.ts';
import {
  decodeSnapshot,
  encodeSnapshot,
  SNAPSHOT_FORMAT,
  SnapshotFileError,
} from '../../src/kpi/snapshot-file.ts';
import { costs, leads, query } from './snapshot-rows.ts';

const built = buildSnapshot(leads, costs, { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '9' });

function bytesOf(snapshot: Snapshot, shift = 0): Uint8Array {
  const { parts, byteLength } = encodeSnapshot(snapshot);
  const out = new Uint8Array(byteLength + shift).subarray(shift);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  expect(at).toBe(byteLength);
  return out;
}

describe('snapshot file', () => {
  it('reopens a snapshot with the same columns, dictionaries and answers', () => {
    const back = decodeSnapshot(bytesOf(built));
    expect(back.dataVersion).toBe('9');
    expect(back.leads).toEqual(built.leads);
    expect(back.costs).toEqual(built.costs);
    expect(back.customerCodes).toBe(built.customerCodes);
    expect([back.minDay, back.maxDay]).toEqual([built.minDay, built.maxDay]);
    expect(vocabulary(back)).toEqual(vocabulary(built));
    // The dictionaries still match spellings by key ("spring_sale" is "Spring Sale").
    expect(back.dictionaries.campaign.find('spring_sale')).toBe(
      built.dictionaries.campaign.find('Spring Sale'),
    );
    expect(back.dictionaries.campaign.find('never seen')).toBe(-1);
    const ctx = { now: new Date('2026-11-02T00:00:00Z'), targets: DEFAULT_TARGETS };
    for (const q of [
      query({}),
      query({ by: { kind: 'dimension', dimension: 'campaign' } }),
      query({ by: { kind: 'time', grain: 'week' }, view: 'cohort', metrics: ['conv', 'mql_to_sql'] }),
      query({
        filters: [{ dimension: 'campaign', values: ['spring sale'] }],
        metrics: ['leads', 'spend', 'cpl'],
      }),
      query({ by: { kind: 'dimension', dimension: 'age' }, metrics: ['spend', 'cpl', 'clicks'] }),
    ]) {
      const a = runQuery(back, q, ctx);
      const b = runQuery(built, q, ctx);
      expect(a.ok && b.ok).toBe(true);
      if (a.ok && b.ok) {
        expect(a.value.rows).toEqual(b.value.rows);
        expect(a.value.total).toEqual(b.value.total);
      }
    }
  });

  it('views the bytes without copying when aligned, and copies once when not', () => {
    const aligned = bytesOf(built);
    const back = decodeSnapshot(aligned);
    expect(back.leads.created.buffer).toBe(aligned.buffer);
    const shifted = bytesOf(built, 3);
    expect(shifted.byteOffset % 8).toBe(3);
    const moved = decodeSnapshot(shifted);
    expect(moved.leads.created.buffer).not.toBe(shifted.buffer);
    expect(moved.leads.created).toEqual(built.leads.created);
  });

  it('keeps an empty snapshot empty', () => {
    const empty = buildSnapshot([], [], { timeZone: 'UTC', currency: 'USD', dataVersion: '0' });
    const back = decodeSnapshot(bytesOf(empty));
    expect(back.leads.count).toBe(0);
    expect(back.minDay).toBeNull();
    expect(back.currency).toBe('USD');
  });

  it('refuses bytes of another kind, another format or cut short', () => {
    const good = bytesOf(built);
    expect(() => decodeSnapshot(new TextEncoder().encode('leads,mql\n1,2\n'))).toThrow(SnapshotFileError);
    const other = good.slice();
    new DataView(other.buffer).setUint32(8, SNAPSHOT_FORMAT + 1, true);
    expect(() => decodeSnapshot(other)).toThrow(/format/);
    expect(() => decodeSnapshot(good.subarray(0, 40))).toThrow(SnapshotFileError);
    expect(() => decodeSnapshot(good.subarray(0, good.length - 64))).toThrow(SnapshotFileError);
  });
});
