import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLines } from '../../src/alerts/commands.ts';
import { createAlertNotifier } from '../../src/alerts/notify.ts';
import { type ConfigRule, ruleFromConfig } from '../../src/alerts/rules.ts';
import { createAlertService } from '../../src/alerts/service.ts';
import type { Locale } from '../../src/i18n/locale.ts';
import { buildSnapshot, type Snapshot } from '../../src/kpi/snapshot.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { embeddedHarness, postgresHarness } from '../schedule/harness.ts';
import { noRevenueWorkspace } from '../support/no-revenue-exports.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';
import { cost, leadsOver } from './fixtures.ts';

const H = 3600_000;
const T0 = '2026-11-23T08:00:00Z'; // Monday 09:00 in Paris
const FIRST_DAY = 20_738; // 2026-10-12
const LAST_DAY = 20_779; // 2026-11-22

// A Salesforce leads report and a Meta export, ingested: no revenue column, no stage dates.
let noRevenue: Snapshot;
let cleanup = async () => {};
beforeAll(async () => {
  const workspace = await noRevenueWorkspace(FIRST_DAY, LAST_DAY);
  noRevenue = workspace.snapshot;
  cleanup = workspace.cleanup;
});
afterAll(async () => {
  await cleanup();
});

/** Leads won for 1 000 € against 10 000 € of spend in the week before T0: ROI −90 %. */
function withRevenue(): Snapshot {
  const days = ['2026-11-17', '2026-11-18', '2026-11-19'];
  const customerAt = Date.parse('2026-11-20T10:00:00Z');
  return buildSnapshot(
    [...leadsOver('won', 10, days, { customerAt, amount: 100 }), ...leadsOver('open', 40, days)],
    days.map((d, i) => cost(`c${i}`, d, 10_000 / 3)),
    { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: 'with-revenue' },
  );
}

const roiRule: ConfigRule = {
  id: 'roi-floor',
  channel: 'CGROWTH',
  metric: 'roi',
  op: '<',
  threshold: 100,
  window: { kind: 'last-days', days: 7 },
  renotifyMs: 7 * 24 * H,
  minVolume: 0,
};
const stageRule: ConfigRule = {
  id: 'mql-to-sql-floor',
  channel: 'CGROWTH',
  metric: 'mql_to_sql',
  op: '<',
  threshold: 25,
  window: { kind: 'relative', name: 'last-week' },
  renotifyMs: 7 * 24 * H,
  minVolume: 0,
};
// A control on what the data does carry: it fires as usual.
const cplRule: ConfigRule = {
  id: 'cpl-ceiling',
  channel: 'CGROWTH',
  metric: 'cpl',
  op: '>',
  threshold: 10,
  window: { kind: 'last-days', days: 7 },
  renotifyMs: 7 * 24 * H,
  minVolume: 30,
};

