import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertState,
  type EvaluationRule,
  evaluate,
  INITIAL_STATE,
  type Observation,
} from '../../src/alerts/evaluate.ts';

const H = 3600_000;
const rule: EvaluationRule = { comparator: '>', pendingForMs: 2 * H, renotifyMs: 6 * H, minVolume: 30 };
const obs = (
  value: number | null,
  volume: number | null = 100,
  threshold: number | null = 60,
): Observation => ({
  scope: 'campaign=Spring Sale',
  scopeLabel: 'campaign = Spring Sale',
  value,
  threshold,
  volume,
});

/** Feeds observations at the given hours; returns the actions and the last state. */
function run(
  steps: [hour: number, o: Observation][],
  r: EvaluationRule = rule,
  start: AlertState = INITIAL_STATE,
) {
  let state = start;
  const actions: string[] = [];
  for (const [hour, o] of steps) {
    const { next, action } = evaluate(state, r, o, hour * H);
    state = next;
    actions.push(action);
  }
  return { state, actions };
}

describe('alert state machine', () => {
  it('goes ok → pending → firing only after the condition held for pendingFor', () => {
    const { state, actions } = run([
      [0, obs(70)],
      [1, obs(72)],
      [2, obs(75)],
    ]);
    expect(actions).toEqual(['none', 'none', 'fire']);
    expect(state).toMatchObject({ status: 'firing', incidentAt: 2 * H, lastValue: 75, lastThreshold: 60 });
  });

  it('remembers the threshold an incident fired at and its peak, though a relative threshold moves', () => {
    const { state, actions } = run([
      [0, obs(70)],
      [2, obs(75)],
      [3, obs(90, 100, 80)],
      [4, obs(85, 100, 82)],
      [5, obs(50, 100, 100)],
    ]);
    expect(actions).toEqual(['none', 'fire', 'none', 'none', 'resolve']);
    expect(state).toMatchObject({
      status: 'resolved',
      firedThreshold: 60,
      peakValue: 90,
      lastThreshold: 100,
    });
  });

  it('returns to ok when the condition stops holding while pending', () => {
    const { state, actions } = run([
      [0, obs(70)],
      [1, obs(50)],
      [2, obs(70)],
      [3, obs(70)],
    ]);
    expect(actions).toEqual(['none', 'none', 'none', 'none']);
    expect(state.status).toBe('pending');
  });

  it('repeats no faster than the re-notify interval, then resolves once', () => {
    const { state, actions } = run(
      [0, 1, 2, 5, 6, 7, 11, 12, 13, 14].map((h) => [h, obs(h < 13 ? 80 : 40)] as [number, Observation]),
      { ...rule, pendingForMs: 0 },
    );
    expect(actions).toEqual([
      'fire',
      'none',
      'none',
      'none',
      'repeat',
      'none',
      'none',
      'repeat',
      'resolve',
      'none',
    ]);
    expect(state.status).toBe('resolved');
  });

  it('never fires a rate under the minimum volume (no CPL alert on 3 leads)', () => {
    const { actions } = run([
      [0, obs(500, 3)],
      [5, obs(500, 3)],
      [10, obs(500, 29)],
    ]);
    expect(actions).toEqual(['none', 'none', 'none']);
    expect(evaluate(INITIAL_STATE, rule, obs(500, 3), 0).quiet).toBe('below_min_volume');
  });

  it('changes nothing without data', () => {
    const firing: AlertState = {
      ...INITIAL_STATE,
      status: 'firing',
      incidentAt: 0,
      lastNotifiedAt: 0,
      notifyCount: 1,
    };
    expect(evaluate(firing, rule, obs(null), 10 * H)).toMatchObject({
      next: firing,
      action: 'none',
      quiet: 'no_data',
    });
    expect(evaluate(firing, rule, obs(80, 100, null), 10 * H).action).toBe('none');
  });

  it('stays silent while snoozed, and announces a still-firing incident once the snooze ends', () => {
    const snoozed: AlertState = { ...INITIAL_STATE, snoozedUntil: 24 * H };
    const r = { ...rule, pendingForMs: 0 };
    const { state, actions } = run(
      [
        [1, obs(80)],
        [12, obs(80)],
        [25, obs(80)],
        [26, obs(80)],
      ],
      r,
      snoozed,
    );
    expect(actions).toEqual(['none', 'none', 'fire', 'none']);
    expect(state.notifyCount).toBe(1);
  });

  it('snoozing a firing alert holds its repeats until the snooze ends', () => {
    const firing: AlertState = {
      ...INITIAL_STATE,
      status: 'firing',
      incidentAt: 0,
      lastNotifiedAt: 0,
      notifyCount: 1,
      snoozedUntil: 24 * H,
    };
    const { actions } = run(
      [
        [7, obs(80)],
        [23, obs(80)],
        [24, obs(80)],
      ],
      rule,
      firing,
    );
    expect(actions).toEqual(['none', 'none', 'repeat']);
  });

  it('a muted alert never notifies, not even its recovery', () => {
    const muted: AlertState = { ...INITIAL_STATE, muted: true };
    const { actions } = run(
      [
        [0, obs(80)],
        [10, obs(80)],
        [20, obs(10)],
      ],
      { ...rule, pendingForMs: 0 },
      muted,
    );
    expect(actions).toEqual(['none', 'none', 'none']);
  });

  it('supports every comparator', () => {
    const below = { ...rule, comparator: '<' as const, pendingForMs: 0 };
    expect(evaluate(INITIAL_STATE, below, obs(10, null, 20), 0).action).toBe('fire');
    expect(evaluate(INITIAL_STATE, { ...below, comparator: '<=' }, obs(20, null, 20), 0).action).toBe('fire');
    expect(evaluate(INITIAL_STATE, { ...below, comparator: '>=' }, obs(20, null, 20), 0).action).toBe('fire');
    expect(evaluate(INITIAL_STATE, { ...below, comparator: '>' }, obs(20, null, 20), 0).action).toBe('none');
  });
});

