import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryPool } from '../../src/data/query-pool.ts';
import { DEFAULT_TARGETS, runQuery } from '../../src/kpi/engine.ts';
import type { Query } from '../../src/kpi/query.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { isAppError } from '../../src/shared/errors.ts';
import { campaignData } from '../support/slack-data.ts';

const opts = { timeZone: 'Europe/Paris', currency: 'EUR' as const };
const now = new Date('2026-11-15T10:00:00Z');
const query = (over: Partial<Query>): Query => ({
  metrics: ['cpl'],
  filters: [],
  by: null,
  period: { kind: 'month', year: 2026, month: 10 } as Query['period'],
  compare: null,
  view: 'flow',
  ...over,
});

describe('the query pool (worker threads over a shared snapshot)', () => {
  let pool: QueryPool;
  beforeAll(() => {
    pool = new QueryPool(2);
  });
  afterAll(() => pool.close());

  it('answers exactly what the engine answers inline, for each thread, and follows a new data version', async () => {
    const one = campaignData(['Spring Sale', 'Brand', 'Retargeting'], 6);
    const v1 = buildSnapshot(one.leads, one.costs, { ...opts, dataVersion: '1' });
    const questions = [
      query({}),
      query({ metrics: ['leads', 'cpl', 'roi'], by: { kind: 'dimension', dimension: 'campaign' } }),
      query({ metrics: ['cac'], filters: [{ dimension: 'campaign', values: ['Brand'] }] }),
    ];
    for (const q of questions) {
      const inline = runQuery(v1, q, { now, targets: DEFAULT_TARGETS, onlyRequested: true });
      if (!inline.ok) throw inline.error;
      // Several at once: both threads answer, each from the same shared bytes.
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() => pool.run(v1, q, { now, targets: DEFAULT_TARGETS })),
      );
      for (const a of answers) expect(a).toEqual(inline.value);
    }
    const two = campaignData(['Spring Sale'], 9);
    const v2 = buildSnapshot(two.leads, two.costs, { ...opts, dataVersion: '2' });
    const inline2 = runQuery(v2, questions[1] as Query, {
      now,
      targets: DEFAULT_TARGETS,
      onlyRequested: true,
    });
    if (!inline2.ok) throw inline2.error;
    expect(await pool.run(v2, questions[1] as Query, { now, targets: DEFAULT_TARGETS })).toEqual(
      inline2.value,
    );
  });

  it('rejects with the engine’s own coded error', async () => {
    const data = campaignData(['Spring Sale'], 2);
    const snapshot = buildSnapshot(data.leads, data.costs, { ...opts, dataVersion: '3' });
    const bad = query({ period: { kind: 'range', from: '2026-10-20', to: '2026-10-01' } as Query['period'] });
    const inline = runQuery(snapshot, bad, { now, targets: DEFAULT_TARGETS, onlyRequested: true });
    const error = await pool.run(snapshot, bad, { now, targets: DEFAULT_TARGETS }).catch((e: unknown) => e);
    if (inline.ok) {
      expect(error).toEqual(inline.value);
    } else {
      expect(isAppError(error)).toBe(true);
      expect(error).toMatchObject({ code: inline.error.code, messageKey: inline.error.messageKey });
    }
  });
});
