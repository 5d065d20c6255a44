import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/shared/clock.ts';
import { createDbSeenStore, createMemorySeenStore, type SeenStore } from '../../src/slack/seen.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { embeddedHarness, postgresHarness, type StoreHarness } from '../store/fixtures.ts';

describe.each([
  ['embedded', embeddedHarness],
  ['postgres', postgresHarness],
] as const)('seen keys in the %s store (replay cache shared by replicas)', (_name, harness) => {
  let store: StoreHarness;
  let a: Db;
  let b: Db;
  const clock = new ManualClock('2026-11-02T09:00:00Z');
  beforeAll(async () => {
    store = harness();
    a = await store.open();
    await migrate(a);
    b = await store.open();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await store.dispose();
  });

  it('tells exactly one of two replicas that a key is new, and forgets it after its TTL', async () => {
    const one: SeenStore = createDbSeenStore(a, clock);
    const two: SeenStore = createDbSeenStore(b, clock);
    const results = await Promise.all([
      one.firstTime('sig:v0=abc', 60_000),
      two.firstTime('sig:v0=abc', 60_000),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await two.firstTime('sig:v0=abc', 60_000)).toBe(false);
    clock.advance(61_000);
    expect(await two.firstTime('sig:v0=abc', 60_000)).toBe(true);
  });

  it('gives each of many keys, asked together by two replicas, to exactly one asker', async () => {
    const one = createDbSeenStore(a, clock);
    const two = createDbSeenStore(b, clock);
    // 700 keys: more than one statement's worth; every key asked twice by one replica, once by
    // the other, which asks them in the opposite order (the writes must not deadlock).
    const keys = Array.from({ length: 700 }, (_, i) => `trigger:${i}`);
    const ask = (store: SeenStore, k: string) => store.firstTime(k, 60_000).then((first) => ({ k, first }));
    const asks = [
      ...keys.map((k) => ask(one, k)),
      ...[...keys].reverse().map((k) => ask(two, k)),
      ...keys.map((k) => ask(one, k)),
    ];
    const answers = await Promise.all(asks);
    const winners = new Map<string, number>();
    for (const { k, first } of answers) if (first) winners.set(k, (winners.get(k) ?? 0) + 1);
    expect(winners.size).toBe(keys.length);
    expect([...winners.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('seen keys in memory', () => {
  it('works per process', async () => {
    const clock = new ManualClock('2026-11-02T09:00:00Z');
    const seen = createMemorySeenStore(clock);
    expect(await seen.firstTime('k', 1000)).toBe(true);
    expect(await seen.firstTime('k', 1000)).toBe(false);
    clock.advance(1001);
    expect(await seen.firstTime('k', 1000)).toBe(true);
  });
});
