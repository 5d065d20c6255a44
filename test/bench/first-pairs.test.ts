import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Engine,
  type FirstPair,
  type FirstSample,
  firstAnswerVerdict,
  firstOfPair,
  median,
  pairsTable,
  runFirstPairs,
} from '../../bench/first-pairs.ts';

const sample = (wallMs: number, cpuMs = wallMs, peakRssMb = 300): FirstSample => ({
  wallMs,
  cpuMs,
  peakRssMb,
});
const pair = (p: FirstSample, d: FirstSample, kind: FirstPair['kind'] = 'first-only'): FirstPair => ({
  kind,
  first: 'project',
  project: p,
  duckdb: d,
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1322, 1091, 1097, 1120])).toBe((1097 + 1120) / 2);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it('lies between the min and the max, and does not depend on the order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (xs) => {
          const m = median(xs);
          expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(m).toBeLessThanOrEqual(Math.max(...xs));
          expect(median([...xs].reverse())).toBe(m);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('firstAnswerVerdict', () => {
  it("compares the medians, so one unlucky run does not decide (today's pairs)", () => {
    const pairs = [
      pair(sample(1322), sample(560), 'full'),
      pair(sample(1091), sample(584)),
      pair(sample(1097), sample(577)),
      pair(sample(1120), sample(572)),
    ];
    const v = firstAnswerVerdict(pairs);
    expect(v.project.wallMs).toBe(1108.5);
    expect(v.duckdb.wallMs).toBe(574.5);
    expect(v.wallOk).toBe(true);
    expect(v.pairsWithin).toBe(3);
    // The full pair alone would have missed: 1322 > 2 × 560.
    expect(firstAnswerVerdict(pairs.slice(0, 1)).wallOk).toBe(false);
  });

  it('takes the max peak RSS of each side, and DuckDB first-only children apart', () => {
    const v = firstAnswerVerdict([
      pair(sample(1, 1, 280), sample(1, 1, 400), 'full'),
      pair(sample(1, 1, 290), sample(1, 1, 310)),
    ]);
    expect(v.project.peakRssMb).toBe(290);
    expect(v.duckdb.peakRssMb).toBe(400);
    expect(v.duckdbFirstOnlyPeakRssMb).toBe(310);
    expect(v.rssOk).toBe(true);
  });

  it('verdict = median project ≤ 2 × median DuckDB, wall and CPU alike', () => {
    const s = fc.record({
      wallMs: fc.double({ min: 1, max: 1e5, noNaN: true }),
      cpuMs: fc.double({ min: 1, max: 1e5, noNaN: true }),
      peakRssMb: fc.double({ min: 1, max: 1e4, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(s, s), { minLength: 1, maxLength: 12 }), (xs) => {
        const pairs = xs.map(([p, d]) => pair(p, d));
        const v = firstAnswerVerdict(pairs);
        const pw = median(xs.map(([p]) => p.wallMs));
        const dw = median(xs.map(([, d]) => d.wallMs));
        const pc = median(xs.map(([p]) => p.cpuMs));
        const dc = median(xs.map(([, d]) => d.cpuMs));
        expect(v.project.wallMs).toBe(pw);
        expect(v.duckdb.wallMs).toBe(dw);
        expect(v.wallOk).toBe(pw <= 2 * dw);
        expect(v.cpuOk).toBe(pc <= 2 * dc);
        expect(v.rssOk).toBe(
          Math.max(...xs.map(([p]) => p.peakRssMb)) <= Math.max(...xs.map(([, d]) => d.peakRssMb)),
        );
        // The verdict follows the medians, whatever the order of the pairs.
        expect(firstAnswerVerdict([...pairs].reverse()).wallOk).toBe(v.wallOk);
        expect(v.pairsWithin).toBeLessThanOrEqual(pairs.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('runFirstPairs', () => {
  it('runs one child at a time, alternating which goes first (pair 1 is the full children)', async () => {
    const order: Engine[] = [];
    let t = 0;
    const run = (e: Engine) => async () => {
      order.push(e);
      t++;
      return sample(e === 'project' ? 1000 + t : 500 + t);
    };
    const seen: number[] = [];
    const pairs = await runFirstPairs(3, { project: run('project'), duckdb: run('duckdb') }, (_, k) =>
      seen.push(k),
    );
    expect(order).toEqual(['duckdb', 'project', 'project', 'duckdb', 'duckdb', 'project']);
    expect(seen).toEqual([2, 3, 4]);
    expect(pairs.map((p) => p.first)).toEqual(['duckdb', 'project', 'duckdb']);
    expect(pairs.map((p) => [p.project.wallMs, p.duckdb.wallMs])).toEqual([
      [1002, 501],
      [1003, 504],
      [1006, 505],
    ]);
    expect([1, 2, 3, 4].map(firstOfPair)).toEqual(['project', 'duckdb', 'project', 'duckdb']);
    expect(await runFirstPairs(0, { project: run('project'), duckdb: run('duckdb') })).toEqual([]);
  });

  it('lists every pair and the medians in the table', () => {
    const rows = pairsTable(
      [pair(sample(1200), sample(600), 'full'), pair(sample(1000), sample(550))],
      (x) => `${x} ms`,
      (x) => `${x} MB`,
    );
    expect(rows).toHaveLength(2 + 2 + 1);
    expect(rows[2]).toContain('| 1 | full');
    expect(rows[2]).toContain('2.00×');
    expect(rows[3]).toContain('1.82×');
    expect(rows[4]).toContain('| median / max | | | 1100 ms | 575 ms |');
  });
});
