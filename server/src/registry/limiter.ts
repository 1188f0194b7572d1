/** At most `limit` tasks at once per key (a host), the rest wait in order. */
export class KeyedLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  async acquire(key: string): Promise<() => void> {
    const running = this.active.get(key) ?? 0;
    if (running >= this.limit) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(key) ?? [];
        queue.push(resolve);
        this.waiting.set(key, queue);
      });
    } else {
      this.active.set(key, running + 1);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.get(key)?.shift();
      // The slot passes straight to the next waiter, so the count stays as it is.
      if (next) next();
      else this.active.set(key, (this.active.get(key) ?? 1) - 1);
    };
  }
}

/** Many callers asking for one key while it is under way share one promise. */
export class InFlight {
  private readonly pending = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) return existing as Promise<T>;
    const promise = work().finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }
}