describe.each([
  ['embedded', embeddedHarness],
  ['postgres', postgresHarness],
] as const)('alert rules on a metric the data cannot compute, %s store', (_name, makeHarness) => {
  const env = useStoreAndSlack(makeHarness, {
    clean: ['runs', 'alert_state', 'alert_rules'],
    slackPerTest: true,
  });

  const service = (clock: ManualClock, snapshot: () => Snapshot, locale: Locale = 'en') =>
    createAlertService({
      store: env.db,
      clock,
      notifier: createAlertNotifier(env.client(), env.db, { clock, owner: `replica-${locale}` }),
      locale,
      targets: { ltvCacRatio: 3 },
      snapshot: async () => snapshot(),
      sources: async () => [],
    });
  const rules = (...entries: ConfigRule[]) =>
    entries.map((entry) => {
      const rule = ruleFromConfig(entry);
      if (!rule) throw new Error(entry.id);
      return rule;
    });
  const topLevel = () => env.slack.messages.filter((m) => m.channel === 'CGROWTH' && !m.thread_ts);

  it('reports n/a with the reason once, never fires on it, while a computable rule fires', async () => {
    const clock = new ManualClock(T0);
    const alerts = service(clock, () => noRevenue);
    await alerts.syncRules(rules(roiRule, stageRule, cplRule), []);

    const first = await alerts.evaluateAll();
    expect(first.actions.map((a) => [a.ruleId, a.action]).sort()).toEqual([
      ['cpl-ceiling', 'fire'],
      ['mql-to-sql-floor', 'unavailable'],
      ['roi-floor', 'unavailable'],
    ]);
    const posted = topLevel();
    expect(posted).toHaveLength(3);
    const roi = posted.find((m) => String(m.text).includes('*Return on investment*'));
    expect(roi?.text).toContain('*n/a*: no revenue in the data (no loaded source has a revenue column)');
    expect(roi?.text).toContain('neither fires nor recovers');
    const stage = posted.find((m) => String(m.text).includes('MQL → SQL'));
    expect(stage?.text).toContain('no stage dates in the data');
    for (const m of posted) expect(String(m.text)).not.toMatch(/−100|-100/);
    // The n/a notice has no snooze / mute buttons: there is no incident to snooze.
    expect(JSON.stringify(roi?.blocks)).not.toContain('kpi_alert_snooze');

    // Later evaluations, after an hour and after days: nothing more about it.
    clock.advance(H);
    await alerts.evaluateAll();
    clock.advance(30 * H);
    const later = await alerts.evaluateAll();
    expect(later.actions).toEqual([]);
    expect(topLevel()).toHaveLength(3);
    const listed = await alerts.list();
    const states = listed.flatMap((r) => r.states.map((s) => [r.rule.rule.id, s.status, s.naCode]));
    expect(states.sort()).toEqual([
      ['cpl-ceiling', 'firing', null],
      ['mql-to-sql-floor', 'ok', 'no_stage_data'],
      ['roi-floor', 'ok', 'no_revenue_data'],
    ]);
    // `/kpi alerts` lists why too.
    const lines = listLines(listed, 'en', clock.now().getTime()).join('\n');
    expect(lines).toContain('ok, n/a: no revenue in the data');
    expect(lines).toContain('ok, n/a: no stage dates in the data');
  });

  it('a firing ROI alert does not "recover" when the revenue column disappears', async () => {
    const clock = new ManualClock(T0);
    let snapshot = withRevenue();
    const alerts = service(clock, () => snapshot);
    await alerts.syncRules(rules(roiRule), []);
    const fired = await alerts.evaluateAll();
    expect(fired.actions.map((a) => a.action)).toEqual(['fire']);
    const [incident] = topLevel();
    expect(incident?.text).toContain('-90.0 %');

    // The data now comes from an export with no revenue column: n/a, said once, still firing.
    snapshot = noRevenue;
    clock.advance(H);
    expect((await alerts.evaluateAll()).actions.map((a) => a.action)).toEqual(['unavailable']);
    clock.advance(H);
    expect((await alerts.evaluateAll()).actions).toEqual([]);
    expect(env.slack.callsOf('chat.update')).toEqual([]);
    expect(env.slack.messages.filter((m) => m.thread_ts === incident?.ts)).toEqual([]);
    const [state] = (await alerts.list())[0]?.states ?? [];
    expect(state).toMatchObject({ status: 'firing', naCode: 'no_revenue_data' });
    expect(topLevel()[1]?.text).toContain('no revenue in the data');
  });

  it('a CAC rule against a CLV modelled from revenue says its threshold is n/a, once', async () => {
    const clock = new ManualClock(T0);
    const alerts = createAlertService({
      store: env.db,
      clock,
      notifier: createAlertNotifier(env.client(), env.db, { clock, owner: 'replica-target' }),
      locale: 'en',
      targets: { ltvCacRatio: 3, clvModel: { kind: 'frequency', purchaseFrequency: 2, lifetime: 3 } },
      snapshot: async () => noRevenue,
      sources: async () => [],
    });
    await alerts.syncRules(
      rules({ ...cplRule, id: 'cac-vs-clv', metric: 'cac', op: '>', threshold: { target: 'clv_ratio' } }),
      [],
    );
    expect((await alerts.evaluateAll()).actions.map((a) => a.action)).toEqual(['unavailable']);
    clock.advance(H);
    expect((await alerts.evaluateAll()).actions).toEqual([]);
    const [notice, ...more] = topLevel();
    expect(more).toEqual([]);
    expect(notice?.text).toContain('but its threshold (CLV / target ratio) is *n/a*: no revenue in the data');
  });

  it('says it in French from the catalogue', async () => {
    const clock = new ManualClock(T0);
    const alerts = service(clock, () => noRevenue, 'fr');
    await alerts.syncRules(rules(roiRule), []);
    await alerts.evaluateAll();
    const [notice] = topLevel();
    expect(notice?.text).toContain('*n/d*');
    expect(notice?.text).toContain('aucun chiffre d’affaires dans les données');
    expect(notice?.text).toContain('ne se déclenche ni ne se rétablit');
  });
});
