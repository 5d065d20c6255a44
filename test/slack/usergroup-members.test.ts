import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock.ts';
import { usergroupMembers } from '../../src/slack/usergroup-members.ts';
import { SlackApiServer } from '../support/slack-api-server.ts';

/** The members cache the revenue allow-list and the editors' list share, against a loopback Slack. */
describe('usergroupMembers', () => {
  let slack: SlackApiServer;
  beforeAll(async () => {
    slack = await new SlackApiServer().start();
  });
  afterAll(() => slack.stop());

  it('reads a group once per ten minutes, and keeps the last members when Slack fails', async () => {
    const clock = new ManualClock('2026-12-02T09:00:00Z');
    const client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const errors: string[] = [];
    const members = usergroupMembers(client, clock, (_error, group) => errors.push(group));
    const reads = () => slack.callsTo('usergroups.users.list').length;
    const before = reads();

    slack.usergroups.set('S_OPS', ['U1', 'U2']);
    expect([...(await members('S_OPS'))]).toEqual(['U1', 'U2']);
    slack.usergroups.set('S_OPS', ['U1']);
    expect([...(await members('S_OPS'))]).toEqual(['U1', 'U2']); // cached
    expect(reads() - before).toBe(1);

    clock.advance(10 * 60_000 + 1);
    expect([...(await members('S_OPS'))]).toEqual(['U1']); // read again
    expect(reads() - before).toBe(2);

    clock.advance(10 * 60_000 + 1);
    slack.script('usergroups.users.list', [{ status: 500 }]);
    expect([...(await members('S_OPS'))]).toEqual(['U1']); // Slack failed: the last members stand
    expect(errors).toEqual(['S_OPS']);

    slack.script('usergroups.users.list', [{ status: 500 }]);
    expect((await members('S_NEVER_READ')).size).toBe(0); // nothing known: nobody
    expect(errors).toEqual(['S_OPS', 'S_NEVER_READ']);
  });
});
