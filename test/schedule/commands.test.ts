import { describe, expect, it } from 'vitest';
import { createAlertsCommandHandler } from '../../src/alerts/commands.ts';
import { createAlertNotifier } from '../../src/alerts/notify.ts';
import { createAlertService } from '../../src/alerts/service.ts';
import type { Asker } from '../../src/command/handler.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { createDigestCommandHandler, createDigestPreview } from '../../src/schedule/commands.ts';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { isoWeekOf } from '../../src/shared/iso-week.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';
import { embeddedHarness } from './harness.ts';

const asker: Asker = { user: 'U1', channel: 'C1', team: 'T1', locale: 'en' };
const dm: Asker = { ...asker, channel: 'D1' };

describe('/kpi digest and /kpi alerts sub-commands', () => {
  const env = useStoreAndSlack(embeddedHarness, {
    clean: ['digest_subscriptions', 'alert_rules', 'alert_state'],
  });
  const clock = new ManualClock('2026-11-20T10:00:00Z');

  const subscriptions = () =>
    createSubscriptionService(env.db, clock, {
      day: 1,
      time: '09:00',
      timeZone: 'Europe/Paris',
      locale: 'en',
    });
  const digest = () =>
    createDigestCommandHandler({
      subscriptions: subscriptions(),
      preview: async () => ({ text: 'preview', blocks: [] }),
    });

  it('previews the week asked for (`digest week=2026-W43`), last week otherwise', async () => {
    const weeks: string[] = [];
    const preview = createDigestPreview(
      async (due) => {
        weeks.push(due.week.label);
        return { summary: { text: due.week.label, blocks: [] }, details: [] };
      },
      clock,
      'Europe/Paris',
    );
    const handler = createDigestCommandHandler({ subscriptions: subscriptions(), preview });
    expect(
      (await handler({ kind: 'digest', action: 'preview', week: { year: 2026, week: 43 } }, asker)).text,
    ).toBe('2026-W43');
    await handler({ kind: 'digest', action: 'preview' }, asker);
    expect(weeks).toEqual([
      '2026-W43',
      isoWeekOf(new Date(clock.now().getTime() - 7 * 86_400_000), 'Europe/Paris').label,
    ]);
  });

  it('subscribes the channel it was typed in, with defaults, then changes the schedule', async () => {
    const reply = await digest()({ kind: 'digest', action: 'subscribe' }, asker);
    expect(reply.text).toContain('<#C1> every Monday at 09:00 (Europe/Paris)');
    await digest()(
      { kind: 'digest', action: 'subscribe', day: 'friday', time: '17:30', timeZone: 'America/New_York' },
      asker,
    );
    const [sub, ...rest] = await subscriptions().listActive();
    expect(rest).toEqual([]);
    expect(sub).toMatchObject({
      target: { kind: 'channel', id: 'C1' },
      day: 5,
      time: '17:30',
      timeZone: 'America/New_York',
    });
  });

  it('subscribes "me" (or from a DM) by DM, and unsubscribes', async () => {
    await digest()({ kind: 'digest', action: 'subscribe', target: { user: 'me' } }, asker);
    expect((await subscriptions().listActive())[0]?.target).toEqual({ kind: 'user', id: 'U1' });
    const bye = await digest()({ kind: 'digest', action: 'unsubscribe' }, dm);
    expect(bye.text).toContain('no longer');
    expect(await subscriptions().listActive()).toEqual([]);
    const none = await digest()({ kind: 'digest', action: 'unsubscribe' }, dm);
    expect(none.text).toContain('is not subscribed');
  });

  it('refuses a bad time zone or an unresolvable #name with a clear message', async () => {
    const tz = await digest()({ kind: 'digest', action: 'subscribe', timeZone: 'Mars/Olympus' }, asker);
    expect(tz.text).toContain('Mars/Olympus');
    const name = await digest()(
      { kind: 'digest', action: 'subscribe', target: { channel: '#growth' } },
      asker,
    );
    expect(name.text).toContain('#channel');
  });

  it('config subscriptions sync on start and leave Slack-made ones alone', async () => {
    const service = subscriptions();
    await service.subscribe({ target: { kind: 'channel', id: 'CSLACK' } });
    await service.syncFromConfig([
      { target: { kind: 'channel', id: 'CA' } },
      { target: { kind: 'user', id: 'UB' } },
    ]);
    await service.syncFromConfig([{ target: { kind: 'channel', id: 'CA' }, day: 3 }]);
    const active = await service.listActive();
    expect(active.map((s) => [s.id, s.day]).sort()).toEqual([
      ['channel:CA', 3],
      ['channel:CSLACK', 1],
    ]);
  });

  it('adds, lists, snoozes, mutes and removes alert rules', async () => {
    const service = createAlertService({
      store: env.db,
      clock,
      notifier: createAlertNotifier(env.client(), env.db, { clock, owner: 't' }),
      locale: 'en',
      targets: { ltvCacRatio: 3 },
      snapshot: async () =>
        buildSnapshot([], [], { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' }),
      sources: async () => [],
    });
    const alerts = createAlertsCommandHandler(service, () => clock.now().getTime());
    const added = await alerts(
      {
        kind: 'alerts',
        action: 'add',
        rule: {
          metric: 'cpl',
          op: '>',
          threshold: 60,
          filters: [{ dimension: 'campaign', values: ['Spring *Sale*'] }],
          channel: { channel: 'CGROWTH', name: 'growth' },
        },
      },
      asker,
    );
    expect(added.text).toContain('Alert #1 added');
    expect(added.text).toContain('<#CGROWTH>');
    await alerts(
      {
        kind: 'alerts',
        action: 'add',
        rule: { metric: 'cac', op: '>', threshold: { target: 'clv_ratio' }, filters: [] },
      },
      asker,
    );
    const list = await alerts({ kind: 'alerts', action: 'list' }, asker);
    expect(list.text).toContain('*#1* Cost per lead > 60');
    expect(list.text).toContain('Spring \u200B*\u200BSale');
    expect(list.text).toContain('*#2*');
    expect(list.text).toContain('<#C1>');
    const snoozed = await alerts(
      { kind: 'alerts', action: 'snooze', id: '1', durationMs: 24 * 3600_000 },
      asker,
    );
    expect(snoozed.text).toContain('2026-11-21 10:00');
    expect((await alerts({ kind: 'alerts', action: 'list' }, asker)).text).toContain('snoozed until');
    expect((await alerts({ kind: 'alerts', action: 'mute', id: '2' }, asker)).text).toContain('muted');
    expect((await alerts({ kind: 'alerts', action: 'remove', id: '1' }, asker)).text).toContain('removed');
    expect((await alerts({ kind: 'alerts', action: 'remove', id: '1' }, asker)).text).toContain(
      'no alert #1',
    );
    const after = await alerts({ kind: 'alerts', action: 'list' }, asker);
    expect(after.text).not.toContain('*#1*');
    expect(after.text).toContain('muted');
  });
});
