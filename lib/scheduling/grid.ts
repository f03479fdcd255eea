import type { IntervalSet, TimeInterval } from "./intervals";

/**
 * Slot starts on each window's grid (window start + k × interval, ending by the window's end) that lie in
 * [earliestStart, latestStart) and overlap nothing in `blocked`. One pass: the windows and the blocked
 * set are both sorted, so a single pointer moves forward through `blocked`, and a blocked stretch moves
 * the grid straight past its end. Cost: windows + blocked intervals + slots, never their product.
 */
export function freeSlotStarts(input: {
  windows: readonly TimeInterval[];
  blocked: IntervalSet;
  lengthMs: number;
  intervalMs: number;
  earliestStart: number;
  latestStart: number;
}): number[] {
  const { blocked, lengthMs, intervalMs, earliestStart, latestStart } = input;
  const { starts, ends } = blocked;
  const out: number[] = [];
  let p = 0;
  for (const window of input.windows) {
    if (window.start >= latestStart) break;
    const lastStart = window.end - lengthMs;
    // Grid indexes count from the window's start; ceil, so that a bound on the grid is itself a start.
    let k = Math.max(0, Math.ceil((earliestStart - window.start) / intervalMs));
    let start = window.start + k * intervalMs;
    while (start <= lastStart && start < latestStart) {
      while (p < starts.length && (ends[p] as number) <= start) p++;
      if (p < starts.length && (starts[p] as number) < start + lengthMs) {
        k = Math.ceil(((ends[p] as number) - window.start) / intervalMs);
      } else {
        out.push(start);
        k++;
      }
      start = window.start + k * intervalMs;
    }
  }
  return out;
}
