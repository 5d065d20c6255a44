import { describe, expect, it } from 'vitest';
import { ALERT_ACTIONS } from '../../src/alerts/blocks.ts';
import type { SourceAge } from '../../src/alerts/measure.ts';
import { createAlertNotifier } from '../../src/alerts/notify.ts';
import { builtinRules, type ConfigRule, ruleFromConfig } from '../../src/alerts/rules.ts';
import { createAlertService } from '../../src/alerts/service.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { embeddedHarness, postgresHarness } from '../schedule/harness.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';
import { cost, leadsOver } from './fixtures.ts';

const H = 3600_000;
const T0 = '2026-06-15T08:00:00Z'; // a Monday, 10:00 in Paris
const DAYS = ['2026-06-10', '2026-06-11', '2026-06-12'];

describe.each([
  ['embedded', embeddedHarness],
  ['postgres', postgresHarness],
] as const)('alerts on the %s store', (_name, makeHarness) => {
  const env = useStoreAndSlack(makeHarness, {
    clean: ['runs', 'alert_state', 'alert_rules'],
    slackPerTest: true,
  });

  /** A workspace whose data the test changes between evaluations. */
  const workspace = (clock: ManualClock, owner = 'replica-a') => {
    const data: { leads: Lead[]; costs: Cost[]; sources: SourceAge[] } = {
      leads: [],
      costs: [],
      sources: [],
    };
    let version = 0;
    const notifier = createAlertNotifier(env.client(), env.db, {
      clock,
      owner,
      adminChannel: 'CADMIN',
    });
    const service = createAlertService({
      store: env.db,
      clock,
      notifier,
      locale: 'en',
      targets: { ltvCacRatio: 3 },
      snapshot: async () =>
        buildSnapshot(data.leads, data.costs, {
          timeZone: 'Europe/Paris',
          currency: 'EUR',
          dataVersion: String(++version),
        }),
      sources: async () => data.sources,
    });
    return { data, service };
  };
  const cplRule: ConfigRule = {
    id: 'cpl-spring',
    channel: 'CGROWTH',
    metric: 'cpl',
    op: '>',
    threshold: 60,
    filters: [{ dimension: 'campaign', values: ['Spring Sale'] }],
    window: { kind: 'last-days', days: 7 },
    renotifyMs: 6 * H,
    minVolume: 30,
  };
  const topLevel = (channel: string) =>
    env.slack.messages.filter((m) => m.channel === channel && !m.thread_ts);
  const thread = (ts: string | undefined) => env.slack.messages.filter((m) => m.thread_ts === ts);

  it('fires once, repeats no faster than its interval, is snoozed, resolves with one recovery message', async () => {
    const clock = new ManualClock(T0);
    const a = workspace(clock, 'replica-a');
    const b = workspace(clock, 'replica-b');
    const rule = ruleFromConfig(cplRule);
    if (!rule) throw new Error('rule');
    await a.service.syncRules([rule], []);
    for (const w of [a, b]) {
      w.data.leads = leadsOver('l', 100, DAYS);
      w.data.costs = DAYS.map((d, i) => cost(`c${i}`, d, 7000 / 3));
    }

    // Both replicas evaluate at once: one message.
    const [ra, rb] = await Promise.all([a.service.evaluateAll(), b.service.evaluateAll()]);
    expect([...ra.actions, ...rb.actions].map((x) => x.action)).toEqual(['fire']);
    const [alert, ...others] = topLevel('CGROWTH');
    expect(others).toEqual([]);
    expect(alert?.text).toContain('*Cost per lead*');
    expect(alert?.text).toContain('€70.00');
    expect(alert?.text).toContain('€60.00');
    expect(alert?.text).toContain('campaign = Spring Sale');
    expect(alert?.metadata?.event_type).toBe('kpi_alert');
    const actionIds = ((alert?.blocks ?? []) as { elements?: { action_id: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.action_id);
    expect(actionIds).toEqual([ALERT_ACTIONS.snooze24h, ALERT_ACTIONS.snooze7d, ALERT_ACTIONS.mute]);

    // Within the re-notify interval: nothing, from either replica, after a restart too.
    clock.advance(H);
    await a.service.evaluateAll();
    await workspace(clock, 'restarted').service.evaluateAll();
    clock.advance(4 * H);
    await b.service.evaluateAll();
    expect(env.slack.callsOf('chat.postMessage')).toHaveLength(1);

    // Six hours after the alert: one repeat, in its thread.
    clock.advance(H);
    await Promise.all([a.service.evaluateAll(), b.service.evaluateAll()]);
    expect(thread(alert?.ts)).toHaveLength(1);
    expect(thread(alert?.ts)[0]?.text).toContain('Still firing');

    // Snoozed 24 h (the button): no repeat at +12 h nor +20 h.
    const [state] = (await a.service.list())[0]?.states ?? [];
    await a.service.snoozeScope('cpl-spring', state?.scope ?? '', 24 * H);
    clock.advance(6 * H);
    await a.service.evaluateAll();
    clock.advance(8 * H);
    await a.service.evaluateAll();
    expect(thread(alert?.ts)).toHaveLength(1);

    // The CPL recovers: the original is updated to resolved, one recovery reply.
    for (const w of [a, b]) w.data.leads = leadsOver('l', 150, DAYS);
    clock.advance(H);
    await Promise.all([a.service.evaluateAll(), b.service.evaluateAll()]);
    clock.advance(H);
    await a.service.evaluateAll();
    expect(topLevel('CGROWTH')).toHaveLength(1);
    const updates = env.slack.callsOf('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args).toMatchObject({ channel: 'CGROWTH', ts: alert?.ts });
    expect(alert?.text).toContain('Resolved');
    // The resolved original states the threshold it fired at and the worst value of the incident.
    expect(String(updates[0]?.args.text)).toContain('the threshold of €60.00 and peaked at *€70.00*');
    const replies = thread(alert?.ts);
    expect(replies).toHaveLength(2);
    expect(replies[1]?.text).toContain('Recovered');
    expect(replies[1]?.text).toContain('€46.67');
  });

  it('a rate under the minimum volume never fires (no CPL alert on 3 leads)', async () => {
    const clock = new ManualClock(T0);
    const w = workspace(clock);
    const rule = ruleFromConfig(cplRule);
    if (!rule) throw new Error('rule');
    await w.service.syncRules([rule], []);
    w.data.leads = leadsOver('l', 3, DAYS);
    w.data.costs = [cost('c1', DAYS[0] ?? '', 1000)];
    for (let i = 0; i < 5; i++) {
      await w.service.evaluateAll();
      clock.advance(12 * H);
    }
    expect(env.slack.callsOf('chat.postMessage')).toEqual([]);
  });

  it('escapes data values: a campaign called <!channel> never pings the channel', async () => {
    const clock = new ManualClock(T0);
    const w = workspace(clock);
    const rule = ruleFromConfig({ ...cplRule, filters: [{ dimension: 'campaign', values: ['<!channel>'] }] });
    if (!rule) throw new Error('rule');
    await w.service.syncRules([rule], []);
    w.data.leads = leadsOver('l', 40, DAYS, { campaign: '<!channel>' });
    w.data.costs = [cost('c1', DAYS[0] ?? '', 4000, { campaign: '<!channel>' })];
    await w.service.evaluateAll();
    const [alert] = topLevel('CGROWTH');
    expect(alert?.text).toContain('&lt;!channel&gt;');
    // Every text Slack renders is escaped (button values are not rendered).
    const texts = ((alert?.blocks ?? []) as { text?: { text: string } }[]).map((b) => b.text?.text ?? '');
    expect(texts.join('\n')).toContain('&lt;!channel&gt;');
    expect(texts.join('\n')).not.toContain('<!channel>');
  });

  it('built-in: a source not refreshed for N hours alerts once per source, and recovers on refresh', async () => {
    const clock = new ManualClock(T0);
    const w = workspace(clock);
    await w.service.syncRules([], builtinRules('COPS', { staleAfterHours: 48 }));
    w.data.sources = [
      { origin: 'hubspot-contacts', lastImportAt: clock.now().getTime() - 50 * H },
      { origin: 'google-ads', lastImportAt: clock.now().getTime() - 2 * H },
    ];
    await w.service.evaluateAll();
    clock.advance(H);
    await w.service.evaluateAll();
    const alerts = topLevel('COPS');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.text).toContain('hubspot-contacts');
    w.data.sources = [{ origin: 'hubspot-contacts', lastImportAt: clock.now().getTime() }];
    await w.service.evaluateAll();
    expect(env.slack.callsOf('chat.update')).toHaveLength(1);
    expect(thread(alerts[0]?.ts)).toHaveLength(1);
  });

  it('built-in: lead volume collapsing (a broken form) fires against the same weekday average', async () => {
    const clock = new ManualClock(T0);
    const w = workspace(clock);
    await w.service.syncRules([], builtinRules('COPS'));
    // Sundays before: 40 leads each; yesterday (Sunday 14 June): 2.
    w.data.leads = [
      ...['2026-05-17', '2026-05-24', '2026-05-31', '2026-06-07'].flatMap((d) => leadsOver(`s${d}`, 40, [d])),
      ...leadsOver('y', 2, ['2026-06-14']),
    ];
    await w.service.evaluateAll();
    const [alert] = topLevel('COPS');
    expect(alert?.text).toContain('Leads yesterday');
    expect(alert?.text).toContain('*2*');
  });

  it('a failed notification is retried on the next evaluation, then reported to the admin channel', async () => {
    const clock = new ManualClock(T0);
    const w = workspace(clock);
    const rule = ruleFromConfig(cplRule);
    if (!rule) throw new Error('rule');
    await w.service.syncRules([rule], []);
    w.data.leads = leadsOver('l', 100, DAYS);
    w.data.costs = [cost('c1', DAYS[0] ?? '', 7000)];
    env.slack.failNext('chat.postMessage', 'internal_error', 1);
    const first = await w.service.evaluateAll();
    expect(first.notifications.map((n) => n.status)).toEqual(['retry']);
    clock.advance(5 * 60_000);
    const second = await w.service.evaluateAll();
    expect(second.notifications.map((n) => n.status)).toEqual(['posted']);
    expect(topLevel('CGROWTH')).toHaveLength(1);

    await w.service.syncRules([{ ...rule, id: 'gone', channel: 'CGONE' }], []);
    env.slack.failNext('chat.postMessage', 'channel_not_found', 1);
    const third = await w.service.evaluateAll();
    expect(third.notifications.map((n) => n.status)).toEqual(['failed']);
    expect(topLevel('CADMIN')[0]?.text).toContain('channel_not_found');
  });
});
