import { describe, expect, it } from 'vitest';
import { DEFAULT_DIGEST_SETTINGS } from '../../src/digest/types.ts';
import { buildSnapshot } from '../../src/kpi/snapshot.ts';
import { createDigestPreview } from '../../src/schedule/commands.ts';
import { createDigestRenderer } from '../../src/schedule/digest-render.ts';
import { createDigestPoster } from '../../src/schedule/poster.ts';
import { createScheduler } from '../../src/schedule/scheduler.ts';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { cost, leadsOver } from '../alerts/fixtures.ts';
import { noRevenueWorkspace } from '../support/no-revenue-exports.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';

describe('the real digest through the exactly-once poster', () => {
  const env = useStoreAndSlack();

  it('posts the summary in the channel, the details and the chart PNG in its thread', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const days = ['2026-11-10', '2026-11-12', '2026-11-17', '2026-11-19'];
    const snapshot = buildSnapshot(
      leadsOver('l', 80, days),
      days.map((d, i) => cost(`c${i}`, d, 500)),
      { timeZone: 'Europe/Paris', currency: 'EUR', dataVersion: '1' },
    );
    const render = createDigestRenderer({
      clock,
      snapshot: async () => snapshot,
      sources: async () => [{ origin: 'hubspot-contacts', lastImportAt: clock.now().getTime() - 3600_000 }],
      settings: DEFAULT_DIGEST_SETTINGS,
    });
    const subscriptions = createSubscriptionService(env.db, clock, {
      day: 1,
      time: '09:00',
      timeZone: 'Europe/Paris',
      locale: 'fr',
    });
    await subscriptions.subscribe({ target: { kind: 'channel', id: 'CDIGEST' } });
    const poster = createDigestPoster(env.client(), env.db, { clock, owner: 'p', render });
    const outcomes = await createScheduler({ store: env.db, clock, subscriptions, poster }).tick();
    expect(outcomes.map((o) => o.status)).toEqual(['posted']);

    const [summary, ...more] = env.slack.messages.filter((m) => m.channel === 'CDIGEST' && !m.thread_ts);
    expect(more).toEqual([]);
    expect(summary?.text).toBe('Bilan hebdo 2026-W47 : rien à signaler cette semaine');
    expect(Array.isArray(summary?.blocks)).toBe(true);
    const thread = env.slack.messages.filter((m) => m.thread_ts === summary?.ts);
    expect(thread.filter((m) => m.files?.some((f) => f.name === 'kpi-digest-2026-W47.png'))).toHaveLength(1);
    expect(thread.filter((m) => !m.files).map((m) => m.text)).toEqual(['Bilan hebdo 2026-W47 : détails']);
    const upload = env.slack.callsOf('files.getUploadURLExternal')[0]?.args;
    expect(Number(upload?.length)).toBeGreaterThan(1000);

    const preview = await createDigestPreview(
      render,
      clock,
      'Europe/Paris',
    )({
      user: 'U1',
      channel: 'C1',
      team: 'T1',
      locale: 'en',
    });
    expect(preview.text).toBe('Weekly digest 2026-W47: nothing notable this week');
    expect(preview.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Weekly digest · 2026-W47 (2026-11-16 → 2026-11-22)', emoji: true },
    });
    expect(preview.blocks.length).toBeLessThanOrEqual(50);
  });

  it('posts n/a with the reason when no loaded source has revenue or stage dates (en and fr)', async () => {
    // A Salesforce leads report and a Meta export, ingested: no revenue column, no stage dates.
    const workspace = await noRevenueWorkspace(20_738, 20_779); // 2026-10-12 → 2026-11-22
    try {
      const clock = new ManualClock('2026-11-23T08:00:00Z');
      const render = createDigestRenderer({
        clock,
        snapshot: async () => workspace.snapshot,
        sources: async () => [],
        settings: DEFAULT_DIGEST_SETTINGS,
      });
      const subscriptions = createSubscriptionService(env.db, clock, {
        day: 1,
        time: '09:00',
        timeZone: 'Europe/Paris',
        locale: 'en',
      });
      await subscriptions.subscribe({ target: { kind: 'channel', id: 'CNOREV' } });
      await subscriptions.subscribe({ target: { kind: 'channel', id: 'CNOREVFR' }, locale: 'fr' });
      const poster = createDigestPoster(env.client(), env.db, { clock, owner: 'p', render });
      const outcomes = await createScheduler({ store: env.db, clock, subscriptions, poster }).tick();
      expect(outcomes.map((o) => o.status)).toEqual(['posted', 'posted']);
      const posted = (channel: string) =>
        JSON.stringify(env.slack.messages.filter((m) => m.channel === channel && !m.files));
      const en = posted('CNOREV');
      expect(en).toContain(
        '*Revenue*\\nn/a\\nno revenue in the data (no loaded source has a revenue column)',
      );
      expect(en).toContain('*MQL → SQL*: n/a, no stage dates in the data');
      expect(en).toContain('Profit and ROI n/a: no revenue in the data');
      expect(en).not.toMatch(/−100|-100/);
      const fr = posted('CNOREVFR');
      expect(fr).toContain('aucun chiffre d’affaires dans les données');
      expect(fr).toContain('aucune date d’étape dans les données');
    } finally {
      await workspace.cleanup();
    }
  });
});
