import { describe, expect, it } from 'vitest';
import { createDigestPoster } from '../../src/schedule/poster.ts';
import { createScheduler } from '../../src/schedule/scheduler.ts';
import { createSubscriptionService } from '../../src/schedule/subscriptions.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { createRunStore } from '../../src/store/runs.ts';
import { useStoreAndSlack } from '../support/store-slack.ts';
import { placeholderRender } from './render.ts';

const DEFAULTS = { day: 1, time: '09:00', timeZone: 'Europe/Paris', locale: 'en' as const };

describe('the digest chart upload', () => {
  const env = useStoreAndSlack();

  it('is not uploaded by a process that lost the chart part’s claim', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    const runs = createRunStore(env.db);
    const subscriptions = createSubscriptionService(env.db, clock, DEFAULTS);
    await subscriptions.subscribe({ target: { kind: 'channel', id: 'CCHART' } });
    const now = () => clock.now().getTime();
    const poster = createDigestPoster(env.client(), env.db, {
      clock,
      owner: 'loser',
      render: placeholderRender,
      maxAttempts: 1,
      sleep: async () => {},
      hooks: {
        afterPost: async (runKey) => {
          if (!runKey.endsWith('/detail-2')) return;
          // An earlier attempt died while uploading: the chart part is left 'posting', so this
          // process looks in the thread first; meanwhile another replica takes the part over.
          const parent = runKey.slice(0, -'/detail-2'.length);
          const chart = {
            runKey: `${parent}/chart`,
            kind: 'digest' as const,
            subject: parent,
            period: 'chart',
          };
          await runs.adopt(chart, 'dead', now());
          await runs.markPosting(chart.runKey, 'dead', 'CCHART', now());
          env.slack.beforeNext('conversations.replies', async () => {
            await runs.adopt(chart, 'winner', now());
          });
        },
      },
    });
    const scheduler = createScheduler({ store: env.db, clock, subscriptions, poster, graceMs: 3600_000 });
    const outcomes = await scheduler.tick();
    expect(outcomes.map((o) => o.status)).toEqual(['skipped']);
    expect(env.slack.callsOf('conversations.replies')).toHaveLength(1);
    expect(env.slack.callsOf('files.getUploadURLExternal')).toEqual([]);
    expect(env.slack.callsOf('files.completeUploadExternal')).toEqual([]);
  });
});
