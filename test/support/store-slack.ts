import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { embeddedHarness, type Harness, slackClient } from '../schedule/harness.ts';
import { type SlackStub, startSlackStub } from './slack-api-stub-server.ts';

export interface StoreAndSlack {
  /** The migrated store of this describe block. */
  readonly db: Db;
  /** The loopback Slack Web API of the running test. */
  readonly slack: SlackStub;
  /** A WebClient pointed at it, without SDK retries (the code under test retries). */
  client(): WebClient;
}

export interface StoreAndSlackOptions {
  /** Tables emptied before each test (tests of one file then start from the same state). */
  clean?: readonly string[];
  /** A new loopback Slack for each test (its messages start empty), else one for the block. */
  slackPerTest?: boolean;
}

/**
 * The store + loopback Slack that the schedule and alert tests share: registers the vitest
 * hooks that open the store before the block and close and remove it after, and start and
 * stop the Slack stub; call it at the top of a `describe`.
 */
export function useStoreAndSlack(
  make: () => Harness = embeddedHarness,
  options: StoreAndSlackOptions = {},
): StoreAndSlack {
  let harness: Harness | undefined;
  let db: Db | undefined;
  let slack: SlackStub | undefined;
  beforeAll(async () => {
    harness = make();
    db = await harness.open();
    if (!options.slackPerTest) slack = await startSlackStub();
  });
  afterAll(async () => {
    if (!options.slackPerTest) await slack?.close();
    await db?.close();
    await harness?.dispose();
  });
  beforeEach(async () => {
    for (const table of options.clean ?? []) await db?.execute(`DELETE FROM ${table}`);
    if (options.slackPerTest) {
      const own = await startSlackStub();
      slack = own;
      return () => own.close();
    }
    return undefined;
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is open only inside the tests of its describe block`);
    return value;
  };
  return {
    get db() {
      return need(db, 'the store');
    },
    get slack() {
      return need(slack, 'the loopback Slack');
    },
    client() {
      return slackClient(need(slack, 'the loopback Slack').apiUrl);
    },
  };
}
