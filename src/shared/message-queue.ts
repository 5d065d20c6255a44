/**
 * Messages from another thread kept in order until asked for (a worker's port delivers them as
 * events; its reader takes them one at a time, awaiting the next). After stop() it keeps none.
 */
export class MessageQueue<T> {
  readonly #queue: T[] = [];
  #wake: (() => void) | null = null;
  stopped = false;

  push(message: T): void {
    if (this.stopped) return;
    this.#queue.push(message);
    this.#wake?.();
  }

  async next(): Promise<T> {
    for (;;) {
      const message = this.#queue.shift();
      if (message !== undefined) return message;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = null;
    }
  }

  stop(): void {
    this.stopped = true;
    this.#queue.length = 0;
  }
}