describe('properties', () => {
  const step = fc.record({
    dt: fc.integer({ min: 0, max: 12 * H }),
    value: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: null }),
    volume: fc.integer({ min: 0, max: 200 }),
  });

  it('fires at most once per incident, repeats no faster than renotify, resolves only after firing', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let state = INITIAL_STATE;
        let now = 0;
        let lastNotice = Number.NEGATIVE_INFINITY;
        let firedThisIncident = false;
        for (const s of steps) {
          now += s.dt;
          const { next, action } = evaluate(state, rule, obs(s.value, s.volume), now);
          if (action === 'fire') {
            expect(firedThisIncident).toBe(false);
            firedThisIncident = true;
            lastNotice = now;
          }
          if (action === 'repeat') {
            expect(firedThisIncident).toBe(true);
            expect(now - lastNotice).toBeGreaterThanOrEqual(rule.renotifyMs);
            lastNotice = now;
          }
          if (action === 'resolve') {
            expect(state.status).toBe('firing');
            firedThisIncident = false;
          }
          if (action !== 'none')
            expect(s.volume).toBeGreaterThanOrEqual(action === 'resolve' ? 0 : rule.minVolume);
          state = next;
        }
      }),
    );
  });

  describe('a metric no loaded source can compute (no revenue, no stage dates)', () => {
    const na = (code: 'no_revenue_data' | 'no_stage_data' = 'no_revenue_data'): Observation => ({
      ...obs(null, null, null),
      na: code,
    });

    it('reports n/a once, then stays quiet at every later evaluation', () => {
      const { state, actions } = run([
        [0, na()],
        [1, na()],
        [30, na()],
      ]);
      expect(actions).toEqual(['unavailable', 'none', 'none']);
      expect(state).toMatchObject({ status: 'ok', naCode: 'no_revenue_data', notifyCount: 0 });
    });

    it('neither resolves nor repeats a firing alert, and reports again after the data had it', () => {
      const { state, actions } = run(
        [
          [0, obs(70)],
          [1, na()],
          [3, na()],
          [4, obs(75)],
          [5, na('no_stage_data')],
          [6, obs(40)],
          [7, na('no_stage_data')],
        ],
        { ...rule, pendingForMs: 0 },
      );
      expect(actions).toEqual([
        'fire',
        'unavailable',
        'none',
        'none',
        'unavailable',
        'resolve',
        'unavailable',
      ]);
      expect(state).toMatchObject({ status: 'resolved', naCode: 'no_stage_data' });
    });

    it('says nothing while snoozed or muted, and says it once the snooze ends', () => {
      const snoozed = { ...INITIAL_STATE, snoozedUntil: 5 * H };
      expect(
        run(
          [
            [1, na()],
            [2, na()],
            [6, na()],
            [7, na()],
          ],
          rule,
          snoozed,
        ).actions,
      ).toEqual(['none', 'none', 'unavailable', 'none']);
      expect(
        run(
          [
            [1, na()],
            [8, na()],
          ],
          rule,
          { ...INITIAL_STATE, muted: true },
        ).actions,
      ).toEqual(['none', 'none']);
    });
  });
});
