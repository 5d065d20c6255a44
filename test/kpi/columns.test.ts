import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkPool, Column, float64, int32, uint8 } from '../../src/kpi/columns.ts';
import { runQuery } from '../../src/kpi/engine.ts';
import { permute } from '../../src/kpi/order.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot, SnapshotBuilder } from '../../src/kpi/snapshot.ts';
import { cost, lead } from './rows.ts';

/** A permutation of 0..n-1 (deterministic shuffle). */
function shuffled(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let a = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    a = (Math.imul(a, 1_664_525) + 1_013_904_223) >>> 0;
    const j = a % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

describe('Column', () => {
  it('appendRun(value, n) holds what n pushes of value hold, lazy or not, across chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, -1, 7),
        fc.array(
          fc.tuple(fc.constantFrom(0, -1, 7, 42), fc.oneof(fc.nat({ max: 3000 }), fc.constant(70_000))),
          { maxLength: 6 },
        ),
        (fill, runs) => {
          const byRun = int32(fill);
          const byPush = int32(fill);
          for (const [value, n] of runs) {
            byRun.appendRun(value, n);
            for (let i = 0; i < n; i++) byPush.push(value);
          }
          expect(byRun.length).toBe(byPush.length);
          expect(byRun.holdsOnly(fill)).toBe(byPush.holdsOnly(fill));
          expect(byRun.finish()).toEqual(byPush.finish());
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps every pushed value, in order, and gathers any permutation like permute(finish())', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { maxLength: 5000 }),
        fc.nat(),
        (values, seed) => {
          const col = int32();
          for (const v of values) col.push(v);
          expect(col.length).toBe(values.length);
          const all = col.finish();
          expect([...all]).toEqual(values);
          const order = shuffled(values.length, seed);
          expect(col.gather(order)).toEqual(permute(all, order));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('spans chunks: past the first chunk and past one full chunk', () => {
    const n = (1 << 16) + (1 << 20) + 12_345;
    const ints = int32();
    const floats = float64();
    const bytes = uint8();
    for (let i = 0; i < n; i++) {
      ints.push(i);
      floats.push(i + 0.5);
      bytes.push(i & 255);
    }
    const order = shuffled(n, 7);
    const gi = ints.gather(order);
    const gf = floats.gather(order);
    const gb = bytes.gather(order);
    for (let k = 0; k < n; k += 997) {
      expect(gi[k]).toBe(order[k]);
      expect(gf[k]).toBe(order[k]! + 0.5);
      expect(gb[k]).toBe(order[k]! & 255);
    }
    const all = ints.finish();
    expect(all.length).toBe(n);
    expect(all[n - 1]).toBe(n - 1);
    expect(all[1 << 16]).toBe(1 << 16);
  });

  it('with a fill value: the same rows as a column without, whatever the pushes, sets, appends and takes', () => {
    // Runs of the fill (stored as nothing) with other values anywhere, past the first chunk too.
    const value = fc.oneof(
      { weight: 6, arbitrary: fc.constant(-7) },
      { weight: 1, arbitrary: fc.integer({ min: -9, max: 9 }) },
    );
    const step = fc.oneof(
      fc.record({ op: fc.constant('push' as const), v: value }),
      fc.record({ op: fc.constant('append' as const), vs: fc.array(value, { maxLength: 40 }) }),
      fc.record({ op: fc.constant('fills' as const), n: fc.integer({ min: 0, max: 70_000 }) }),
      fc.record({ op: fc.constant('set' as const), at: fc.nat(), v: value }),
      // An array given up to the column (Column.take): kept as its storage when the column is empty.
      fc.record({
        op: fc.constant('take' as const),
        n: fc.integer({ min: 0, max: 140_000 }),
        others: fc.array(fc.tuple(fc.nat(), value), { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), fc.nat(), (steps, seed) => {
        const lazy = int32(-7);
        const eager: number[] = [];
        for (const s of steps) {
          if (s.op === 'push') {
            lazy.push(s.v);
            eager.push(s.v);
          } else if (s.op === 'append') {
            lazy.append(Int32Array.from(s.vs));
            eager.push(...s.vs);
          } else if (s.op === 'take') {
            const vs = new Int32Array(s.n).fill(-7);
            for (const [at, v] of s.others) if (s.n > 0) vs[at % s.n] = v;
            for (const v of vs) eager.push(v);
            lazy.take(vs);
          } else if (s.op === 'fills') {
            lazy.append(new Int32Array(s.n).fill(-7));
            for (let i = 0; i < s.n; i++) eager.push(-7);
          } else if (eager.length > 0) {
            const at = s.at % eager.length;
            lazy.set(at, s.v);
            eager[at] = s.v;
          }
        }
        expect(lazy.length).toBe(eager.length);
        expect([...lazy.finish()]).toEqual(eager);
        const order = shuffled(eager.length, seed);
        expect([...lazy.gather(order)]).toEqual([...order].map((i) => eager[i]));
        const rank = new Int32Array(eager.length);
        order.forEach((row, k) => {
          rank[row] = k;
        });
        const moved = lazy.scatter(rank, eager.length);
        expect([...moved]).toEqual([...order].map((i) => eager[i]));
        // On a pooled buffer holding other values: every element is written all the same.
        const pool = new ChunkPool();
        pool.give(new Int32Array(eager.length + (eager.length >> 4)).fill(12345).buffer);
        expect(lazy.scatter(rank, eager.length, pool)).toEqual(moved);
        for (let i = 0; i < eager.length; i += 997) expect(lazy.get(i)).toBe(eager[i]);
        // parts: the stored rows in order, none when every row is the fill (holdsOnly).
        const only = lazy.holdsOnly(-7);
        expect(only).toBe(eager.every((v) => v === -7) && lazy.parts().length === 0);
        const parts = lazy.parts();
        expect(parts.reduce((n, p) => n + p.length, 0)).toBe(only ? 0 : eager.length);
        let row = 0;
        for (const p of parts)
          for (let i = 0; i < p.length; i++) if (p[i] !== eager[row++]) expect(p[i]).toBe(eager[row - 1]);
        // drain: the rows, then an empty column.
        const drained = lazy.drain();
        expect(drained.length).toBe(eager.length);
        for (let i = 0; i < eager.length; i++) if (drained[i] !== eager[i]) expect(drained[i]).toBe(eager[i]);
        expect(lazy.length).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps an array taken whole, then grows past it as if it had been appended', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: (1 << 16) + 1, max: 140_000 }),
        fc.array(fc.integer({ min: -9, max: 9 }), { maxLength: 3000 }),
        fc.nat(),
        (n, after, seed) => {
          const taken = int32(-7);
          const appended = int32(-7);
          const values = Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? i : -7));
          appended.append(values);
          taken.take(values);
          for (const v of after) {
            taken.push(v);
            appended.push(v);
          }
          taken.set(n >> 1, 3);
          appended.set(n >> 1, 3);
          expect(taken.length).toBe(appended.length);
          expect(taken.finish()).toEqual(appended.finish());
          const order = shuffled(appended.length, seed);
          expect(taken.gather(order)).toEqual(appended.gather(order));
          const rank = new Int32Array(order.length);
          order.forEach((row, k) => {
            rank[row] = k;
          });
          expect(taken.scatter(rank, order.length)).toEqual(appended.scatter(rank, order.length));
          expect(taken.drain()).toEqual(appended.drain());
        },
      ),
      { numRuns: 15 },
    );
  });

  it('gives its full chunks to a pool on release, which serves them to outputs a little smaller only', () => {
    const col = int32();
    for (let i = 0; i < (1 << 16) + 10; i++) col.push(i);
    const pool = new ChunkPool();
    col.release(pool);
    // A chunk of 2^20 rows: too large for 2^16 rows, fine for 2^20 - 10.
    expect(pool.array(Int32Array, 1 << 16).buffer.byteLength).toBe(1 << 18);
    const served = pool.array(Int32Array, (1 << 20) - 10);
    expect(served.length).toBe((1 << 20) - 10);
    expect(served.buffer.byteLength).toBe(1 << 22);
    // Served once: the next one is fresh.
    expect(pool.array(Int32Array, (1 << 20) - 10).buffer.byteLength).toBe(((1 << 20) - 10) * 4);
  });

  it('drains an array taken whole as itself (no copy), anything else as a trimmed copy', () => {
    const values = Int32Array.from({ length: (1 << 16) + 5 }, (_, i) => i);
    const taken = int32();
    taken.take(values);
    expect(taken.drain()).toBe(values);
    const pushed = int32();
    for (let i = 0; i < 5; i++) pushed.push(i);
    const out = pushed.drain();
    expect([...out]).toEqual([0, 1, 2, 3, 4]);
    expect(out.buffer.byteLength).toBe(5 * 4);
  });

  it('is empty once released, and can be filled again', () => {
    const col = new Column(Float64Array, 4);
    for (let i = 0; i < 10; i++) col.push(i);
    col.release();
    expect(col.length).toBe(0);
    expect(col.finish().length).toBe(0);
    col.push(3);
    expect([...col.finish()]).toEqual([3]);
  });
});

describe('SnapshotBuilder.build', () => {
  it('returns the same snapshot when called again (the builder is spent)', () => {
    const b = new SnapshotBuilder({ timeZone: 'UTC', currency: 'EUR', dataVersion: 'c' });
    b.addLeads([lead({}), lead({ channel: 'email' })]).addCosts([cost({ amount: 5 })]);
    const first = b.build();
    expect(first.leads.count).toBe(2);
    expect(first.costs.count).toBe(1);
    expect(b.build()).toBe(first);
  });
});

describe('statistics computed only when asked', () => {
  const now = new Date('2026-11-02T12:00:00Z');
  const s = buildSnapshot(
    [
      lead({
        createdAt: Date.UTC(2026, 9, 1),
        customerAt: Date.UTC(2026, 9, 5),
        amount: 100,
        customerId: 'A',
      }),
      lead({
        createdAt: Date.UTC(2026, 9, 2),
        customerAt: Date.UTC(2026, 9, 12),
        amount: 50,
        customerId: 'A',
      }),
    ],
    [],
    { timeZone: 'UTC', currency: 'EUR', dataVersion: 's' },
  );
  const ask = (metrics: Query['metrics'], onlyRequested: boolean) => {
    const query: Query = {
      metrics,
      filters: [],
      by: null,
      period: { kind: 'month', year: 2026, month: 10 },
      compare: null,
      view: 'flow',
    };
    const r = runQuery(s, query, { now, targets: { ltvCacRatio: 3 }, onlyRequested });
    if (!r.ok) throw r.error;
    return r.value.total.values;
  };

  it('leaves ARPC and the cycle out (not_requested) when only revenue is asked', () => {
    const v = ask(['revenue'], true);
    expect(v.revenue.value).toBe(150);
    expect(v.customers.value).toBe(2);
    expect(v.arpc.na?.code).toBe('not_requested');
    expect(v.cycle.na?.code).toBe('not_requested');
  });

  it('computes them when asked, and always without onlyRequested', () => {
    const asked = ask(['arpc', 'cycle'], true);
    expect(asked.arpc.value).toBe(150);
    expect(asked.cycle.value).toBe(7);
    const all = ask(['revenue'], false);
    expect(all.arpc.value).toBe(150);
    expect(all.cycle.value).toBe(7);
  });
});
