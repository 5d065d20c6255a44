import { describe, expect, it } from 'vitest';
import { createAlertNotifier } from '../../src/alerts/notify.ts';
import { type ConfigRule, ruleFromConfig } from '../../src/alerts/rules.ts';
import { createAlertService } from '../../src/alerts/service.ts';
import { runQuery } from '../../src/kpi/engine.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { embeddedHarness } from '../schedule/harness.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';
import { leadsOver } from './fixtures.ts';

const T0 = '2026-06-15T08:00:00Z'; // Monday; last week is 8–14 June
const at = (iso: string) => Date.parse(`${iso}T10:00:00Z`);

/**
 * Last week: 40 leads became MQLs, 10 of them SQLs two days later (cohort 25 %). 60 leads that
 * became MQLs in May became SQLs last week too: the flow ratio (SQLs dated in the week over MQLs
 * dated in it) reads 70 / 40 = 175 %.
 */
const snapshot = buildSnapshot(
  [
    ...leadsOver('sql', 10, ['2026-06-09'], { mqlAt: at('2026-06-09'), sqlAt: at('2026-06-11') }),
    ...leadsOver('mql', 30, ['2026-06-09'], { mqlAt: at('2026-06-09') }),
    ...leadsOver('old', 60, ['2026-05-18'], { mqlAt: at('2026-05-20'), sqlAt: at('2026-06-10') }),
  ],
  [],
  { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: 'stages' },
);

const rule = (entry: Partial<ConfigRule> & Pick<ConfigRule, 'id'>) => {
  const made = ruleFromConfig({
    channel: 'CGROWTH',
    metric: 'mql_to_sql',
    op: '<',
    threshold: 30,
    window: { kind: 'relative', name: 'last-week' },
    minVolume: 30,
    ...entry,
  });
  if (!made) throw new Error(entry.id);
  return made;
};

describe('an alert rule on a stage conversion measures the digest funnel’s cohort, not the flow ratio', () => {
  const env = useStoreAndSlack(embeddedHarness, {
    clean: ['runs', 'alert_state', 'alert_rules'],
    slackPerTest: true,
  });

  it('fires at 25 % (not 175 %) and says within which lag; a rule above 100 % never fires', async () => {
    // The flow ratio really is above 100 % on this data.
    const flow = runQuery(
      snapshot,
      {
        metrics: ['mql_to_sql'],
        filters: [],
        by: null,
        period: { kind: 'relative', name: 'last-week' },
        compare: null,
        view: 'flow',
      },
      { now: new Date(T0), targets: { ltvCacRatio: 3 } },
    );
    if (!flow.ok) throw flow.error;
    expect(flow.value.total.values.mql_to_sql?.value).toBeCloseTo(175, 6);

    const clock = new ManualClock(T0);
    const alerts = createAlertService({
      store: env.db,
      clock,
      notifier: createAlertNotifier(env.client(), env.db, { clock, owner: 'replica' }),
      locale: 'en',
      targets: { ltvCacRatio: 3 },
      snapshot: async () => snapshot,
      sources: async () => [],
    });
    await alerts.syncRules([rule({ id: 'floor' }), rule({ id: 'over-100', op: '>', threshold: 100 })], []);
    const report = await alerts.evaluateAll();
    expect(report.actions.map((a) => [a.ruleId, a.action])).toEqual([['floor', 'fire']]);
    const [message] = env.slack.messages.filter((m) => m.channel === 'CGROWTH');
    expect(message?.text).toContain('is *25.0 %*');
    expect(message?.text).toContain('converted within 14 days');
    const states = (await alerts.list()).flatMap((r) => r.states.map((s) => [r.rule.rule.id, s.lastValue]));
    expect(states).toEqual([
      ['floor', 25],
      ['over-100', 25],
    ]);
  });

  it('counts within the configured lag (digest.stageLagDays)', async () => {
    const clock = new ManualClock(T0);
    const alerts = createAlertService({
      store: env.db,
      clock,
      notifier: createAlertNotifier(env.client(), env.db, { clock, owner: 'replica' }),
      locale: 'fr',
      targets: { ltvCacRatio: 3 },
      snapshot: async () => snapshot,
      sources: async () => [],
      stageLagDays: { mql: 14, sql: 1, customer: 30 },
    });
    await alerts.syncRules([rule({ id: 'floor' })], []);
    await alerts.evaluateAll();
    // The SQLs came two days after their MQL: none within one day.
    const [state] = (await alerts.list())[0]?.states ?? [];
    expect(state?.lastValue).toBe(0);
    const [message] = env.slack.messages.filter((m) => m.channel === 'CGROWTH');
    expect(message?.text).toContain('convertis sous 1 jour)');
  });
});
