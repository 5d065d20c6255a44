import { describe, expect, it } from 'vitest';
import { afterAcks } from '../../src/slack/turns.ts';

describe('work that waits behind acknowledgements (src/slack/turns.ts)', () => {
  it('lets its callers go on one at a time (each in a macrotask of its own), in the order they asked', async () => {
    const resumed: number[] = [];
    let secondWhileFirstRan = false;
    const first = afterAcks().then(async () => {
      resumed.push(1);
      // The whole microtask queue drains here; the second caller must still be waiting.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      secondWhileFirstRan = resumed.includes(2);
    });
    const others = [2, 3, 4].map((n) => afterAcks().then(() => resumed.push(n)));
    await Promise.all([first, ...others]);
    expect(secondWhileFirstRan).toBe(false);
    expect(resumed).toEqual([1, 2, 3, 4]);
  });

  it('resolves callers that come later, after the queue ran dry', async () => {
    await afterAcks();
    await expect(afterAcks().then(() => 'went on')).resolves.toBe('went on');
  });
});
