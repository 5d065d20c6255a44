/**
 * Counts the Slack deliveries being handled (acknowledged, reply not yet sent), so that a
 * shutdown can wait for them: no acknowledged request loses its reply.
 */
export class InFlight {
  #count = 0;
  #idle: (() => void)[] = [];

  /** Marks one delivery started; call the returned function once it is done. */
  enter(): () => void {
    this.#count++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#count--;
      if (this.#count === 0) for (const wake of this.#idle.splice(0)) wake();
    };
  }

  get count(): number {
    return this.#count;
  }

  /** Resolves true once nothing is in flight, false if `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#idle = this.#idle.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#idle.push(wake);
    });
  }
}
