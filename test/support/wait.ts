/**
 * Waiting for a state, never for a time. `eventually` polls until a condition holds or a
 * deadline passes (then it fails, naming what it waited for); `quietly` then watches for a
 * short period that the state stays as it is, and fails at the first change: a late
 * duplicate message fails the test instead of arriving after the assertion.
 */

export interface WaitOptions {
  /** How long to wait at most (default 10 s: far above the normal case, only a hang reaches it). */
  timeoutMs?: number;
  /** Time between two polls (default 20 ms). */
  intervalMs?: number;
}

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it is true; rejects after the deadline with `what` in the message. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  options: WaitOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const interval = options.intervalMs ?? 20;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${options.timeoutMs ?? 10_000} ms waiting for ${what}`);
    await tick(interval);
  }
}

export interface QuietOptions {
  /** How long nothing may change (default 500 ms). */
  quietMs?: number;
  /** Time between two checks (default 20 ms). */
  intervalMs?: number;
}

/**
 * Checks `stillTrue` again and again for the quiet period; rejects at the first check that
 * fails (something more arrived), so the caller's assertion can never run before a late
 * arrival that should not have happened.
 */
export async function quietly(
  stillTrue: () => boolean,
  what: string,
  options: QuietOptions = {},
): Promise<void> {
  const quietMs = options.quietMs ?? 500;
  const interval = options.intervalMs ?? 20;
  const until = Date.now() + quietMs;
  for (;;) {
    if (!stillTrue()) throw new Error(`not quiet: ${what} changed within ${quietMs} ms`);
    if (Date.now() >= until) return;
    await tick(interval);
  }
}

/** `eventually(condition)`, then `quietly(condition)`: the state is reached, and stays. */
export async function settles(
  condition: () => boolean,
  what: string,
  options: WaitOptions & QuietOptions = {},
): Promise<void> {
  await eventually(condition, what, options);
  await quietly(condition, what, options);
}
