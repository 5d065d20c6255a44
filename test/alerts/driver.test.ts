import { describe, expect, it } from 'vitest';
import { alertDriver, alertDriverText } from '../../src/alerts/driver.ts';
import { createAlertNotifier } from '../../src/alerts/notify.ts';
import { type ConfigRule, ruleFromConfig } from '../../src/alerts/rules.ts';
import { createAlertService } from '../../src/alerts/service.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import type { Cost } from '../../src/model/cost.ts';
import type { Lead } from '../../src/model/lead.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { MessageSchema } from '../../src/shared/slack-message.ts';
import { embeddedHarness } from '../schedule/harness.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';
import { cost, leadsOver } from './fixtures.ts';

const T0 = '2026-06-15T08:00:00Z'; // a Monday: the window is 9-15 June, the one before 2-8 June
const BEFORE = ['2026-06-03', '2026-06-04', '2026-06-05'];
const AFTER = ['2026-06-10', '2026-06-11', '2026-06-12'];

/** Spring Sale and "<!channel>" (a hostile name) with 50 leads a window each; the second spends 6× after. */
function data(): { leads: Lead[]; costs: Cost[] } {
  const leads = [
    ...leadsOver('sb', 50, BEFORE),
    ...leadsOver('sa', 50, AFTER),
    ...leadsOver('bb', 50, BEFORE, { campaign: '<!channel>' }),
    ...leadsOver('ba', 50, AFTER, { campaign: '<!channel>' }),
  ];
  const costs = [
    cost('c1', '2026-06-04', 1000),
    cost('c2', '2026-06-11', 1000),
    cost('c3', '2026-06-04', 1000, { campaign: '<!channel>' }),
    cost('c4', '2026-06-11', 6000, { campaign: '<!channel>' }),
  ];
  return { leads, costs };
}

const rule: ConfigRule = {
  id: 'cpl-all',
  channel: 'CGROWTH',
  metric: 'cpl',
  op: '>',
  threshold: 60,
  filters: [],
  window: { kind: 'last-days', days: 7 },
  renotifyMs: 3_600_000,
  minVolume: 30,
};

describe('the top driver of an alert', () => {
  it('is the group behind the move since the previous window (CPL 20 € → 70 €: all of it)', () => {
    const { leads, costs } = data();
    const snapshot = buildSnapshot(leads, costs, {
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      dataVersion: '1',
    });
    const parsed = ruleFromConfig(rule);
    if (!parsed) throw new Error('rule');
    const driver = alertDriver(parsed, snapshot, new Date(T0), { ltvCacRatio: 3 });
    expect(driver).toMatchObject({
      dimension: 'campaign',
      label: '<!channel>',
      contribution: 50,
      change: 50,
    });
    expect(driver?.previousPeriod.from).toBe('2026-06-02');
    const en = alertDriverText(driver!, 'en');
    expect(en).toContain('campaign &lt;!channel&gt; (+€50.00 of +€50.00)');
    expect(en).not.toContain('<!channel>');
    expect(alertDriverText(driver!, 'fr').replace(/\u00a0/g, ' ')).toContain(
      'campagne &lt;!channel&gt; (+50,00 € sur +50,00 €)',
    );
  });

  describe('in the firing message', () => {
    const env = useStoreAndSlack(embeddedHarness, { slackPerTest: true });

    it('names it under the value and the threshold, escaped, within Block Kit limits', async () => {
      const clock = new ManualClock(T0);
      const { leads, costs } = data();
      const service = createAlertService({
        store: env.db,
        clock,
        notifier: createAlertNotifier(env.client(), env.db, { clock, owner: 'a' }),
        locale: 'en',
        targets: { ltvCacRatio: 3 },
        snapshot: async () =>
          buildSnapshot(leads, costs, { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' }),
        sources: async () => [],
      });
      const parsed = ruleFromConfig(rule);
      if (!parsed) throw new Error('rule');
      await service.syncRules([parsed], []);
      const report = await service.evaluateAll();
      expect(report.actions.map((a) => a.action)).toEqual(['fire']);
      const [alert] = env.slack.messages.filter((m) => m.channel === 'CGROWTH');
      const blocks = JSON.stringify(alert?.blocks);
      expect(blocks).toContain('Top driver against the previous window');
      expect(blocks).toContain('campaign &lt;!channel&gt; (+€50.00 of +€50.00)');
      expect(blocks).not.toContain('<!channel>');
      expect(MessageSchema.safeParse({ text: alert?.text, blocks: alert?.blocks }).success).toBe(true);
    });
  });
});
