/**
 * Shares one in-flight promise among callers with the same key and forgets it once it settles: sharing,
 * not caching, so every lookup after that asks again. A rejection is shared the same way.
 */
export interface SingleFlight<T> {
  run(input: { key: string; start: () => Promise<T> }): Promise<T>;
  /** Lookups currently in flight (for tests and diagnostics). */
  readonly size: number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run({ key, start }) {
      const running = inFlight.get(key);
      if (running) return running;
      const promise = start().finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
    get size() {
      return inFlight.size;
    },
  };
}
