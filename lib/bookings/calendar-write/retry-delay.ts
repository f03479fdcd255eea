/** Pauses after the 1st, 2nd, … failed attempt; the last one repeats. */
const STEPS_MS = [10_000, 30_000, 120_000, 300_000, 900_000, 1_800_000, 3_600_000];

/** After this many attempts a calendar write that still fails is given up and shown to the host. */
export const MAX_CALENDAR_WRITE_ATTEMPTS = 8;

/**
 * How long to wait before the next attempt: the back-off step for `attempts` so far, ±20% jitter so
 * writes that failed together (Exchange down for everyone) do not come back together, and never less
 * than the pause Exchange asked for (ErrorServerBusy's BackOffMilliseconds).
 */
export function nextWriteDelayMs(input: { attempts: number; serverBackOffMs?: number; random?: () => number }): number {
  const step = STEPS_MS[Math.min(Math.max(input.attempts, 1), STEPS_MS.length) - 1] ?? 10_000;
  const jittered = Math.round(step * (0.8 + 0.4 * (input.random ?? Math.random)()));
  return Math.max(jittered, input.serverBackOffMs ?? 0);
}
