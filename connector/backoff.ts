/**
 * Jittered exponential back-off (PROTOCOL.md): 1 s doubling to 60 s, each delay moved by up to ±30 % at
 * random so that many connectors cut off by one server restart do not all come back in the same second.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0.3 = ±30 %. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 60_000, jitter: 0.3 };

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** The next delay; `atLeastMs` (a server's Retry-After) raises it. */
  next(atLeastMs = 0): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    const factor = 1 + this.options.jitter * (2 * this.random() - 1);
    return Math.max(Math.round(base * factor), atLeastMs);
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Waits `ms`, or less when `signal` fires; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
